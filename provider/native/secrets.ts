/**
 * Secret values on the wire. The plugin tells the engine it accepts secrets, so secret inputs and
 * config arrive wrapped (`{ [sig]: secretSig, value }`) and outputs leave wrapped, which keeps them
 * secret in state and in the CLI's display whatever SDK declared the resource.
 */

/** The key of the engine's type signature in a wire object. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as it travels between the engine and the plugin. */
export interface WireSecret {
  [SIG_KEY]: typeof SECRET_SIG;
  value: unknown;
}

/** True for a wrapped secret. */
export function isWireSecret(value: unknown): value is WireSecret {
  return (
    value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** `value` wrapped as a secret (once: a secret is never wrapped twice). */
export function wrapSecret(value: unknown): WireSecret {
  return isWireSecret(value) ? value : { [SIG_KEY]: SECRET_SIG, value };
}

/** `value` with every secret, at any depth, replaced by what it holds. Pure. */
export function unwrapSecrets(value: unknown): unknown {
  if (isWireSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** True when `value` is or holds a secret. */
export function holdsSecret(value: unknown): boolean {
  if (isWireSecret(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(holdsSecret);
  return false;
}

/** A property bag without secrets, and the names of its top-level properties that held one. */
export interface Unwrapped {
  values: Record<string, unknown>;
  secretKeys: string[];
}

/** Splits a wire property bag into plain values and the keys that were secret. Pure. */
export function unwrapProperties(properties: Record<string, unknown> | undefined): Unwrapped {
  const bag = properties ?? {};
  return {
    values: unwrapSecrets(bag) as Record<string, unknown>,
    secretKeys: Object.keys(bag).filter((key) => holdsSecret(bag[key])),
  };
}

/**
 * `values` with each of `secretKeys` that is present wrapped as a secret. A secret input stays a
 * secret wherever the provider returns it (in inputs and outputs alike). Pure.
 */
export function wrapProperties(
  values: Record<string, unknown>,
  secretKeys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const key of secretKeys) if (out[key] !== undefined) out[key] = wrapSecret(out[key]);
  return out;
}
