import { INPUT_KEYS, SecretInputs } from "../../inputs/types";
import { decodeInputs, HISTORY_LIMIT, RotationReason, SecretOutputs, StoredOutputs } from "../state";
import { fingerprint } from "../../client/fingerprint";
import { nextRotationAt } from "./schedule";

/** A new secret and where it came from. */
export interface SecretChange {
  secret: string;
  reason: RotationReason;
  at: Date;
  requestId?: string;
  /** The user pool the credentials addressed (kept from `prev` when not given). */
  userPoolId?: string;
}

/** The secret a call returned: all {@link RecordPlan} still needs. */
export interface FoundSecret {
  secret: string;
  requestId?: string;
}

/** A secret a read found in GenAuth, and the user pool the read addressed. */
export interface ObservedSecret extends FoundSecret {
  userPoolId: string;
}

/**
 * Records a secret a call is about to return. Built before the call, so every step that can fail
 * (dates, the schedule) has run before GenAuth rotates; filling the secret in cannot fail.
 */
export type RecordPlan = (found: FoundSecret) => SecretOutputs;

/** Prepares the outputs for a change of the secret whose value a call will return. */
export function planRecord(
  prev: StoredOutputs | undefined,
  inputs: SecretInputs,
  change: Omit<SecretChange, "secret" | "requestId">,
): RecordPlan {
  const at = change.at.toISOString();
  const from = inputs.scheduledFrom ?? at;
  const base = {
    ...pickInputs({ ...inputs, scheduledFrom: from }),
    rotatedAt: at,
    rotationReason: change.reason,
    rotationCount: (prev?.rotationCount ?? 0) + 1,
    nextRotationAt: nextRotationAt(from, inputs.rotateAfter),
    ...pool(change.userPoolId ?? prev?.userPoolId),
  };
  const history = prev?.history ?? [];
  return (found) => {
    const print = fingerprint(found.secret);
    const entry = { at, reason: change.reason, fingerprint: print, requestId: found.requestId ?? null };
    return {
      ...base,
      secret: found.secret,
      fingerprint: print,
      history: [...history, entry].slice(-HISTORY_LIMIT),
    };
  };
}

/**
 * The outputs after the secret changed (rotation, adoption or observed drift): the inputs, the
 * secret, and the bookkeeping a reviewer reads (`rotatedAt`, reason, fingerprint, count, history).
 */
export function recordSecret(
  prev: StoredOutputs | undefined,
  inputs: SecretInputs,
  change: SecretChange,
): SecretOutputs {
  return planRecord(prev, inputs, change)(change);
}

/** The outputs after an update that rotated nothing: the new inputs, the same secret. */
export function carryOver(prev: SecretOutputs, inputs: SecretInputs, userPoolId?: string): SecretOutputs {
  const from = inputs.scheduledFrom ?? prev.scheduledFrom ?? prev.rotatedAt;
  return {
    ...pickInputs({ ...inputs, scheduledFrom: from }),
    secret: prev.secret,
    rotatedAt: prev.rotatedAt,
    rotationReason: prev.rotationReason ?? "created",
    fingerprint: fingerprint(prev.secret),
    rotationCount: prev.rotationCount ?? 1,
    nextRotationAt: nextRotationAt(from, inputs.rotateAfter),
    history: prev.history ?? [],
    ...pool(userPoolId ?? prev.userPoolId),
  };
}

/** The inputs kept in outputs: the user's, and the schedule's start (so `read` can carry it over). */
const STORED_INPUT_KEYS = [...INPUT_KEYS, "scheduledFrom"] as const;

/** The input properties of `values`, without `undefined` (the engine rejects it) or `__provider`. */
export function pickInputs(values: Partial<SecretInputs> & Pick<SecretInputs, "appId">): SecretInputs {
  const kept = STORED_INPUT_KEYS.filter((key) => values[key] !== undefined);
  return decodeInputs(Object.fromEntries(kept.map((key) => [key, values[key]])));
}

function pool(userPoolId: string | undefined): { userPoolId?: string } {
  return userPoolId === undefined ? {} : { userPoolId };
}
