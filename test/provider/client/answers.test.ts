import {
  AnswerProblem,
  readSecret,
  readTokenGrant,
  SECRET_MAX_LENGTH,
  SECRET_MIN_LENGTH,
  secretProblem,
} from "../../../provider/client/answers";

describe("secretProblem", () => {
  it("accepts printable ASCII secrets from the minimum to the maximum length", () => {
    expect(secretProblem("0123456789abcdef0123456789abcdef")).toBeUndefined();
    expect(secretProblem("x".repeat(SECRET_MIN_LENGTH))).toBeUndefined();
    expect(secretProblem("~".repeat(SECRET_MAX_LENGTH))).toBeUndefined();
  });

  it.each([
    ["an empty string", "", "is 0 characters long, outside 8..1024"],
    ["a string one short of the minimum", "x".repeat(SECRET_MIN_LENGTH - 1), "is 7 characters long"],
    ["100 KB", "s".repeat(100 * 1024), "is 102400 characters long, outside 8..1024"],
    ["whitespace", "        \t ", "contains whitespace, control or non-ASCII characters"],
    ["a secret with a space inside", "abcd efgh", "contains whitespace"],
    ["a secret with a line break", "abcdefgh\n", "contains whitespace"],
    ["an ANSI escape", "\u001b[2Jabcdefgh", "control"],
    ["non-ASCII", "pässwörter", "non-ASCII"],
    ["a number", 12345678, "is a number, not a string"],
    ["null", null, "is null, not a string"],
    ["an object", { secret: "abcdefgh" }, "is a object, not a string"],
    ["an array", ["abcdefgh"], "is an array, not a string"],
    ["missing", undefined, "is missing, not a string"],
  ])("rejects %s, saying why", (_name, value, problem) => {
    expect(secretProblem(value)).toContain(problem);
  });

  it("never quotes the value it rejects", () => {
    for (const value of ["short", "with space inside-123", "a".repeat(2000)]) {
      expect(secretProblem(value)).not.toContain(value.slice(0, 5));
    }
  });
});

describe("answer readers", () => {
  const problemOf = (read: () => unknown) => {
    try {
      read();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it("reads a secret and nothing else from data", () => {
    expect(readSecret({ secret: "0123456789abcdef", other: 1 })).toEqual({ secret: "0123456789abcdef" });
  });

  it.each([
    [undefined, "data is missing, not an object"],
    [null, "data is null, not an object"],
    ["0123456789abcdef", "data is a string, not an object"],
    [[], "data is an array, not an object"],
    [{}, "data.secret is missing, not a string"],
    [{ secret: "" }, "data.secret is 0 characters long"],
  ])("refuses %j as a secret answer with an AnswerProblem", (data, message) => {
    const error = problemOf(() => readSecret(data));
    expect(error).toBeInstanceOf(AnswerProblem);
    expect((error as Error).message).toContain(message);
  });

  it("reads a token grant", () => {
    expect(readTokenGrant({ access_token: "a.b.c", expires_in: 7200 })).toEqual({
      access_token: "a.b.c",
      expires_in: 7200,
    });
  });

  it.each([
    [{ access_token: 42, expires_in: 7200 }, "data.access_token is a number, not a string"],
    [{ access_token: "", expires_in: 7200 }, "data.access_token is 0 characters long"],
    [{ access_token: "a.b\r\nx-injected: 1", expires_in: 7200 }, "data.access_token contains whitespace"],
    [{ access_token: "a.b.c" }, "data.expires_in is missing, not a positive number of seconds"],
    [{ access_token: "a.b.c", expires_in: "7200" }, "data.expires_in is a string"],
    [{ access_token: "a.b.c", expires_in: 0 }, "data.expires_in is a number, not a positive number"],
    [{ access_token: "a.b.c", expires_in: -5 }, "not a positive number"],
    [undefined, "data is missing"],
  ])("refuses the token grant %j", (data, message) => {
    const error = problemOf(() => readTokenGrant(data));
    expect(error).toBeInstanceOf(AnswerProblem);
    expect((error as Error).message).toContain(message);
  });
});
