import { SERVER_TEXT_MAX_CHARS, serverText } from "../../../provider/client/serverText";

describe("serverText", () => {
  it("keeps ordinary text as it is", () => {
    expect(serverText("application does not exist")).toBe("application does not exist");
  });

  it("removes ANSI escapes, clear-screen and cursor movement included", () => {
    const text = serverText("\u001b[2J\u001b[H\u001b[31mred\u001b[0m \u001b]0;title\u0007done \u009b2Jx");
    expect(text).toBe("red done x");
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it("turns line breaks into spaces, so the text cannot forge lines of its own", () => {
    const text = serverText("failed\r\n\nResources:\n    + 1 created\n\nDuration: 1s");
    expect(text).toBe("failed Resources: + 1 created Duration: 1s");
    expect(text).not.toMatch(/[\r\n]/);
  });

  it("removes bidirectional overrides and Unicode line separators", () => {
    expect(serverText("a\u202eb\u2028c\u2066d")).toBe("a b c d");
  });

  it("cuts a 2 MB text to the bound, saying how much was cut", () => {
    const text = serverText("m".repeat(2 * 1024 * 1024));
    expect(text).toBe(
      `${"m".repeat(SERVER_TEXT_MAX_CHARS)}… [${2 * 1024 * 1024 - SERVER_TEXT_MAX_CHARS} more characters cut]`,
    );
  });

  it("does not cut a surrogate pair in half", () => {
    const text = serverText(`${"x".repeat(SERVER_TEXT_MAX_CHARS - 1)}😀tail`);
    expect(text.startsWith(`${"x".repeat(SERVER_TEXT_MAX_CHARS - 1)}…`)).toBe(true);
  });

  it("renders values that are not strings without throwing", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(serverText(42)).toBe("42");
    expect(serverText({ zh: "错误", en: "error" })).toBe('{"zh":"错误","en":"error"}');
    expect(serverText(["a", 1])).toBe('["a",1]');
    expect(serverText(null)).toBe("null");
    expect(serverText(undefined)).toBe("");
    expect(serverText(circular)).toBe("[object Object]");
    expect(serverText(10n)).toBe("10");
  });

  it("removes the given secrets before cutting", () => {
    expect(serverText("token eyJhbGciOi.x.y echoed", ["eyJhbGciOi.x.y"])).toBe("token [REDACTED] echoed");
  });
});
