/**
 * Unconfirmed rotations. When GenAuth may have rotated a secret and the provider cannot find out
 * (the answer was lost and reading the secret back failed too), state must say so rather than keep
 * a secret that may be dead. The failed step records {@link UnconfirmedOutputs} (as an
 * initialization failure: the engine keeps the resource, marks it failed and the next `up` updates
 * it), and the next step reads GenAuth's secret first: an update settles it
 * ({@link settlePending}), a refresh adopts it if it happened ({@link refreshedPending}).
 */
import { SecretInputs } from "../../inputs/types";
import { PendingRotation, RotationReason, SecretOutputs, StoredOutputs, UnconfirmedOutputs } from "../state";
import { fingerprint } from "../../client/fingerprint";
import { carryOver, ObservedSecret, pickInputs, recordSecret } from "./outputs";
import { rotationHappened } from "../../client/rotationEvidence";
import { decideRotation, StepRotationReason } from "./rotation";

/** True when `outputs` hold a rotation not yet confirmed. */
export function isPending(outputs: StoredOutputs | Partial<StoredOutputs>): outputs is UnconfirmedOutputs {
  return (
    "pendingRotation" in outputs && outputs.pendingRotation !== undefined && outputs.pendingRotation !== null
  );
}

/** What the provider knew when it sent the rotation whose answer it could not confirm. */
export interface Attempt {
  reason: RotationReason;
  at: Date;
  /** The secret GenAuth held before the attempt (never stored: only its fingerprint is). */
  previousSecret: string;
  requestId?: string;
  userPoolId?: string;
}

/**
 * The outputs state keeps after an unconfirmed rotation: the last confirmed bookkeeping (for an
 * update) or none (for a create), no secret, and the {@link PendingRotation} with the trigger the
 * attempt was made for, so a refresh that finds it done records it without asking for another.
 */
export function unconfirmedOutputs(
  prev: SecretOutputs | undefined,
  inputs: SecretInputs,
  attempt: Attempt,
): UnconfirmedOutputs {
  const pendingRotation: PendingRotation = {
    reason: attempt.reason,
    at: attempt.at.toISOString(),
    previousFingerprint: fingerprint(attempt.previousSecret),
    requestId: attempt.requestId ?? null,
    ...(inputs.rotationTrigger === undefined ? {} : { rotationTrigger: inputs.rotationTrigger }),
  };
  if (prev) {
    const { secret: _secret, ...kept } = carryOver(
      prev,
      { ...inputs, rotationTrigger: prev.rotationTrigger },
      attempt.userPoolId,
    );
    return { ...kept, pendingRotation };
  }
  return {
    ...pickInputs(inputs),
    rotatedAt: "",
    rotationReason: attempt.reason,
    fingerprint: pendingRotation.previousFingerprint,
    rotationCount: 0,
    nextRotationAt: "",
    history: [],
    ...(attempt.userPoolId === undefined ? {} : { userPoolId: attempt.userPoolId }),
    pendingRotation,
  };
}

/** True when GenAuth's current secret is not the one it held before the pending attempt. */
export function pendingRotationHappened(pending: PendingRotation, currentSecret: string): boolean {
  return rotationHappened({ fingerprint: pending.previousFingerprint }, currentSecret);
}

/**
 * How an update settles an unconfirmed rotation, once it has read GenAuth's secret: the outputs to
 * record, or the rotation still to make (from `prev`, the last confirmed outputs, if any).
 */
export type Settlement =
  | { rotate: false; outs: SecretOutputs }
  | { rotate: true; prev: SecretOutputs | undefined; reason: StepRotationReason };

/**
 * Settles the unconfirmed rotation in `olds` with the secret GenAuth holds now. If it happened,
 * the new secret is recorded for the reason it was made. If not, it is made again only if this step
 * still wants it ({@link decideRotation}: a create unless adopting, a trigger that still differs
 * from the confirmed one, a schedule still due); otherwise GenAuth's secret is kept.
 */
export function settlePending(
  olds: UnconfirmedOutputs,
  news: SecretInputs,
  current: ObservedSecret,
  now: Date,
): Settlement {
  const pending = olds.pendingRotation;
  const prev = lastConfirmed(olds, current.secret);
  if (pendingRotationHappened(pending, current.secret)) {
    return { rotate: false, outs: recordSecret(prev, news, { ...current, reason: pending.reason, at: now }) };
  }
  const decision = decideRotation(prev, news, now);
  if (decision.rotate) return { rotate: true, prev, reason: decision.reason };
  const outs = prev
    ? carryOver(prev, news, current.userPoolId)
    : recordSecret(undefined, news, { ...current, reason: "adopted", at: now });
  return { rotate: false, outs };
}

/**
 * What a refresh records of an unconfirmed rotation: if it happened, GenAuth's new secret for the
 * trigger and reason it was made for (so the next `up` with the same program rotates nothing);
 * if not, the pending rotation stays for the next `up`, in the pool the read addressed.
 */
export function refreshedPending(
  stored: UnconfirmedOutputs,
  inputs: SecretInputs,
  current: ObservedSecret,
  at: Date,
): StoredOutputs {
  const pending = stored.pendingRotation;
  if (!pendingRotationHappened(pending, current.secret)) return { ...stored, userPoolId: current.userPoolId };
  const forTrigger = { ...inputs, rotationTrigger: pending.rotationTrigger, scheduledFrom: undefined };
  return recordSecret(lastConfirmed(stored, current.secret), forTrigger, {
    ...current,
    reason: pending.reason,
    at,
  });
}

/** The last confirmed outputs, with `secret` GenAuth holds; none when no rotation was ever confirmed (a create). */
function lastConfirmed(olds: UnconfirmedOutputs, secret: string): SecretOutputs | undefined {
  return olds.rotationCount > 0 ? { ...olds, secret } : undefined;
}
