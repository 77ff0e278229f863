/**
 * Reading exported state: the ApplicationSecret resources of a deployment and their outputs.
 */
import { specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import * as auto from "@pulumi/pulumi/automation";
import { SecretOutputs } from "../provider/core/state";
import { SECRET_TYPE } from "./stack";

/** The marker key of an encrypted secret value in exported state. */
const SECRET_SIG_KEY = specialSigKey;

/**
 * The outputs an ApplicationSecret has in state: the provider's outputs, with `secret` and
 * `connection` as stored (ciphertext objects in exports), plus the serialized provider.
 */
export type SecretState = Omit<SecretOutputs, "secret" | "connection"> & {
  secret: unknown;
  connection?: unknown;
  __provider: string;
};

/** One ApplicationSecret as recorded in a deployment. */
export interface SecretResourceState {
  urn: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: SecretState;
}

/** Every ApplicationSecret in a deployment, by resource name (pending deletions left out). */
export function secretResources(deployment: auto.Deployment): Record<string, SecretResourceState> {
  const resources = (deployment.deployment.resources ?? []) as Array<Record<string, unknown>>;
  const found: Record<string, SecretResourceState> = {};
  for (const r of resources) {
    if (r.type !== SECRET_TYPE || r.delete === true) continue;
    found[String(r.urn).split("::").pop()!] = r as unknown as SecretResourceState;
  }
  return found;
}

/** The ApplicationSecret named `name`; throws when it is not in the deployment. */
export function secretResource(deployment: auto.Deployment, name: string): SecretResourceState {
  const resource = secretResources(deployment)[name];
  if (!resource) throw new Error(`no ApplicationSecret "${name}" in the exported state`);
  return resource;
}

/** True for a value stored encrypted (`{ <sig>: ..., ciphertext }`). */
export function isEncrypted(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    SECRET_SIG_KEY in value &&
    typeof (value as { ciphertext?: unknown }).ciphertext === "string"
  );
}

/** The decrypted secret of a resource from `--show-secrets` state (secrets appear as `{sig, plaintext}`). */
export function plainSecret(plain: auto.Deployment, name: string): string {
  const value = secretResource(plain, name).outputs.secret;
  if (typeof value === "string") return value;
  const text = (value as { plaintext?: string }).plaintext;
  if (typeof text !== "string") throw new Error(`"${name}" has no readable secret in plain state`);
  return JSON.parse(text) as string;
}
