/**
 * The inputs of an ApplicationSecret as the provider receives them. The outputs state holds, and how
 * the engine's records become both, are the state model's (`provider/core/state.ts`).
 */
import { ConnectionField, SettingInputs } from "./settings";

/** Any value JSON can carry: what `rotationTrigger` may hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// Its fields, their types and their doc comments are the `connection` rows of the settings table
// (settings.ts); this comment is the schema's description of the Connection type.
/** Per-resource credentials, for stacks that touch several user pools. Stored as a secret. */
export type ConnectionInputs = SettingInputs<ConnectionField>;

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
