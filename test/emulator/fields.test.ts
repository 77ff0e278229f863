import {
  fields,
  FieldError,
  flag,
  integer,
  list,
  number,
  oneOf,
  optional,
  text,
} from "../../emulator/fields";

describe("fields", () => {
  it("returns a value that passes its check", () => {
    expect(fields({ a: 1 }, "x")).toEqual({ a: 1 });
    expect(list([1], "x")).toEqual([1]);
    expect(text("t", "x")).toBe("t");
    expect(integer(3, "x", 1, 3)).toBe(3);
    expect(integer(-7, "x")).toBe(-7);
    expect(number(0.5, "x", 0)).toBe(0.5);
    expect(flag(false, "x")).toBe(false);
    expect(oneOf(2, "x", [1, 2])).toBe(2);
    expect(optional(undefined, "x", text)).toBeUndefined();
    expect(optional("t", "x", text)).toBe("t");
  });

  it.each([
    [() => fields([], "body"), "body must be an object; got []"],
    [() => list({}, "seed.userPools"), "seed.userPools must be an array; got {}"],
    [() => text("", "app.appId"), 'app.appId must be a non-empty string; got ""'],
    [() => integer(1.5, "seconds", 1), "seconds must be an integer of at least 1; got 1.5"],
    [
      () => integer(600, "effect.status", 400, 599),
      "effect.status must be an integer from 400 to 599; got 600",
    ],
    [() => integer("7", "effect.apiCode"), 'effect.apiCode must be an integer; got "7"'],
    [() => number(-1, "effect.ms", 0), "effect.ms must be a number of at least 0; got -1"],
    [() => flag("yes", "retryAfter"), 'retryAfter must be true or false; got "yes"'],
    [() => oneOf(304, "effect.status", [301, 302]), "effect.status must be one of 301, 302; got 304"],
    [() => optional(null, "appType", text), "appType must be a non-empty string; got null"],
    [() => text(undefined, "appId"), "appId must be a non-empty string; got nothing"],
  ])("refuses a bad value with a FieldError naming the field: %#", (check, message) => {
    expect(check).toThrow(FieldError);
    expect(check).toThrow(message);
  });

  it("keeps the field on the error", () => {
    expect(() => text(1, "app.userPoolId")).toThrow(expect.objectContaining({ field: "app.userPoolId" }));
  });
});
