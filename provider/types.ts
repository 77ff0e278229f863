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
}

/** What to do with the secret when the resource is deleted. */
export type OnDelete = "retain" | "rotate";

/** Why the secret in state is the one it is. */
export type RotationReason = "created" | "trigger" | "schedule" | "adopted" | "drift";

/** The resolved inputs the provider receives (after `check`). */
export interface SecretInputs {
  appId: string;
  rotationTrigger?: JsonValue;
  connection?: ConnectionInputs;
  rotateAfter?: string;
  adopt?: boolean;
  onDelete?: OnDelete;
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
}

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
