import { ActiveFault, FaultRule, matchFault, parseFaultRule } from "../../emulator/faults";

function active(rule: FaultRule, id: string, fired = 0): ActiveFault {
  return { ...rule, id, times: rule.times ?? 1, fired };
}

describe("matchFault", () => {
  const throttleAll = active({ operation: "*", effect: { kind: "throttle" } }, "all");
  const resetWeb = active(
    { operation: "refresh-application-secret", appId: "web", effect: { kind: "reset" } },
    "web",
  );

  it("matches a rule for the operation and app", () => {
    expect(matchFault([resetWeb], "refresh-application-secret", "web")?.id).toBe("web");
  });

  it("does not match another operation or another app", () => {
    expect(matchFault([resetWeb], "get-application-secret", "web")).toBeUndefined();
    expect(matchFault([resetWeb], "refresh-application-secret", "api")).toBeUndefined();
    expect(matchFault([resetWeb], "refresh-application-secret", undefined)).toBeUndefined();
  });

  it("matches every operation with *, with or without an app", () => {
    expect(matchFault([throttleAll], "list-applications", undefined)?.id).toBe("all");
    expect(matchFault([throttleAll], "get-management-token", undefined)?.id).toBe("all");
  });

  it("picks the first live rule in the order rules were added", () => {
    expect(matchFault([resetWeb, throttleAll], "refresh-application-secret", "web")?.id).toBe("web");
    expect(matchFault([throttleAll, resetWeb], "refresh-application-secret", "web")?.id).toBe("all");
  });

  it("skips a rule whose times are used up", () => {
    const spent = active({ operation: "*", effect: { kind: "reset" }, times: 2 }, "spent", 2);
    expect(matchFault([spent, throttleAll], "get-application", undefined)?.id).toBe("all");
  });

  it("never matches expire-token to get-management-token, which presents no token", () => {
    const expire = active({ operation: "*", effect: { kind: "expire-token" } }, "expire");
    expect(matchFault([expire], "get-management-token", undefined)).toBeUndefined();
    expect(matchFault([expire], "get-application", undefined)?.id).toBe("expire");
  });
});

describe("parseFaultRule", () => {
  it("takes process-late with its delay, and refuses it without one", () => {
    expect(
      parseFaultRule({ operation: "refresh-application-secret", effect: { kind: "process-late", ms: 3000 } }),
    ).toEqual({
      operation: "refresh-application-secret",
      effect: { kind: "process-late", ms: 3000 },
      times: 1,
    });
    expect(() => parseFaultRule({ operation: "*", effect: { kind: "process-late" } })).toThrow(
      "fault rule effect.ms",
    );
  });

  it("defaults times to 1 and keeps the optional fields given", () => {
    expect(parseFaultRule({ operation: "*", effect: { kind: "throttle" }, retryAfterSeconds: 2 })).toEqual({
      operation: "*",
      effect: { kind: "throttle" },
      times: 1,
      retryAfterSeconds: 2,
    });
  });

  it("builds each effect from its own fields only, dropping any other", () => {
    expect(
      parseFaultRule({
        operation: "refresh-application-secret",
        effect: { kind: "redirect", status: 303, location: "/elsewhere", afterProcessing: true, extra: 1 },
      }).effect,
    ).toEqual({ kind: "redirect", status: 303, location: "/elsewhere", afterProcessing: true });
    expect(parseFaultRule({ operation: "*", effect: { kind: "reset", status: 500 } }).effect).toEqual({
      kind: "reset",
    });
    expect(
      parseFaultRule({
        operation: "*",
        effect: { kind: "status", statusCode: 503, apiCode: 7, message: "m" },
      }).effect,
    ).toEqual({ kind: "status", statusCode: 503, apiCode: 7, message: "m" });
  });

  it.each([
    [{ operation: "refresh-secret", effect: { kind: "reset" } }, 'operation must be "*" or one of'],
    [
      { operation: "*", effect: { kind: "redirect", status: 304 } },
      "effect.status must be one of 301, 302, 303, 307, 308",
    ],
    [
      { operation: "*", effect: { kind: "redirect", status: 307, location: 5 } },
      "effect.location must be a non-empty string",
    ],
    [
      { operation: "*", effect: { kind: "redirect", status: 303, afterProcessing: "yes" } },
      "effect.afterProcessing must be true or false",
    ],
    [
      { operation: "*", effect: { kind: "throttle", message: 42 } },
      "effect.message must be a non-empty string",
    ],
    [
      { operation: "*", effect: { kind: "status", statusCode: 503, apiCode: "x" } },
      "effect.apiCode must be an integer",
    ],
    [{ operation: "*", effect: { kind: "explode" } }, "effect.kind must be one of"],
    [{ operation: "*" }, "effect must be an object"],
    [
      { operation: "*", effect: { kind: "http", status: 200 } },
      "effect.status must be an integer from 400 to 599",
    ],
    [{ operation: "*", effect: { kind: "status" } }, "effect.statusCode must be an integer from 300 to 599"],
    [{ operation: "*", effect: { kind: "hang", ms: -1 } }, "effect.ms must be a number"],
    [{ operation: "*", effect: { kind: "reset" }, times: 0 }, "times must be an integer of at least 1"],
    [{ operation: "*", effect: { kind: "reset" }, appId: "" }, "appId must be a non-empty string"],
    [
      { operation: "*", effect: { kind: "reset" }, retryAfterSeconds: "1" },
      "retryAfterSeconds must be a number",
    ],
  ])("refuses %j and names the field", (rule, message) => {
    expect(() => parseFaultRule(rule)).toThrow(message);
  });
});
