import { Input, Output, output, RunError } from "@pulumi/pulumi";
import { checkTrigger, isTriggerProblem } from "../inputs/triggerShape";
import { JsonValue } from "../inputs/types";

/**
 * Refuses values the Pulumi SDK cannot carry to the provider intact: it drops functions and
 * symbols, turns NaN/Infinity into null, and fails or loops on BigInt and cycles before `check`
 * ever sees them. Refuses triggers past the bounds of `triggerShape` too. `path` names the
 * offending spot, e.g. `rotationTrigger.a[2]`. Iterative: no depth overflows the stack.
 */
export function assertJsonValue(value: unknown, path: string): void {
  const result = checkTrigger(value, path);
  if (!isTriggerProblem(result)) return;
  // A RunError: the program stops with this message alone, no stack trace.
  throw new RunError(`${result.path} ${result.problem}`);
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

/** True when an Output or Promise is anywhere in `value`. Iterative, like the check itself. */
function containsAsync(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Output.isInstance(item) || item instanceof Promise) return true;
    if (item === null || typeof item !== "object" || seen.has(item)) continue;
    seen.add(item);
    for (const child of Object.values(item)) stack.push(child);
  }
  return false;
}
