import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { LabeledSource } from "../../inputs/config";
import { appIdProblem } from "../../inputs/appId";
import { describe, kind } from "../../inputs/describe";
import { checkTrigger, isTriggerProblem } from "../../inputs/triggerShape";
import { CONNECTION_SETTINGS, ConnectionField, settingRow } from "../../inputs/settings";
import { ConnectionInputs } from "../../inputs/types";
import { ConnectionSettings } from "../connectionSettings";
import { parseInterval } from "./schedule";

/** The engine's placeholder for a value not known until apply (preview of a new dependency). */
export const UNKNOWN = unknownValue;

/** A refused input, as the engine shows it: `property: reason`. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** True when the engine does not know the value yet. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/**
 * Validates the new inputs before any API call. Unknown values pass (they are checked again when
 * known). Credentials are resolved here too, so a missing key pair fails at preview, not mid-update:
 * over `fallbacks` (config, environment), or by the provider's {@link ConnectionSettings}, which
 * remembers the resolution for the method that follows.
 */
export function checkInputs(
  news: Record<string, unknown>,
  fallbacks: LabeledSource[] | ConnectionSettings,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const { appId, rotationTrigger, connection, rotateAfter, adopt, onDelete } = news;
  const appIdReason = isUnknown(appId) ? undefined : appIdProblem(appId);
  if (appIdReason) fail("appId", appIdReason);
  if (rotationTrigger !== undefined && !isUnknown(rotationTrigger)) {
    // Values may come from other SDKs, which do not run the constructor's check.
    const shape = checkTrigger(rotationTrigger, "rotationTrigger");
    if (isTriggerProblem(shape)) fail(shape.path, shape.problem);
  }
  if (rotateAfter !== undefined && !isUnknown(rotateAfter)) {
    const parsed = typeof rotateAfter === "string" ? parseInterval(rotateAfter) : undefined;
    if (!parsed) fail("rotateAfter", `must be a string such as "90d", got ${describe(rotateAfter)}`);
    else if (!parsed.ok) fail("rotateAfter", `${describe(rotateAfter)} ${parsed.problem}`);
  }
  if (adopt !== undefined && !isUnknown(adopt) && typeof adopt !== "boolean") {
    fail("adopt", `must be true or false, got ${describe(adopt)}`);
  }
  if (onDelete !== undefined && !isUnknown(onDelete) && onDelete !== "retain" && onDelete !== "rotate") {
    fail(
      "onDelete",
      `must be "retain" (the default: leave the secret as it is) or "rotate", got ${describe(onDelete)}`,
    );
  }
  if (!hasUnknown(connection)) {
    const problems = connection === undefined ? [] : connectionProblems(connection);
    if (problems.length > 0) {
      for (const p of problems) fail(p.property, p.reason);
    } else {
      const resolved = settingsOf(fallbacks).resolve(connection as ConnectionInputs | undefined);
      if (!resolved.ok) for (const p of resolved.problems) fail(p.property, p.reason);
    }
  }
  return { inputs: news, failures: failures.map((f) => echoSafe(f, news)) };
}

/**
 * The engine prints a failure as `property <p> with value <v> has a problem: <reason>`, the value
 * raw: a line break or an ANSI escape in it would reach the terminal as is. A failure of a value
 * that is not short and plainly printable is therefore reported as the resource's, with the
 * property named in the reason (which shows the value escaped).
 */
export function echoSafe(failure: CheckFailure, news: Record<string, unknown>): CheckFailure {
  const value = news[failure.property];
  if (typeof value !== "string" || /^[\x20-\x7e]{0,200}$/.test(value)) return failure;
  return { property: "", reason: `${failure.property}: ${failure.reason}` };
}

/** The fields `connection` may have, in the order they are documented (the settings table's). */
export const CONNECTION_FIELDS: readonly ConnectionField[] = CONNECTION_SETTINGS;

/** Whether a `connection` field is a boolean: true or false, or (from other SDKs) "true" or "false". */
function isBooleanField(field: string): boolean {
  return (
    (CONNECTION_FIELDS as readonly string[]).includes(field) &&
    settingRow(field as ConnectionField).kind === "boolean"
  );
}

/**
 * Why `connection` is not a {@link ConnectionInputs}. Unknown fields are refused rather than
 * ignored: a misspelt `accessKeySecert` would otherwise send another source's key pair unnoticed.
 * Values are never echoed, since a field may hold a key secret.
 */
function connectionProblems(value: unknown): CheckFailure[] {
  const allowed = CONNECTION_FIELDS.join(", ");
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [
      { property: "connection", reason: `must be an object with the fields ${allowed}, got ${kind(value)}` },
    ];
  }
  const entries = Object.entries(value);
  const unknown = entries
    .map(([k]) => k)
    .filter((k) => !(CONNECTION_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => JSON.stringify(k)).join(", ");
    return [
      {
        property: "connection",
        reason:
          unknown.length === 1
            ? `has unknown field ${names}; fix or remove it (the allowed fields are ${allowed})`
            : `has unknown fields ${names}; fix or remove them (the allowed fields are ${allowed})`,
      },
    ];
  }
  return entries
    .filter(([k, v]) => v !== undefined && v !== null && !fieldTypeFits(k, v))
    .map(([k, v]) => ({
      property: `connection.${k}`,
      reason: isBooleanField(k)
        ? `must be true or false (or the text "true" or "false"), got ${kind(v)}`
        : `must be a string, got ${kind(v)}`,
    }));
}

function fieldTypeFits(field: string, value: unknown): boolean {
  if (!isBooleanField(field)) return typeof value === "string";
  return typeof value === "boolean" || value === "true" || value === "false";
}

function settingsOf(fallbacks: LabeledSource[] | ConnectionSettings): ConnectionSettings {
  return Array.isArray(fallbacks) ? new ConnectionSettings(fallbacks) : fallbacks;
}

function hasUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  return value !== null && typeof value === "object" && Object.values(value).some(isUnknown);
}
