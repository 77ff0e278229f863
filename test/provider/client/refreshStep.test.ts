import { apiFailure, GenAuthError, networkFailure } from "../../../provider/client/errors";
import {
  afterFailedSend,
  afterReadBack,
  foundUnchanged,
  NotYetKnown,
  settleDelayMs,
} from "../../../provider/client/refreshStep";

const lost = new GenAuthError(
  { operation: "refresh-application-secret", appId: "a", attempts: 2 },
  networkFailure("ECONNRESET", "socket hang up"),
);
const throttled = new GenAuthError(
  { operation: "refresh-application-secret", appId: "a" },
  apiFailure({ httpStatus: 429, statusCode: 429, message: "slow down" }),
);
const tokenLost = new GenAuthError(
  { operation: "get-management-token", appId: "a" },
  apiFailure({ httpStatus: 503, statusCode: 503, message: "down" }),
);
const RETRY = { retry: true, delayMs: 7 } as const;
/** When the attempts below failed, on the client's clock. */
const AT = 1_000;
const STOP = { retry: false } as const;

describe("afterFailedSend (what a failed attempt of a refresh comes to)", () => {
  it("is not yet known when it may have rotated and a known secret can tell", () => {
    expect(afterFailedSend(lost, RETRY, "old", AT)).toEqual({
      kind: "not-yet-known",
      error: lost,
      knownSecret: "old",
      next: RETRY,
      failedAt: AT,
    });
    expect(afterFailedSend(lost, STOP, "old", AT)).toMatchObject({ kind: "not-yet-known", next: STOP });
  });

  it("is retryable when nothing rotated, or no known secret could tell (a create)", () => {
    expect(afterFailedSend(throttled, RETRY, "old", AT)).toEqual({ kind: "failed-retryable", next: RETRY });
    expect(afterFailedSend(lost, RETRY, undefined, AT)).toEqual({ kind: "failed-retryable", next: RETRY });
  });

  it("reads back a failed token request only while attempts remain", () => {
    expect(afterFailedSend(tokenLost, RETRY, "old", AT)).toMatchObject({ kind: "not-yet-known" });
    expect(afterFailedSend(tokenLost, STOP, "old", AT)).toEqual({ kind: "failed", error: tokenLost });
  });

  it("fails with the error once no attempt remains and nothing is to be read back", () => {
    expect(afterFailedSend(lost, STOP, undefined, AT)).toEqual({ kind: "failed", error: lost });
    const engineGone = new Error("not rotating");
    expect(afterFailedSend(engineGone, STOP, "old", AT)).toEqual({ kind: "failed", error: engineGone });
  });
});

describe("afterReadBack (what reading the secret back settles)", () => {
  const step = (next: typeof RETRY | typeof STOP): NotYetKnown => ({
    kind: "not-yet-known",
    error: lost,
    knownSecret: "old",
    next,
    failedAt: AT,
  });

  it("returns a changed secret as the rotation, recovered", () => {
    expect(afterReadBack(step(STOP), { ok: true, current: { secret: "new", requestId: "r1" } })).toEqual({
      kind: "rotated",
      result: { secret: "new", requestId: "r1", recovered: true },
    });
  });

  it("sends again after an unchanged secret while attempts remain, else says nothing rotated", () => {
    expect(afterReadBack(step(RETRY), { ok: true, current: { secret: "old" } })).toEqual({
      kind: "failed-retryable",
      next: RETRY,
    });
    const ended = afterReadBack(step(STOP), { ok: true, current: { secret: "old" } });
    expect(ended).toMatchObject({ kind: "failed", error: { rotationRuledOut: true, attempts: 2 } });
  });

  it("ends with the attempt's failure, quoting the read's, when the read fails", () => {
    const readError = new GenAuthError(
      { operation: "get-application-secret", appId: "a" },
      apiFailure({ httpStatus: 502, statusCode: 502, message: "bad gateway" }),
    );
    const ended = afterReadBack(step(RETRY), { ok: false, readError });
    expect(ended).toMatchObject({
      kind: "failed",
      error: { operation: "refresh-application-secret", confirmationFailure: readError.message },
    });
  });
});

/** A lost attempt that failed at {@link AT}, with attempts left. */
const unsettled: NotYetKnown = {
  kind: "not-yet-known",
  error: lost,
  knownSecret: "old",
  next: RETRY,
  failedAt: AT,
};

describe("settleDelayMs (GenAuth processes a request at most maxProcessingDelayMs after it was sent)", () => {
  it("waits out the rest of the window that began when the attempt failed", () => {
    expect(settleDelayMs(unsettled, AT, 30_000)).toBe(30_000);
    expect(settleDelayMs(unsettled, AT + 12_000, 30_000)).toBe(18_000);
  });

  it("waits for nothing once the window has passed, or with no window", () => {
    expect(settleDelayMs(unsettled, AT + 30_000, 30_000)).toBe(0);
    expect(settleDelayMs(unsettled, AT + 45_000, 30_000)).toBe(0);
    expect(settleDelayMs(unsettled, AT, 0)).toBe(0);
  });
});

describe("foundUnchanged (a read-back the window must confirm)", () => {
  const unchanged = { ok: true, current: { secret: "old" } } as const;

  it("is true for an unchanged secret, whether attempts remain or not", () => {
    expect(foundUnchanged(afterReadBack(unsettled, unchanged))).toBe(true);
    expect(foundUnchanged(afterReadBack({ ...unsettled, next: STOP }, unchanged))).toBe(true);
  });

  it("is false for a changed secret and for a failed read", () => {
    expect(foundUnchanged(afterReadBack(unsettled, { ok: true, current: { secret: "new" } }))).toBe(false);
    expect(foundUnchanged(afterReadBack(unsettled, { ok: false, readError: lost }))).toBe(false);
  });
});
