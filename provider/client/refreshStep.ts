/**
 * The states of a rotation call. `refresh-application-secret` is not idempotent: GenAuth
 * invalidates the old secret the moment it issues the new one, so an attempt that may have rotated
 * is never simply sent again. Each attempt comes to one {@link RefreshStep}; the client's loop
 * (`GenAuthClient.refreshApplicationSecret`) sends, reads the secret back while the step is not
 * yet known, and sends again only once nothing rotated. Pure: the loop does the calls.
 *
 *   send ──answer──────────────────────────────────────────────────▶ rotated
 *     │ ambiguous failure (timeout, reset, 5xx, unusable answer)
 *     ▼
 *   read back ──changed──────────────────────────────────────────────▶ rotated (recovered)
 *     │ unchanged, before failedAt + maxProcessingDelayMs
 *     ▼
 *   wait, read back again ──changed──────────────────────────────────▶ rotated (recovered)
 *     │ unchanged: nothing rotated, and nothing still in flight will
 *     ▼
 *   send again (attempts left) │ fail, "nothing rotated" (none left)
 *
 * The wait is the one assumption: GenAuth processes a request at most `maxProcessingDelayMs` after
 * it was sent. Without it, a request a gateway held past the timeout and forwarded late would
 * rotate after the client had read the old secret back and rotated again: state would hold a
 * secret GenAuth no longer has. A failed read leaves the attempt unknown (never sent again).
 */
import { rotationHappened } from "./rotationEvidence";
import type { SecretResult } from "./client";
import { GenAuthError, withConfirmationFailure } from "./errors";
import { classifyFailure, mayHaveRotated, RetryDecision } from "./retry";

/** The retry decision of a failure that may be retried: the delay before the next attempt. */
export type RetryAllowed = Extract<RetryDecision, { retry: true }>;

/**
 * What an attempt came to: `rotated` (GenAuth answered, or the secret read back differs from the
 * known one); `not-yet-known` (it may have rotated: read back before anything else);
 * `failed-retryable` (nothing rotated, or nothing can tell and a second rotation harms no one:
 * send again after the delay); `failed` (end the call with `error`).
 */
export type RefreshStep =
  | { kind: "rotated"; result: SecretResult }
  | NotYetKnown
  | { kind: "failed-retryable"; next: RetryAllowed }
  | { kind: "failed"; error: unknown };

/** An attempt that may have rotated, with the secret to compare and the retry decision for it. */
export interface NotYetKnown {
  kind: "not-yet-known";
  /** The attempt's failure, as the call reports it (with the attempts made). */
  error: GenAuthError;
  knownSecret: string;
  next: RetryDecision;
  /** When the attempt failed (the client's clock, ms): it was sent before then. */
  failedAt: number;
}

/**
 * What a failed attempt comes to, given `error` (with the attempts made), the retry decision for
 * it and the secret the caller knows. Without a known secret (a create) there is nothing to read
 * back against: the attempt is retried within the budget. With one, while attempts remain every
 * ambiguous failure is read back before the next send (a failed token request included: the read
 * asks for a token again, and its failure ends the call); once none remain, only a refresh that
 * may have rotated ({@link mayHaveRotated}) is.
 */
export function afterFailedSend(
  error: unknown,
  next: RetryDecision,
  knownSecret: string | undefined,
  failedAt: number,
): Exclude<RefreshStep, { kind: "rotated" }> {
  const readBack = next.retry ? classifyFailure(error) === "ambiguous" : mayHaveRotated(error);
  if (knownSecret !== undefined && readBack && error instanceof GenAuthError) {
    return { kind: "not-yet-known", error, knownSecret, next, failedAt };
  }
  return next.retry ? { kind: "failed-retryable", next } : { kind: "failed", error };
}

/** What reading the secret back found: GenAuth's current secret, or why the read failed. */
export type ReadBack = { ok: true; current: SecretResult } | { ok: false; readError: unknown };

/**
 * What a not-yet-known attempt comes to once the secret was read back. A changed secret is the
 * rotation, returned as `recovered`; an unchanged one means nothing rotated (sent again while
 * attempts remain, else the failure says so); a failed read leaves it unknown, and the call ends
 * with the attempt's failure, quoting the read's: sending again could rotate twice.
 */
export function afterReadBack(step: NotYetKnown, read: ReadBack): Exclude<RefreshStep, NotYetKnown> {
  if (!read.ok) return { kind: "failed", error: withConfirmationFailure(step.error, read.readError) };
  if (rotationHappened({ secret: step.knownSecret }, read.current.secret)) {
    return { kind: "rotated", result: { ...read.current, recovered: true } };
  }
  if (step.next.retry) return { kind: "failed-retryable", next: step.next };
  return { kind: "failed", error: step.error.with({ rotationRuledOut: true }) };
}

/**
 * How long to wait before an unchanged read-back of `step` may be believed: the attempt was sent
 * before `step.failedAt`, and GenAuth processes a request at most `maxProcessingDelayMs` after it
 * was sent, so from `failedAt + maxProcessingDelayMs` on nothing of it can still rotate. 0 once
 * that time has come.
 */
export function settleDelayMs(step: NotYetKnown, now: number, maxProcessingDelayMs: number): number {
  return Math.max(0, step.failedAt + maxProcessingDelayMs - now);
}

/** True when a read-back found the secret unchanged (what {@link settleDelayMs} must confirm). */
export function foundUnchanged(outcome: Exclude<RefreshStep, NotYetKnown>): boolean {
  return (
    outcome.kind === "failed-retryable" ||
    (outcome.kind === "failed" &&
      outcome.error instanceof GenAuthError &&
      outcome.error.rotationRuledOut === true)
  );
}
