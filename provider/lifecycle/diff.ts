import stringify from "safe-stable-stringify";
import { RotationReason, SecretInputs, SecretOutputs } from "../types";
import { isRotationDue } from "./schedule";

/** What a change of inputs means for the resource. */
export interface DiffDecision {
  /** Anything to do at all. Always a boolean: `undefined` would make the engine diff by itself. */
  changes: boolean;
  /** Inputs whose change forces a replacement (only `appId`). */
  replaces: string[];
  /** Why the update rotates the secret, when it does. */
  rotation?: RotationReason;
  /** Every input that changed, for messages and tests. */
  changed: string[];
}

/** JSON text with sorted keys: two values are the same trigger iff their canonical texts are equal. */
export function canonicalJson(value: unknown): string {
  return stringify(value ?? null) ?? "null";
}

/**
 * Why an update of `olds` to `news` must rotate, if it must: a changed trigger first, else a due
 * schedule. A trigger change and a due schedule rotate once, for the trigger.
 */
export function rotationReason(
  olds: SecretOutputs,
  news: SecretInputs,
  now: Date,
): RotationReason | undefined {
  if (canonicalJson(olds.rotationTrigger) !== canonicalJson(news.rotationTrigger)) return "trigger";
  if (isRotationDue(olds.rotatedAt, news.rotateAfter, now)) return "schedule";
  return undefined;
}

/**
 * Decides the diff input by input: `appId` replaces; `rotationTrigger` (canonical JSON, key order
 * ignored) and a due `rotateAfter` schedule update and rotate; `connection`, `rotateAfter`, `adopt`
 * and `onDelete` update without rotating. Pure: the clock is an argument and no API is called.
 */
export function decideDiff(olds: SecretOutputs, news: SecretInputs, now: Date): DiffDecision {
  const same = (key: keyof SecretInputs) => canonicalJson(olds[key]) === canonicalJson(news[key]);
  const changed = (
    ["appId", "rotationTrigger", "connection", "rotateAfter", "adopt", "onDelete"] as const
  ).filter((key) => !same(key));
  if (changed.includes("appId")) return { changes: true, replaces: ["appId"], changed };
  const rotation = rotationReason(olds, news, now);
  return { changes: changed.length > 0 || rotation !== undefined, replaces: [], rotation, changed };
}
