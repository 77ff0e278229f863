import stringify from "safe-stable-stringify";

/** JSON text with sorted keys: two values are the same trigger iff their canonical texts are equal. */
export function canonicalJson(value: unknown): string {
  return stringify(value ?? null) ?? "null";
}
