/**
 * GenAuth's rate limiter (300 requests per second per user pool) as a sliding one-second window: a call
 * is admitted while fewer than `requestsPerSecond` calls of its pool were admitted in the last second.
 * A window rather than a token bucket, because "N per second" then holds for every one-second span, which
 * is what a client test wants to assert. Only admitted calls enter the window: a client that keeps
 * retrying too early is refused, but not locked out for longer. The decision is a pure function of the
 * limit, the clock and the prior admissions, so it is tested with a fake clock and no server.
 */
import { fields, flag, integer, optional } from "./fields";

/** The span the limit applies to. */
export const WINDOW_MS = 1000;

/** A rate limit as configured (start option, control API, `--rate-limit`). */
export interface RateLimitSettings {
  /** Calls admitted per user pool in any one-second span (GenAuth's free plans: 300). */
  requestsPerSecond: number;
  /**
   * Whether a throttled answer carries `Retry-After` (whole seconds, at least 1). GenAuth documents no such
   * header, so by default there is none and a client must pace itself from the 429s alone. @default false
   */
  retryAfter?: boolean;
}

/** The outcome of asking the limiter about one call. */
export type RateDecision =
  /** Admit the call; `admissions` is the pool's new window (older admissions dropped, `now` appended). */
  | { admit: true; admissions: number[] }
  /** Refuse the call; the window has room again in `retryAfterMs` milliseconds. */
  | { admit: false; retryAfterMs: number };

/**
 * Decides about one call of a pool, given the times of the pool's prior admissions (oldest first).
 * Admissions no longer in the window (at or before `now - WINDOW_MS`) do not count. When the window is full,
 * the call may be retried once enough of the oldest admissions have left it for one more to fit; a limit
 * lowered at run time can leave more admissions in the window than the limit, hence "enough", not "one".
 */
export function decideRate(
  requestsPerSecond: number,
  now: number,
  admissions: readonly number[],
): RateDecision {
  const start = admissions.findIndex((at) => at > now - WINDOW_MS);
  const window = start === -1 ? [] : admissions.slice(start);
  if (window.length < requestsPerSecond) return { admit: true, admissions: [...window, now] };
  const freesRoom = window[window.length - requestsPerSecond];
  return { admit: false, retryAfterMs: freesRoom + WINDOW_MS - now };
}

/** The `Retry-After` value for a wait: whole seconds rounded up, and at least 1, as real servers send. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/** Checks untrusted rate limit settings (a control-API body, a start option) and names the bad field. */
export function parseRateLimit(value: unknown): RateLimitSettings {
  const settings = fields(value, "rate limit");
  return {
    requestsPerSecond: integer(settings.requestsPerSecond, "rate limit requestsPerSecond", 1),
    retryAfter: optional(settings.retryAfter, "rate limit retryAfter", flag) ?? false,
  };
}
