/**
 * pulumi-genauth: manage and rotate GenAuth (Authing) application secrets with Pulumi.
 * Data path: your program → {@link ApplicationSecret} → provider (shim → runtime) → GenAuth client → GenAuth.
 */
export {
  ApplicationSecret,
  ApplicationSecretArgs,
  ApplicationSecretState,
  ConnectionArgs,
} from "./program/applicationSecret";
export { GenAuthError } from "./client/errors";
export { ConnectionInputs, JsonValue, OnDelete } from "./inputs/types";
export type { RotationReason, RotationRecord } from "./core/state";
