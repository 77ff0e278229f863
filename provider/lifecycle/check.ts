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
      `must be a non-empty string (the application's ID from the GenAuth console), ${blankAppId(appId)}`,
    );
  } else if (typeof appId === "string" && appId.length > MAX_APP_ID_LENGTH) {
    fail(
      "appId",
      `is ${appId.length} characters long, more than the ${MAX_APP_ID_LENGTH} accepted; a GenAuth application ID ` +
        `is usually 24 hex characters — check that you passed the app ID, not a token, a URL or a whole config value`,
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
    const problems = connection === undefined ? [] : connectionProblems(connection);
    if (problems.length > 0) {
      for (const p of problems) fail(p.property, p.reason);
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

/**
 * The longest `appId` accepted. GenAuth's IDs are usually 24 hex characters; anything this long is some
 * other value pasted by mistake (a token, a URL), and it must not travel on in query strings, the
 * resource id and state.
 */
export const MAX_APP_ID_LENGTH = 256;

/** What an unusable appId is, in words: "got undefined" of an input left out reads like a bug. */
function blankAppId(value: unknown): string {
  if (value === undefined) return "but it is not set";
  if (value === "") return "got an empty string";
  if (typeof value === "string") return "got only whitespace";
  return `got ${describe(value)}`;
}

/** The fields `connection` may have, in the order they are documented. */
export const CONNECTION_FIELDS = ["host", "accessKeyId", "accessKeySecret", "userPoolId"] as const;

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
    .filter(([, v]) => v !== undefined && v !== null && typeof v !== "string")
    .map(([k, v]) => ({ property: `connection.${k}`, reason: `must be a string, got ${kind(v)}` }));
}

function hasUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  return value !== null && typeof value === "object" && Object.values(value).some(isUnknown);
}

/**
 * Describes a bad value without echoing long strings (they might be pasted secrets). Short strings
 * are quoted as JSON, so stray whitespace shows as `\n` or `\t` rather than vanishing.
 */
function describe(value: unknown): string {
  if (typeof value === "string")
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  return kind(value);
}

/** The type of a value, with its article, never the value itself. */
function kind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
