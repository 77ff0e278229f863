import { renewalMarginMs, userPoolIdFromJwt } from "../../../provider/client/tokenCache";
import {
  apiFailure,
  certificateFailure,
  Failure,
  GenAuthError,
  networkFailure,
  Operation,
  redact,
  redirectFailure,
  unusableAnswer,
} from "../../../provider/client/errors";
import {
  classifyFailure,
  decideRetry,
  hasBudgetLeft,
  mayHaveRotated,
  parseRetryAfter,
  DEFAULT_RETRY_POLICY,
} from "../../../provider/client/retry";

/** The fields a caller reads off a GenAuthError; `error` builds one with the constructor of their kind. */
interface Fields {
  operation?: Operation;
  appId?: string;
  message?: string;
  requestId?: string;
  httpStatus?: number;
  statusCode?: number;
  apiCode?: number;
  networkCode?: string;
  retryAfterMs?: number;
  answerProblem?: string;
  certificateProblem?: string;
  redirectMayHaveRun?: boolean;
}

function failureOf({ message = "m", ...f }: Fields): Failure {
  if (f.certificateProblem !== undefined) {
    return certificateFailure(f.networkCode ?? "", f.certificateProblem, "genauth.test", "the TLS settings");
  }
  if (f.redirectMayHaveRun !== undefined)
    return redirectFailure(f.httpStatus ?? 302, message, f.redirectMayHaveRun);
  const { httpStatus, statusCode, apiCode, requestId, retryAfterMs } = f;
  if (f.answerProblem !== undefined)
    return unusableAnswer(f.answerProblem, { httpStatus, statusCode, requestId });
  if (f.networkCode !== undefined) return networkFailure(f.networkCode, message);
  const status = httpStatus ?? 200;
  return apiFailure({
    httpStatus: status,
    statusCode: statusCode ?? status,
    apiCode,
    requestId,
    retryAfterMs,
    message,
  });
}

const error = ({ operation = "refresh-application-secret", appId, ...fields }: Fields) =>
  new GenAuthError({ operation, appId }, failureOf(fields));

describe("classifyFailure", () => {
  it.each([
    [{ httpStatus: 429 }, "retry"],
    [{ httpStatus: 200, statusCode: 429 }, "retry"],
    [{ networkCode: "ECONNREFUSED" }, "retry"],
    [{ networkCode: "ECONNRESET" }, "ambiguous"],
    [{ networkCode: "ETIMEDOUT" }, "ambiguous"],
    [{ httpStatus: 502 }, "ambiguous"],
    [{ httpStatus: 200, statusCode: 503 }, "ambiguous"],
    [{ httpStatus: 200, statusCode: 404, apiCode: 2011 }, "final"],
    [{ httpStatus: 200, statusCode: 400 }, "final"],
    [{ httpStatus: 200, statusCode: 401, apiCode: 2020 }, "retry"],
    [{ httpStatus: 401 }, "retry"],
    [{ operation: "get-management-token", httpStatus: 200, statusCode: 401, apiCode: 2020 }, "final"],
    [{ httpStatus: 200, statusCode: 200, answerProblem: "data.secret is null, not a string" }, "ambiguous"],
    [{ httpStatus: 404, answerProblem: "it is not a GenAuth envelope (empty body)" }, "ambiguous"],
    [{ answerProblem: "it is larger than the 1048576 bytes allowed" }, "ambiguous"],
    [{ httpStatus: 429, answerProblem: "it is not a GenAuth envelope (empty body)" }, "retry"],
    [{ httpStatus: 401, answerProblem: "it is not a GenAuth envelope (empty body)" }, "retry"],
    [
      { networkCode: "DEPTH_ZERO_SELF_SIGNED_CERT", certificateProblem: "the certificate is self-signed" },
      "final",
    ],
    [{ httpStatus: 307, redirectMayHaveRun: false }, "final"],
    [{ httpStatus: 303, redirectMayHaveRun: true }, "ambiguous"],
  ] as const)("classifies %j as %s", (fields, kind) => {
    expect(classifyFailure(error(fields))).toBe(kind);
  });
  it("treats anything that is not a GenAuthError as final", () => {
    expect(classifyFailure(new Error("bug"))).toBe("final");
  });
});

describe("mayHaveRotated", () => {
  it.each([
    [{ networkCode: "ECONNRESET" }, true],
    [{ networkCode: "ETIMEDOUT" }, true],
    [{ httpStatus: 502 }, true],
    [{ httpStatus: 200, statusCode: 200, answerProblem: "data.secret is 0 characters long" }, true],
    [{ networkCode: "ECONNREFUSED" }, false],
    [{ httpStatus: 429 }, false],
    [{ httpStatus: 200, statusCode: 404, apiCode: 2011 }, false],
  ] as const)("is %j → %s for a refresh", (fields, rotated) => {
    expect(mayHaveRotated(error(fields))).toBe(rotated);
  });

  it("is false for a failure to get the token a refresh needed, and for other operations", () => {
    expect(mayHaveRotated(error({ operation: "get-management-token", httpStatus: 503 }))).toBe(false);
    expect(mayHaveRotated(error({ operation: "get-application-secret", networkCode: "ECONNRESET" }))).toBe(
      false,
    );
  });

  it("is false for anything that is not a GenAuthError", () => {
    expect(mayHaveRotated(new TypeError("x"))).toBe(false);
    expect(mayHaveRotated(undefined)).toBe(false);
  });
});

describe("retry budget", () => {
  it("stops at the attempt count and at the time budget", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, budgetMs: 1000 };
    expect(hasBudgetLeft(policy, 2, 10)).toBe(true);
    expect(hasBudgetLeft(policy, 3, 10)).toBe(false);
    expect(hasBudgetLeft(policy, 1, 1000)).toBe(false);
  });

  it("lets a throttled call retry past maxAttempts, but not past the time budget", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, budgetMs: 1000 };
    expect(hasBudgetLeft(policy, 3, 10, true)).toBe(true);
    expect(hasBudgetLeft(policy, 30, 999, true)).toBe(true);
    expect(hasBudgetLeft(policy, 1, 1000, true)).toBe(false);
  });
});

describe("decideRetry", () => {
  const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 10_000 };
  const failed = (
    fields: Parameters<typeof error>[0],
    attempts = 1,
    throttledAttempts = 0,
    elapsedMs = 0,
  ) => ({
    error: error(fields),
    attempts,
    throttledAttempts,
    elapsedMs,
  });

  it("stops at a final failure", () => {
    expect(decideRetry(policy, failed({ statusCode: 400 }), 0.5)).toEqual({ retry: false });
  });

  it("doubles the delay ceiling per counted retry, with full jitter, capped", () => {
    const delays = [1, 2, 3].map((n) => decideRetry(policy, failed({ httpStatus: 502 }, n - 0), 0.5));
    expect(delays).toEqual([{ retry: true, delayMs: 50 }, { retry: true, delayMs: 100 }, { retry: false }]);
    expect(decideRetry({ ...policy, maxAttempts: 10 }, failed({ httpStatus: 502 }, 8), 0.999)).toEqual({
      retry: true,
      delayMs: 999,
    });
    expect(decideRetry(policy, failed({ httpStatus: 502 }), 0)).toEqual({ retry: true, delayMs: 0 });
  });

  it("waits at least a Retry-After on other failures, capped to maxDelayMs", () => {
    expect(decideRetry(policy, failed({ httpStatus: 503, retryAfterMs: 700 }), 0.1)).toEqual({
      retry: true,
      delayMs: 700,
    });
    expect(decideRetry(policy, failed({ httpStatus: 503, retryAfterMs: 60_000 }), 0.1)).toEqual({
      retry: true,
      delayMs: 1000,
    });
  });

  it("retries a throttled call without a delay of its own (the pacer spaces it), past maxAttempts", () => {
    expect(decideRetry(policy, failed({ httpStatus: 429 }, 30, 29, 5_000), 0.9)).toEqual({
      retry: true,
      delayMs: 0,
    });
  });

  it("keeps throttled retries within the time budget", () => {
    expect(decideRetry(policy, failed({ httpStatus: 429 }, 30, 29, 10_000), 0.9)).toEqual({ retry: false });
  });

  it("counts only unthrottled attempts against maxAttempts", () => {
    expect(decideRetry(policy, failed({ httpStatus: 502 }, 12, 10), 0.5).retry).toBe(true);
    expect(decideRetry(policy, failed({ httpStatus: 502 }, 13, 10), 0.5).retry).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-26T00:00:00Z");
  it("reads seconds and HTTP dates, capped", () => {
    expect(parseRetryAfter("2", now, 60_000)).toBe(2000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 00:00:05 GMT", now, 60_000)).toBe(5000);
    expect(parseRetryAfter("3600", now, 20_000)).toBe(20_000);
  });
  it("ignores absent or unparseable values", () => {
    expect(parseRetryAfter(undefined, now, 1)).toBeUndefined();
    expect(parseRetryAfter("soon", now, 1)).toBeUndefined();
  });
});

describe("token helpers", () => {
  it("renews a minute early, or a quarter of a short lifetime early", () => {
    expect(renewalMarginMs(7_200_000)).toBe(60_000);
    expect(renewalMarginMs(120_000)).toBe(30_000);
  });
  it("reads scoped_userpool_id from a JWT and tolerates garbage", () => {
    const payload = Buffer.from(JSON.stringify({ scoped_userpool_id: "pool-1" })).toString("base64url");
    expect(userPoolIdFromJwt(`h.${payload}.s`)).toBe("pool-1");
    expect(userPoolIdFromJwt("not-a-jwt")).toBeUndefined();
    expect(userPoolIdFromJwt("a.!!!.c")).toBeUndefined();
    const evil = Buffer.from(JSON.stringify({ scoped_userpool_id: "p\r\nx: 1" })).toString("base64url");
    expect(userPoolIdFromJwt(`h.${evil}.s`)).toBeUndefined();
    expect(userPoolIdFromJwt("h.bnVsbA.s")).toBeUndefined(); // payload `null`
  });
});

describe("GenAuthError", () => {
  it("names the operation, app, codes, message and requestId", () => {
    const e = error({
      appId: "app-9",
      httpStatus: 200,
      statusCode: 404,
      apiCode: 2011,
      message: "application does not exist",
      requestId: "req-1",
    });
    expect(e.message).toBe(
      "GenAuth refresh-application-secret failed for app app-9: HTTP 200, statusCode 404, apiCode 2011: application does not exist (requestId req-1)",
    );
  });
  it("redacts given secrets from text", () => {
    expect(redact("token abcdef and abcdef", ["abcdef", undefined])).toBe("token [REDACTED] and [REDACTED]");
  });
});
