import { HISTORY_LIMIT, INPUT_KEYS, RotationReason, SecretInputs, SecretOutputs } from "../types";
import { fingerprint } from "./fingerprint";
import { nextRotationAt } from "./schedule";

/** A new secret and where it came from. */
export interface SecretChange {
  secret: string;
  reason: RotationReason;
  at: Date;
  requestId?: string;
}

/**
 * The outputs after the secret changed (rotation, adoption or observed drift): the inputs, the
 * secret, and the bookkeeping a reviewer reads (`rotatedAt`, reason, fingerprint, count, history).
 */
export function recordSecret(
  prev: SecretOutputs | undefined,
  inputs: SecretInputs,
  change: SecretChange,
): SecretOutputs {
  const at = change.at.toISOString();
  const print = fingerprint(change.secret);
  const history = [
    ...(prev?.history ?? []),
    { at, reason: change.reason, fingerprint: print, requestId: change.requestId ?? null },
  ].slice(-HISTORY_LIMIT);
  return {
    ...pickInputs(inputs),
    secret: change.secret,
    rotatedAt: at,
    rotationReason: change.reason,
    fingerprint: print,
    rotationCount: (prev?.rotationCount ?? 0) + 1,
    nextRotationAt: nextRotationAt(at, inputs.rotateAfter),
    history,
  };
}

/** The outputs after an update that rotated nothing: the new inputs, the same secret. */
export function carryOver(prev: SecretOutputs, inputs: SecretInputs): SecretOutputs {
  return {
    ...pickInputs(inputs),
    secret: prev.secret,
    rotatedAt: prev.rotatedAt,
    rotationReason: prev.rotationReason ?? "created",
    fingerprint: fingerprint(prev.secret),
    rotationCount: prev.rotationCount ?? 1,
    nextRotationAt: nextRotationAt(prev.rotatedAt, inputs.rotateAfter),
    history: prev.history ?? [],
  };
}

/** The input properties of `values`, without `undefined` (the engine rejects it) or `__provider`. */
export function pickInputs(values: SecretInputs): SecretInputs {
  const out: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) if (values[key] !== undefined) out[key] = values[key];
  return out as unknown as SecretInputs;
}
