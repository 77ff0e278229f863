/**
 * What an `appId` may be. It travels in query strings and request bodies, becomes the resource id
 * and appears in every message about the app, so it is checked on both sides: by the resource
 * constructor for plain values (before the engine echoes the id) and by the provider's `check` (values
 * may come from other SDKs or arrive as Outputs).
 */
import { describe, quote } from "./describe";

/**
 * The longest `appId` accepted. GenAuth's IDs are 24 hex characters; anything much longer is some
 * other value pasted by mistake (a token, a URL), and it must not travel on in query strings, the
 * resource id and state.
 */
export const MAX_APP_ID_LENGTH = 64;

/** The characters an `appId` may hold: more than GenAuth's hex digits, nothing that needs escaping. */
export const APP_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Why `value` is not a usable appId, as the reason after `appId: `, or undefined when it is. The value
 * is shown only when short, and then with control characters escaped.
 */
export function appIdProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") {
    return `must be a non-empty string (the application's ID from the GenAuth console), ${blankAppId(value)}`;
  }
  if (value.length > MAX_APP_ID_LENGTH) {
    return (
      `is ${value.length} characters long, more than the ${MAX_APP_ID_LENGTH} accepted; a GenAuth application ID ` +
      `is 24 hex characters — check that you passed the app ID, not a token, a URL or a whole config value`
    );
  }
  if (value !== value.trim()) return `${describe(value)} has leading or trailing whitespace; remove it`;
  if (!APP_ID_PATTERN.test(value)) {
    const bad = [...value].find((c) => !APP_ID_PATTERN.test(c)) ?? "";
    return (
      `${describe(value)} contains ${quote(bad)}, which no GenAuth application ID holds; an ID has only ` +
      `letters, digits, "-" and "_" (GenAuth's are 24 hex characters): copy it from the GenAuth console`
    );
  }
  return undefined;
}

/** What an unusable appId is, in words: "got undefined" of an input left out reads like a bug. */
function blankAppId(value: unknown): string {
  if (value === undefined) return "but it is not set";
  if (value === "") return "got an empty string";
  if (typeof value === "string") return "got only whitespace";
  return `got ${describe(value)}`;
}
