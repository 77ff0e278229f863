import { Input, Output, output } from "@pulumi/pulumi";
import { JsonValue } from "./types";

/**
 * Refuses values the Pulumi SDK cannot carry to the provider intact: it drops functions and
 * symbols, turns NaN/Infinity into null, and fails or loops on BigInt and cycles before `check`
 * ever sees them. `path` names the offending spot, e.g. `rotationTrigger.a[2]`.
 */
export function assertJsonValue(value: unknown, path: string, seen: Set<object> = new Set()): void {
  const fail = (problem: string) => {
    throw new Error(
      `${path} ${problem}; rotationTrigger must be a JSON value (string, number, boolean, null, array or plain object), e.g. a date string such as "2026-11"`,
    );
  };
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) fail(`is ${value}, which JSON cannot represent`);
      return;
    case "bigint":
      return fail("is a BigInt");
    case "function":
      return fail("is a function");
    case "symbol":
      return fail("is a symbol");
    case "undefined":
      return fail("is undefined");
  }
  if (value === null) return;
  const object = value as object;
  if (seen.has(object)) fail("refers back to itself (a cyclic object)");
  seen.add(object);
  if (Array.isArray(object)) {
    object.forEach((item, i) => assertJsonValue(item, `${path}[${i}]`, seen));
  } else {
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null)
      fail(`is a ${proto?.constructor?.name ?? "non-plain"} object`);
    for (const [key, item] of Object.entries(object)) {
      if (item !== undefined) assertJsonValue(item, `${path}.${key}`, seen);
    }
  }
  seen.delete(object);
}

/**
 * Validates a trigger at once when it is a plain value, or inside `apply` when it holds Outputs or
 * Promises (the program then fails when the value arrives, naming the path).
 */
export function jsonTrigger(trigger: Input<JsonValue> | undefined): Input<JsonValue> | undefined {
  if (trigger === undefined) return undefined;
  if (!containsAsync(trigger)) {
    assertJsonValue(trigger, "rotationTrigger");
    return trigger;
  }
  return output(trigger).apply((value) => {
    if (value !== undefined) assertJsonValue(value, "rotationTrigger");
    return value as JsonValue;
  });
}

function containsAsync(value: unknown, seen: Set<object> = new Set()): boolean {
  if (Output.isInstance(value) || value instanceof Promise) return true;
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  seen.add(value);
  return Object.values(value).some((item) => containsAsync(item, seen));
}
