import { INPUT_KEYS, InputKey, SecretInputs } from "../../inputs/types";
import { RotationReason, StoredOutputs } from "../state";
import { canonicalJson } from "./canonicalJson";
import { isPending } from "./pending";
import { rotationReason } from "./rotation";

/** What a change of inputs means for the resource. */
export interface DiffDecision {
  /** Anything to do at all. Always a boolean: `undefined` would make the engine diff by itself. */
  changes: boolean;
  /** Inputs whose change forces a replacement (only `appId`). */
  replaces: string[];
  /** Why the update rotates the secret, when it does. */
  rotation?: RotationReason;
  /** True when state holds an unconfirmed rotation: the update confirms it first. */
  confirms: boolean;
  /** Every input that changed, for messages and tests. */
  changed: InputKey[];
}

/**
 * Decides the diff input by input: `appId` replaces; what rotates ({@link rotationReason}: a
 * changed `rotationTrigger`, a due `rotateAfter` schedule) updates; `connection`, `rotateAfter`,
 * `adopt` and `onDelete` update without rotating; an unconfirmed rotation in state always
 * updates, to confirm it. Pure: the clock is an argument and no API is called.
 */
export function decideDiff(olds: StoredOutputs, news: SecretInputs, now: Date): DiffDecision {
  const same = (key: keyof SecretInputs) => canonicalJson(olds[key]) === canonicalJson(news[key]);
  const changed = INPUT_KEYS.filter((key) => !same(key));
  const confirms = isPending(olds);
  if (changed.includes("appId")) return { changes: true, replaces: ["appId"], confirms, changed };
  const rotation = rotationReason(olds, news, now);
  return {
    changes: changed.length > 0 || rotation !== undefined || confirms,
    replaces: [],
    rotation,
    confirms,
    changed,
  };
}
