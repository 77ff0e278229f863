import { assertJsonValue, jsonTrigger } from "../../../provider/program/jsonInput";
import { JsonValue } from "../../../provider/inputs/types";

describe("assertJsonValue", () => {
  it("accepts JSON values", () => {
    expect(() => assertJsonValue({ a: [1, "x", null, true, { b: 2.5 }] }, "rotationTrigger")).not.toThrow();
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each([
    [() => 1, /rotationTrigger is a function/],
    [BigInt(1), /is a BigInt/],
    [{ a: [0, Symbol("s")] }, /rotationTrigger\.a\[1\] is a symbol/],
    [cyclic, /rotationTrigger\.self refers back to itself/],
    [NaN, /JSON cannot represent/],
    [new Date(0), /is a Date object/],
  ])("refuses %p, naming the path and the fix", (value, message) => {
    expect(() => assertJsonValue(value, "rotationTrigger")).toThrow(message);
    expect(() => assertJsonValue(value, "rotationTrigger")).toThrow(/must be a JSON value/);
  });

  it("accepts the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(() => assertJsonValue({ a: shared, b: shared }, "t")).not.toThrow();
  });
});

describe("assertJsonValue's bounds", () => {
  /** 1,500 levels of arrays: what overflowed the stack of the recursive check. */
  const deep = () => {
    let value: unknown = "x";
    for (let i = 0; i < 1_500; i++) value = [value];
    return value;
  };

  it("refuses a trigger nested 1,500 deep with the bound, not a RangeError", () => {
    expect(() => assertJsonValue(deep(), "rotationTrigger")).toThrow(
      /^rotationTrigger is nested 1500 levels deep, more than the 32 accepted; use a short value/,
    );
  });

  it("refuses a 5 MB trigger, giving its size and the bound", () => {
    expect(() => assertJsonValue("x".repeat(5_000_000), "rotationTrigger")).toThrow(
      /^rotationTrigger is 5000002 bytes long as canonical JSON, more than the 16384 \(16 KiB\) accepted/,
    );
  });
});

describe("jsonTrigger", () => {
  it("refuses a deep plain trigger at once, looking for Outputs without recursion", () => {
    let value: unknown = "x";
    for (let i = 0; i < 100_000; i++) value = { v: value };
    expect(() => jsonTrigger(value as JsonValue)).toThrow(/is nested 100000 levels deep/);
  });
});
