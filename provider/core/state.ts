/**
 * The state model: what the engine stores for an ApplicationSecret (its outputs, confirmed or with
 * a pending rotation), and the one place where the engine's untyped property maps become typed
 * values on their way in, and plain maps on their way out. Both faces decode here: the dynamic
 * face in the entry points of `ApplicationSecretProvider`, the native face in `NativeProvider`
 * (which hands the shared methods the records as they came).
 *
 * Decoding trusts the values rather than checking them, as the provider always has: the engine
 * hands over only what a provider wrote or `check` accepted. The leniency this keeps, on purpose:
 * - inputs reach create and update only after `check` validated them, so they are not checked again;
 * - a preview's `diff` may hold the engine's unknown placeholder in any input, which the diff
 *   compares as given (`check` let it pass, and checks it again once known);
 * - state written by earlier releases lacks fields added since (`userPoolId` and `scheduledFrom`
 *   before 0.2), which the lifecycle fills in where it reads them, not here;
 * - keys this model does not name (the dynamic host's `__provider`) are kept, never dropped.
 */
import type { JsonValue, SecretInputs } from "../inputs/types";

/** Why the secret in state is the one it is. */
export type RotationReason = "created" | "trigger" | "schedule" | "adopted" | "drift";

/**
 * A rotation GenAuth may have made without the provider being able to confirm it (a lost answer
 * whose confirmation failed too). Recorded in state instead of the secret; the next `pulumi up`
 * reads GenAuth's secret first and adopts it, or rotates if the rotation did not happen and is
 * still wanted.
 */
export interface PendingRotation {
  /** Why the unconfirmed rotation was made. */
  reason: RotationReason;
  /** ISO-8601 time of the attempt. */
  at: string;
  /** {@link fingerprint} of the secret GenAuth held before the attempt: a different one means it rotated. */
  previousFingerprint: string;
  /** GenAuth's request id of the failed call, or null when none was given. */
  requestId: string | null;
  /** The trigger the attempt was made for, when there was one. */
  rotationTrigger?: JsonValue;
}

/** One entry of `history`: a change of the secret, described without the secret. */
export interface RotationRecord {
  /** ISO-8601 time the secret came to be (or was observed). */
  at: string;
  reason: RotationReason;
  /** {@link fingerprint} of the secret. */
  fingerprint: string;
  /** GenAuth's request id of the call that made or revealed the secret (null if none was given). */
  requestId: string | null;
}

/** The outputs the provider stores in state. */
export interface SecretOutputs extends SecretInputs {
  /** The current application secret. Marked secret by the resource (`additionalSecretOutputs`). */
  secret: string;
  /** ISO-8601 time the secret in state came to be: rotation, adoption, or observed drift. */
  rotatedAt: string;
  rotationReason: RotationReason;
  /** Short non-reversible digest of `secret`. */
  fingerprint: string;
  /** Changes of the secret this resource has recorded. */
  rotationCount: number;
  /** ISO-8601 time the schedule makes rotation due, or "" without `rotateAfter`. */
  nextRotationAt: string;
  /** The last {@link HISTORY_LIMIT} changes, newest last. */
  history: RotationRecord[];
  /**
   * The user pool the credentials addressed when the secret was recorded. A refresh that finds the
   * app missing while addressing another pool fails instead of dropping the resource from state.
   * Absent in state written before 0.2.
   */
  userPoolId?: string;
  /** When the schedule counts from (see {@link PlannedInputs.scheduledFrom}). */
  scheduledFrom?: string;
}

/**
 * What state holds after a rotation could not be confirmed: the bookkeeping of the last confirmed
 * secret, without the secret itself (so no plaintext can reach state through a failed step), and
 * the {@link PendingRotation}.
 */
export type UnconfirmedOutputs = Omit<SecretOutputs, "secret"> & { pendingRotation: PendingRotation };

/** What the engine hands back as a resource's outputs: confirmed, or with a pending rotation. */
export type StoredOutputs = SecretOutputs | UnconfirmedOutputs;

/** How many entries `history` keeps. */
export const HISTORY_LIMIT = 10;

/**
 * A property map as the engine hands it to a provider method: plain values deserialized from the
 * wire (the native face unwraps its secrets first). Typed `object` rather than a map of unknowns,
 * so that values already typed by this model (another method's outputs, a test's) pass as they are.
 */
export type EngineRecord = object;

/**
 * The inputs of create, update and diff, or any map of input properties: as given, typed (see the
 * module comment for why they are trusted).
 */
export function decodeInputs(record: EngineRecord): SecretInputs {
  return record as SecretInputs;
}

/** The inputs `check` receives as `olds`: those in state, or none for a new resource (`{}`). */
export function decodePartialInputs(record: EngineRecord): Partial<SecretInputs> {
  return record;
}

/**
 * The outputs in state that diff, update and delete receive: confirmed, or with a pending rotation
 * (`isPending` in `lifecycle/pending.ts` tells which). Written by this or an earlier release of either face.
 */
export function decodeState(record: EngineRecord): StoredOutputs {
  return record as StoredOutputs;
}

/**
 * What read (refresh, `pulumi import`, `ApplicationSecret.get`) receives: the outputs in state, or
 * for an import or a `get` none or only some of them.
 */
export function decodePartialState(record: EngineRecord): Partial<StoredOutputs> {
  return record;
}

/** Outputs as the engine takes them back: a plain property map (the native face wraps its secrets in it). */
export function encodeState(outputs: StoredOutputs): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs));
}
