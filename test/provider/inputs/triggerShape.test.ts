import { canonicalJson } from "../../../provider/core/lifecycle/canonicalJson";
import {
  checkTrigger,
  isTriggerProblem,
  MAX_TRIGGER_BYTES,
  MAX_TRIGGER_DEPTH,
} from "../../../provider/inputs/triggerShape";

/** A value `depth` containers deep, alternating arrays and objects (built without recursion). */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { v: value };
  return value;
}

describe("checkTrigger", () => {
  it.each<[string, unknown, number]>([
    ["a string", "2026-11", 0],
    ["null", null, 0],
    ["an empty object", {}, 1],
    ["an array in an object", { a: [1] }, 2],
    ["32 levels", nested(32), 32],
  ])("measures the depth of %s", (_label, value, depth) => {
    expect(checkTrigger(value, "t")).toMatchObject({ depth });
  });

  it.each<[string, unknown]>([
    ["scalars", [1, -0, 2.5e-7, 1e21, true, false, null, "x"]],
    ["escapes and non-ASCII", { "k\n": 'a"b\\c\u0001', 日本: "語😀", lone: "\ud800" }],
    ["nested arrays and objects", { b: [[], {}, [{ c: [null] }]], a: { z: 1, y: [2, 3] } }],
    ["a key left undefined", { a: 1, b: undefined }],
  ])("measures the size of %s as the UTF-8 length of its canonical JSON", (_label, value) => {
    expect(checkTrigger(value, "t")).toMatchObject({
      bytes: Buffer.byteLength(canonicalJson(value), "utf8"),
    });
  });

  it("refuses nesting past MAX_TRIGGER_DEPTH, giving the actual depth", () => {
    expect(MAX_TRIGGER_DEPTH).toBe(32);
    expect(checkTrigger(nested(33), "t")).toEqual({
      path: "t",
      problem: expect.stringMatching(
        /^is nested 33 levels deep, more than the 32 accepted; use a short value/,
      ),
    });
  });

  it("walks 100,000 levels without overflowing the stack, giving the depth", () => {
    const result = checkTrigger(nested(100_000), "t");
    expect(isTriggerProblem(result) && result.problem).toMatch(/^is nested 100000 levels deep/);
  });

  it("stops measuring a million levels at a bounded size, saying 'at least'", () => {
    const result = checkTrigger(nested(1_000_000), "t");
    expect(isTriggerProblem(result) && result.problem).toMatch(/^is nested at least \d+ levels deep/);
  });

  it("accepts exactly MAX_TRIGGER_BYTES and refuses one byte more, giving the size", () => {
    expect(MAX_TRIGGER_BYTES).toBe(16_384);
    expect(checkTrigger("x".repeat(MAX_TRIGGER_BYTES - 2), "t")).toEqual({ depth: 0, bytes: 16_384 });
    expect(checkTrigger("x".repeat(MAX_TRIGGER_BYTES - 1), "t")).toEqual({
      path: "t",
      problem: expect.stringMatching(
        /^is 16385 bytes long as canonical JSON, more than the 16384 \(16 KiB\)/,
      ),
    });
  });

  it("stops measuring a value that shares one object exponentially often, saying 'more than'", () => {
    let value: unknown = "x".repeat(100);
    for (let i = 0; i < 30; i++) value = [value, value]; // 2^30 strings as JSON
    const result = checkTrigger(value, "t");
    expect(isTriggerProblem(result) && result.problem).toMatch(
      /^is more than \d+ bytes long as canonical JSON/,
    );
  });

  it("names the path of the first value that is not JSON", () => {
    expect(checkTrigger({ a: [1, { b: Symbol("s") }], c: () => 1 }, "rotationTrigger")).toEqual({
      path: "rotationTrigger.a[1].b",
      problem: expect.stringMatching(/^is a symbol; rotationTrigger must be a JSON value/),
    });
  });

  it("refuses a cycle but accepts an object shared without one", () => {
    const shared = { x: 1 };
    expect(isTriggerProblem(checkTrigger({ a: shared, b: [shared] }, "t"))).toBe(false);
    const cyclic: Record<string, unknown> = { a: [] };
    (cyclic.a as unknown[]).push(cyclic);
    expect(checkTrigger(cyclic, "t")).toMatchObject({ path: "t.a[0]", problem: /refers back to itself/ });
  });

  it("counts a hole in an array as null, as JSON does", () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(checkTrigger([1, , 3], "t")).toEqual({ depth: 1, bytes: "[1,null,3]".length });
  });
});
