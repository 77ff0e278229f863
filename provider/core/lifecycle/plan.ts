/**
 * What `check` adds to the inputs: the rotation a step makes ({@link decideRotation}), made
 * visible before any GenAuth call.
 *
 * `check` records the decision in two computed inputs ({@link PlannedInputs}) because the CLI's diff
 * shows changed inputs only: a due schedule then reads as `+ scheduledRotation: "rotateAfter ..."`
 * in `pulumi preview --diff`, and `diff` and `update` act on exactly what the reviewer saw.
 */
import { SecretInputs } from "../../inputs/types";
import { decideRotation } from "./rotation";
import { nextRotationAt } from "./schedule";

/**
 * The checked inputs with {@link PlannedInputs} filled in. `olds` are the inputs in state (none
 * for a new resource). A step that rotates or adopts ({@link decideRotation}: a create, a trigger
 * change, a due schedule) starts the schedule anew at `now`; anything else carries the old start
 * over. Pure.
 */
export function withRotationPlan(
  olds: Partial<SecretInputs> | undefined,
  news: SecretInputs,
  now: Date,
): SecretInputs {
  const { scheduledRotation: _stale, scheduledFrom: _given, ...inputs } = news;
  const anchor = typeof olds?.scheduledFrom === "string" ? olds.scheduledFrom : undefined;
  // The inputs in state are all check knows of the resource: no rotatedAt to count from.
  const before = { appId: olds?.appId, rotationTrigger: olds?.rotationTrigger, scheduledFrom: anchor };
  const decision = decideRotation(before, inputs, now);
  if (decision.reason !== undefined) {
    const planned: SecretInputs = { ...inputs, scheduledFrom: now.toISOString() };
    if (decision.reason === "schedule" && anchor !== undefined) {
      planned.scheduledRotation = scheduleText(anchor, news.rotateAfter);
    }
    return planned;
  }
  return anchor === undefined ? inputs : { ...inputs, scheduledFrom: anchor };
}

/** Why a due schedule rotates, as the reviewer reads it. */
function scheduleText(from: string, rotateAfter: string | undefined): string {
  return `rotateAfter "${rotateAfter}" has passed: due at ${nextRotationAt(from, rotateAfter)}, counted from ${from}`;
}
