/**
 * Whether a step rotates the secret and why, written once: `check` (through `withRotationPlan`),
 * `diff`, `create` and `update` (with the confirmation of an unconfirmed one) all ask
 * {@link decideRotation}. Whether a rotation happened is the other rotation rule; it lives in
 * `client/rotationEvidence.ts`, the lowest layer that asks it. Pure: the clock is an argument and
 * no API is called.
 */
import { JsonValue, SecretInputs } from "../../inputs/types";
import { RotationReason } from "../state";
import { canonicalJson } from "./canonicalJson";
import { isRotationDue } from "./schedule";

/** The reasons a step rotates for; the others (`adopted`, `drift`) record a secret no step made. */
export type StepRotationReason = Extract<RotationReason, "created" | "trigger" | "schedule">;

/**
 * What a step does with the secret: rotate it (and why), adopt GenAuth's current one (a new
 * resource with `adopt: true`), or keep the one in state.
 */
export type RotationDecision =
  | { rotate: true; reason: StepRotationReason }
  | { rotate: false; reason: "adopted" }
  | { rotate: false; reason?: undefined };

/**
 * What the decision reads of the resource before the step: the inputs in state for `check`, the
 * last confirmed outputs for `diff` and `update`, nothing for a new resource. `rotatedAt` is there
 * for state written before 0.2, which has no `scheduledFrom`.
 */
export interface RotationState {
  appId?: string;
  rotationTrigger?: JsonValue;
  scheduledFrom?: string;
  rotatedAt?: string;
}

/**
 * Decides whether the step from `olds` to `news` rotates, first reason first: a new resource (no
 * or another `appId`) is created, or adopted with `adopt: true`; a changed trigger (canonical
 * JSON, key order ignored); a due schedule, as `check` planned it into `news.scheduledRotation`
 * or, when it planned no start (state written before 0.2), counted from `olds.rotatedAt`.
 */
export function decideRotation(
  olds: RotationState | undefined,
  news: SecretInputs,
  now: Date,
): RotationDecision {
  if (olds?.appId === undefined || olds.appId !== news.appId) {
    return news.adopt ? { rotate: false, reason: "adopted" } : { rotate: true, reason: "created" };
  }
  if (canonicalJson(olds.rotationTrigger) !== canonicalJson(news.rotationTrigger)) {
    return { rotate: true, reason: "trigger" };
  }
  if (news.scheduledRotation !== undefined) return { rotate: true, reason: "schedule" };
  if (
    news.scheduledFrom === undefined &&
    isRotationDue(olds.scheduledFrom ?? olds.rotatedAt ?? "", news.rotateAfter, now)
  ) {
    return { rotate: true, reason: "schedule" };
  }
  return { rotate: false };
}

/** Why the update of `olds` to `news` rotates, if it does ({@link decideRotation}'s reason). */
export function rotationReason(
  olds: RotationState,
  news: SecretInputs,
  now: Date,
): RotationReason | undefined {
  const decision = decideRotation(olds, news, now);
  return decision.rotate ? decision.reason : undefined;
}
