/**
 * The detailed diff the native face adds: `pulumi preview --diff` lists why an update happens,
 * which a dynamic provider cannot say (there, `check` plans the schedule into computed inputs).
 * Decided from {@link DiffDecision}, the one diff the two faces share.
 */
import { DiffDecision } from "../core/lifecycle/diff";
import { SecretInputs } from "../inputs/types";
import { StoredOutputs } from "../core/state";

/** What happens to one property, as the engine's `PropertyDiff.Kind` names it. */
export type PropertyDiffKind = "add" | "addReplace" | "delete" | "deleteReplace" | "update" | "updateReplace";

/** One entry of a detailed diff. */
export interface PropertyDiff {
  kind: PropertyDiffKind;
  /** True when the change is between old and new inputs; false for outputs the step will change. */
  inputDiff: boolean;
}

/** A detailed diff: property path → what happens to it. */
export type DetailedDiff = Record<string, PropertyDiff>;

/**
 * The rows `preview --diff` shows. Each changed input is listed (`appId` as a replacement). A
 * rotation adds `+ secret: [unknown]` (the new secret, known after the update); a rotation the
 * schedule makes due also lists `rotateAfter` although it did not change (`~ rotateAfter: "90d" =>
 * "90d"`), since nothing else would say why. An update that confirms an unconfirmed rotation lists
 * `- pendingRotation`, which it clears, and `+ secret: [unknown]` whether or not it rotates: state
 * holds no secret then, and the update records one either way (GenAuth's, adopted, or a new one).
 * Pure.
 */
export function detailedDiff(decision: DiffDecision, olds: StoredOutputs, news: SecretInputs): DetailedDiff {
  const rows: DetailedDiff = {};
  const replaced = new Set(decision.replaces);
  for (const key of decision.changed) {
    const had = olds[key] !== undefined;
    const has = news[key] !== undefined;
    const base: "add" | "delete" | "update" = !had ? "add" : !has ? "delete" : "update";
    rows[key] = { kind: replaced.has(key) ? replacing(base) : base, inputDiff: true };
  }
  if (decision.replaces.length > 0) return rows;
  // "add": the engine shows an added output as unknown; an "update" would show it deleted.
  if (decision.rotation !== undefined || decision.confirms) rows.secret = { kind: "add", inputDiff: false };
  if (decision.rotation === "schedule") rows.rotateAfter ??= { kind: "update", inputDiff: true };
  if (decision.confirms) rows.pendingRotation = { kind: "delete", inputDiff: false };
  return rows;
}

function replacing(kind: "add" | "delete" | "update"): PropertyDiffKind {
  return kind === "add" ? "addReplace" : kind === "delete" ? "deleteReplace" : "updateReplace";
}
