/**
 * The inputs of an ApplicationSecret as the provider receives them. The outputs state holds, and how
 * the engine's records become both, are the state model's (`provider/core/state.ts`).
 */
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

/** The names of the inputs, in the order they are documented. */
export const INPUT_KEYS = [
  "appId",
  "rotationTrigger",
  "connection",
  "rotateAfter",
  "adopt",
  "onDelete",
] as const;

/** The name of one input. */
export type InputKey = (typeof INPUT_KEYS)[number];
