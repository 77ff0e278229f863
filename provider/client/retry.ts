import { SETTINGS } from "../inputs/settings";
import { GenAuthError, isAuthRejection, unreachable } from "./errors";

/**
 * How a failure should be handled. `retry`: the request certainly had no effect (throttled, refused,
 * not yet authenticated), so sending it again is safe. `ambiguous`: the request may have been
 * processed (timeout, reset, 5xx, an answer that cannot be used: garbage, malformed, too large) —
 * safe to repeat only for idempotent operations. `final`: GenAuth
 * answered with a business error; repeating it changes nothing.
 */
export type FailureKind = "retry" | "ambiguous" | "final";

/** Network error codes for which the request never reached GenAuth. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Classifies a failed call; a pure decision (see {@link FailureKind}). */
export function classifyFailure(error: unknown): FailureKind {
  if (!(error instanceof GenAuthError)) return "final";
  const failure = error.failure;
  switch (failure.kind) {
    // The handshake failed: nothing was sent, and no retry changes a certificate.
    case "certificate":
      return "final";
    // The answer is the same next time; a POST turned into a GET may have run.
    case "redirect":
      return failure.mayHaveRun ? "ambiguous" : "final";
    case "network":
      return NOT_SENT_CODES.has(failure.networkCode) ? "retry" : "ambiguous";
    // Something answered, but not usably: GenAuth may have done the work and lost it on the way.
    case "unusable-answer":
      return refusedUnrun(error) ? "retry" : "ambiguous";
    case "api":
      if (refusedUnrun(error)) return "retry";
      return failure.httpStatus >= 500 || failure.statusCode >= 500 ? "ambiguous" : "final";
    default:
      return unreachable(failure);
  }
}

/**
 * True when the answer says the call was refused before it did anything: throttled, or a refused
 * token (expired, revoked), which the next attempt replaces. A refused key pair (the token call
 * itself) is not: no retry fixes it.
 */
function refusedUnrun(error: GenAuthError): boolean {
  return isThrottled(error) || (error.operation !== "get-management-token" && isAuthRejection(error));
}

/**
 * True when `error` is a failed `refresh-application-secret` after which GenAuth may have rotated
 * the secret: the last attempt was ambiguous (lost response, timeout, 5xx, unusable answer) and
 * nothing settled it (with `knownSecret`, reading the secret back failed too, or the retry budget
 * ran out first). The secret GenAuth holds is then unknown; the one the caller knew may be dead.
 * A failure to get a token first (operation `get-management-token`) never rotated anything.
 */
export function mayHaveRotated(error: unknown): boolean {
  return (
    error instanceof GenAuthError &&
    error.operation === "refresh-application-secret" &&
    !error.rotationRuledOut &&
    classifyFailure(error) === "ambiguous"
  );
}

/** Retry budget and pacing, from provider config (`genauth:maxAttempts`, ...). */
export interface RetryPolicy {
  /**
   * Attempts in all, the first included, not counting those GenAuth throttled (429): a throttled
   * call had no effect and is retried, after the pause GenAuth asks for, until `budgetMs` runs out.
   * @default 5
   */
  maxAttempts: number;
  /** Delay before the first retry; doubles each time, with full jitter. @default 500 */
  baseDelayMs: number;
  /** Upper bound of one delay (a longer `Retry-After` is capped to it). @default 20000 */
  maxDelayMs: number;
  /** No retry starts after this much time has passed since the first attempt. @default 60000 */
  budgetMs: number;
}

/**
 * The defaults documented on {@link RetryPolicy}: those of the settings that set them (the settings
 * table), and the delay cap, which is no setting.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: SETTINGS.maxAttempts.default,
  baseDelayMs: SETTINGS.retryBaseDelayMs.default,
  maxDelayMs: 20_000,
  budgetMs: SETTINGS.retryBudgetMs.default,
};

/** The part of a {@link RetryPolicy} the settings set; the client fills in the rest from its defaults. */
export type RetrySettings = Omit<RetryPolicy, "maxDelayMs"> & Partial<Pick<RetryPolicy, "maxDelayMs">>;

/**
 * Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`, capped to
 * `capMs`. Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(value: unknown, now: number, capMs: number): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), capMs);
}

/** True when GenAuth throttled the call (HTTP 429 or an envelope with statusCode 429). */
export function isThrottled(error: unknown): boolean {
  return error instanceof GenAuthError && (error.httpStatus === 429 || error.statusCode === 429);
}

/** What the retry loop knows when an attempt has failed. */
export interface FailedAttempt {
  /** The failure. */
  error: unknown;
  /** Attempts made so far, this one and throttled ones included. */
  attempts: number;
  /** How many of them GenAuth throttled (429). */
  throttledAttempts: number;
  /** Milliseconds since the first attempt started. */
  elapsedMs: number;
}

/**
 * What to do after a failed attempt: retry after `delayMs` (plus, for a throttled call, whatever
 * pace the client keeps for the user pool), or stop and report the failure.
 */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * The retry decision, a pure function of the policy, the failed attempt and a random number in
 * [0, 1). Final failures stop. A throttled call retries without a delay of its own while the time
 * budget lasts: the client's pacer (with GenAuth's `Retry-After`, when sent) spaces every call of the
 * pool, so each call backing off on its own would only add to it. Other failures retry within the
 * attempt count and the time budget, after an exponential delay with full jitter
 * (`random * min(maxDelayMs, baseDelayMs * 2^(n-1))` for the n-th counted retry), or after
 * `Retry-After` when that is longer (capped to `maxDelayMs`).
 */
export function decideRetry(policy: RetryPolicy, failed: FailedAttempt, random: number): RetryDecision {
  const { error, attempts, throttledAttempts, elapsedMs } = failed;
  if (classifyFailure(error) === "final") return { retry: false };
  const throttled = isThrottled(error);
  if (!hasBudgetLeft(policy, attempts - throttledAttempts, elapsedMs, throttled)) return { retry: false };
  if (throttled) return { retry: true, delayMs: 0 };
  const counted = attempts - throttledAttempts;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(counted - 1, 0));
  const retryAfter = error instanceof GenAuthError ? (error.retryAfterMs ?? 0) : 0;
  return {
    retry: true,
    delayMs: Math.max(Math.floor(random * ceiling), Math.min(retryAfter, policy.maxDelayMs)),
  };
}

/**
 * True while another attempt fits in the policy: within the time budget, and, unless the last
 * failure was a throttle, within the attempt count (`attemptsCounted` leaves throttled ones out).
 */
export function hasBudgetLeft(
  policy: RetryPolicy,
  attemptsCounted: number,
  elapsedMs: number,
  throttled = false,
): boolean {
  return elapsedMs < policy.budgetMs && (throttled || attemptsCounted < policy.maxAttempts);
}
