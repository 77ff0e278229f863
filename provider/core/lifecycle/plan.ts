/**
 * The rotation a step makes, decided before any GenAuth call, from state, inputs and the clock.
 *
 * `check` records the decision in two computed inputs ({@link PlannedInputs}) because the CLI's diff
 * shows changed inputs only: a due schedule then reads as `+ scheduledRotation: "rotateAfter ..."`
 * in `pulumi preview --diff`, and `diff` and `update` act on exactly what the reviewer saw.
 */
import { SecretInputs } from "../../inputs/types";
import { RotationReason, StoredOutputs } from "../state";
import { canonicalJson } from "./canonicalJson";
import { isRotationDue, nextRotationAt } from "./schedule";

/**
 * The checked inputs with {@link PlannedInputs} filled in. `olds` are the inputs in state (none
 * for a new resource). A create, a trigger change or a due schedule starts the schedule anew at
 * `now`; anything else carries the old start over. Pure.
 */
export function withRotationPlan(
  olds: Partial<SecretInputs> | undefined,
  news: SecretInputs,
  now: Date,
): SecretInputs {
  const { scheduledRotation: _stale, scheduledFrom: _given, ...inputs } = news;
  const creates = olds?.appId === undefined || olds.appId !== news.appId;
  const anchor = typeof olds?.scheduledFrom === "string" ? olds.scheduledFrom : undefined;
  const triggerChanged =
    !creates && canonicalJson(olds?.rotationTrigger) !== canonicalJson(news.rotationTrigger);
  const scheduleDue =
    !creates && !triggerChanged && anchor !== undefined && isRotationDue(anchor, news.rotateAfter, now);
  if (creates || triggerChanged || scheduleDue) {
    const planned: SecretInputs = { ...inputs, scheduledFrom: now.toISOString() };
    if (scheduleDue) planned.scheduledRotation = scheduleText(anchor, news.rotateAfter);
    return planned;
  }
  return anchor === undefined ? inputs : { ...inputs, scheduledFrom: anchor };
}

/** Why a due schedule rotates, as the reviewer reads it. */
function scheduleText(from: string, rotateAfter: string | undefined): string {
  return `rotateAfter "${rotateAfter}" has passed: due at ${nextRotationAt(from, rotateAfter)}, counted from ${from}`;
}

/**
 * Why an update of `olds` to `news` rotates, if it does: a changed trigger first, else the schedule
 * `check` found due. State written before 0.2 has no `scheduledFrom` in its inputs; for it, the
 * schedule counts from `rotatedAt`, as it did then.
 */
export function rotationReason(
  olds: StoredOutputs,
  news: SecretInputs,
  now: Date,
): RotationReason | undefined {
  if (canonicalJson(olds.rotationTrigger) !== canonicalJson(news.rotationTrigger)) return "trigger";
  if (news.scheduledRotation !== undefined) return "schedule";
  if (
    news.scheduledFrom === undefined &&
    isRotationDue(olds.scheduledFrom ?? olds.rotatedAt, news.rotateAfter, now)
  )
    return "schedule";
  return undefined;
}
