import { connectionSource, LabeledSource, resolveSettings } from "../config";
import { ConnectionInputs, SecretInputs } from "../types";
import { parseInterval } from "./schedule";

/** The engine's placeholder for a value not known until apply (preview of a new dependency). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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
 * known). Credentials are resolved here too, so a missing key pair fails at preview, not mid-update.
 */
export function checkInputs(
  news: Record<string, unknown>,
  fallbacks: LabeledSource[],
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const { appId, connection, rotateAfter, adopt, onDelete } = news;
  if (!isUnknown(appId) && (typeof appId !== "string" || appId.trim() === "")) {
    fail(
      "appId",
      `must be a non-empty string (the application's ID from the GenAuth console), got ${describe(appId)}`,
    );
  } else if (typeof appId === "string" && appId !== appId.trim()) {
    fail("appId", `${describe(appId)} has leading or trailing whitespace; remove it`);
  }
  if (rotateAfter !== undefined && !isUnknown(rotateAfter)) {
    const parsed = typeof rotateAfter === "string" ? parseInterval(rotateAfter) : undefined;
    if (!parsed) fail("rotateAfter", `must be a string such as "90d", got ${describe(rotateAfter)}`);
    else if (!parsed.ok) fail("rotateAfter", `"${rotateAfter}" ${parsed.problem}`);
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
    if (connection !== undefined && !isConnection(connection)) {
      fail(
        "connection",
        `must be an object with string fields host, accessKeyId, accessKeySecret, userPoolId`,
      );
    } else {
      const resolved = resolveSettings([
        connectionSource(connection as ConnectionInputs | undefined),
        ...fallbacks,
      ]);
      if (!resolved.ok) for (const p of resolved.problems) fail(p.property, p.reason);
    }
  }
  return { inputs: news, failures };
}

/** Narrows checked inputs to their type (call only after {@link checkInputs} found no failure). */
export function asInputs(news: Record<string, unknown>): SecretInputs {
  return news as unknown as SecretInputs;
}

const CONNECTION_FIELDS = new Set(["host", "accessKeyId", "accessKeySecret", "userPoolId"]);

function isConnection(value: unknown): value is ConnectionInputs {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([k, v]) => CONNECTION_FIELDS.has(k) && (v === undefined || v === null || typeof v === "string"),
  );
}

function hasUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  return value !== null && typeof value === "object" && Object.values(value).some(isUnknown);
}

/** Describes a bad value without echoing long strings (they might be pasted secrets). */
function describe(value: unknown): string {
  if (typeof value === "string")
    return value.length > 40 ? `a string of ${value.length} characters` : `"${value}"`;
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
