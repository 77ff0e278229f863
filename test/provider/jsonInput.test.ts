import { assertJsonValue } from "../../provider/jsonInput";

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
