/** Any value JSON can carry: what `rotationTrigger` may hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Per-resource credentials, for stacks that touch several user pools. Stored as a secret. */
export interface ConnectionInputs {
  /** GenAuth base URL, e.g. `https://api.genauth.ai`. */
  host?: string;
  /** User pool id or collaborator key id. Taken together with `accessKeySecret`. */
  accessKeyId?: string;
  /** The secret of `accessKeyId`. */
  accessKeySecret?: string;
  /** User pool to address (else the token's user pool). */
  userPoolId?: string;
  /** PEM text of CA certificates trusted besides Node's, for a private deployment's internal CA. */
  tlsCaCertificates?: string;
  /**
   * Accept any certificate of the host (self-signed, unknown CA, wrong name); every run warns.
   * Programs in other languages may send the text "true" or "false"; it reads the same.
   */
  tlsInsecureSkipVerify?: boolean;
  /**
   * Allow `http://` to a host other than loopback (no TLS: a network you trust only). The text
   * "true" or "false" reads the same.
   */
  allowInsecureHttp?: boolean;
}

/** What to do with the secret when the resource is deleted. */
export type OnDelete = "retain" | "rotate";

/** Why the secret in state is the one it is. */
export type RotationReason = "created" | "trigger" | "schedule" | "adopted" | "drift";

/**
 * Inputs that `check` computes, never set by users: they make a due schedule visible in
 * `pulumi preview --diff`, which shows changed inputs only (a dynamic provider has no detailed diff).
 */
export interface PlannedInputs {
  /**
   * ISO-8601 time the schedule counts from: when `pulumi up` last planned a rotation of this
   * resource (creation, trigger change, due schedule), or when `pulumi refresh` saw the secret change.
   */
  scheduledFrom?: string;
  /** Present only when this step rotates because `rotateAfter` is due: the reason, in words. */
  scheduledRotation?: string;
}

/** The resolved inputs the provider receives (after `check`). */
export interface SecretInputs extends PlannedInputs {
  appId: string;
  rotationTrigger?: JsonValue;
  connection?: ConnectionInputs;
  rotateAfter?: string;
  adopt?: boolean;
  onDelete?: OnDelete;
}

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

/** The names of the inputs, in the order they are documented. */
export const INPUT_KEYS = [
  "appId",
  "rotationTrigger",
  "connection",
  "rotateAfter",
  "adopt",
  "onDelete",
] as const;
