import { describe as describeValue, kind, MAX_QUOTED_LENGTH, quote } from "../../../provider/inputs/describe";

describe("quote", () => {
  it("escapes every control and invisible formatting character", () => {
    const text = "a\n\t\u001b[2J\u007f\u0085\u2028\u202e\u2066\ufeffz";
    expect(quote(text)).toBe('"a\\n\\t\\u001b[2J\\u007f\\u0085\\u2028\\u202e\\u2066\\ufeffz"');
  });

  it("leaves printable text as JSON.stringify gives it", () => {
    expect(quote('P1M "x" 日本')).toBe(JSON.stringify('P1M "x" 日本'));
  });
});

describe("describe", () => {
  it("quotes strings up to MAX_QUOTED_LENGTH and gives only the length of longer ones", () => {
    expect(describeValue("x".repeat(MAX_QUOTED_LENGTH))).toBe(`"${"x".repeat(MAX_QUOTED_LENGTH)}"`);
    expect(describeValue("x".repeat(MAX_QUOTED_LENGTH + 1))).toBe("a string of 41 characters");
  });

  it("gives the kind of anything else, never its value", () => {
    expect([null, undefined, 1, true, [], {}].map(kind)).toEqual([
      "null",
      "undefined",
      "a number",
      "a boolean",
      "an array",
      "an object",
    ]);
  });
});

describe("describe with options", () => {
  it("bounds and names long values by maxLength and noun, as settings are shown", () => {
    expect(describeValue("yes", { maxLength: 8, noun: "value" })).toBe('"yes"');
    expect(describeValue("x".repeat(9), { maxLength: 8, noun: "value" })).toBe("a value of 9 characters");
  });

  it("shows plainly printable text bare and anything else as without the option", () => {
    expect(describeValue("6229ffaa00000000000000aa", { bare: true })).toBe("6229ffaa00000000000000aa");
    expect(describeValue("a b", { bare: true })).toBe('"a b"');
    expect(describeValue("x\n".repeat(30), { bare: true })).toBe("a string of 60 characters");
  });

  it("shows only the type when typeOnly, never a string or its length", () => {
    expect([undefined, null, "s3cr3t", 1, [], {}].map((v) => describeValue(v, { typeOnly: true }))).toEqual([
      "missing",
      "null",
      "a string",
      "a number",
      "an array",
      "a object",
    ]);
  });
});
