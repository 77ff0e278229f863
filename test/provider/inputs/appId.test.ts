import { APP_ID_PATTERN, appIdProblem, MAX_APP_ID_LENGTH } from "../../../provider/inputs/appId";

describe("appIdProblem", () => {
  it.each(["6229ffaa0000000000000001", "a", "A-z_0", "f".repeat(MAX_APP_ID_LENGTH)])(
    "accepts %s",
    (appId) => {
      expect(appIdProblem(appId)).toBeUndefined();
    },
  );

  it("bounds the length at 64 and the characters at letters, digits, '-' and '_'", () => {
    expect(MAX_APP_ID_LENGTH).toBe(64);
    expect(APP_ID_PATTERN.test("6229ffaa-_Z")).toBe(true);
    expect(appIdProblem("f".repeat(65))).toMatch(/^is 65 characters long, more than the 64 accepted/);
  });

  it.each([
    ["a line break", "ab\ncd", '"\\n"'],
    ["a carriage return", "ab\rcd", '"\\r"'],
    ["an ANSI escape", "\u001b[31mred", '"\\u001b"'],
    ["DEL", "ab\u007f", '"\\u007f"'],
    ["a C1 control", "ab\u009b", '"\\u009b"'],
    ["a zero-width space", "ab\u200bcd", '"\\u200b"'],
    ["a query separator", "ab&appId=cd", '"&"'],
    ["a space inside", "ab cd", '" "'],
    ["a non-ASCII letter", "abé", '"é"'],
  ])("refuses %s, naming the character escaped", (_label, appId, shown) => {
    const problem = appIdProblem(appId) ?? "";
    expect(problem).toContain(`contains ${shown}, which no GenAuth application ID holds`);
    expect([...problem].filter((c) => c < " " || (c >= "\u007f" && c <= "\u009f") || c === "\u200b")).toEqual(
      [],
    );
  });

  it("never shows a long value, whatever it holds", () => {
    const appId = `${"a".repeat(50)}\u001b[2J`;
    expect(appIdProblem(appId)).toMatch(/^a string of 54 characters contains "\\u001b"/);
  });
});
