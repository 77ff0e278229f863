/**
 * Unconfirmed rotations. When GenAuth may have rotated a secret and the provider cannot find out
 * (the answer was lost and reading the secret back failed too), state must say so rather than keep
 * a secret that may be dead. The failed step records {@link UnconfirmedOutputs} (as an
 * initialization failure: the engine keeps the resource, marks it failed and the next `up` updates
 * it), and the next step reads GenAuth's secret first.
 */
import { SecretInputs } from "../../inputs/types";
import { PendingRotation, RotationReason, SecretOutputs, StoredOutputs, UnconfirmedOutputs } from "../state";
import { fingerprint } from "./fingerprint";
import { carryOver, pickInputs } from "./outputs";

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
  return fingerprint(currentSecret) !== pending.previousFingerprint;
}
