import { redact } from "./errors";

/** How many characters of server text an error keeps; the rest is replaced by a marker. */
export const SERVER_TEXT_MAX_CHARS = 300;

// Escape sequences first (so their parameters go with them), then any single control character:
// C0, DEL, C1, and the Unicode line separators and bidirectional overrides that reorder or break
// what a terminal shows.
/* eslint-disable no-control-regex -- matching control characters is the point */
const ESCAPE_SEQUENCE =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[P^_X][^\x1b]*(?:\x1b\\)?|.?)/gs;
const CSI_C1 = /\x9b[0-?]*[ -/]*[@-~]?/g;
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
/* eslint-enable no-control-regex */

/**
 * Makes text that came from the network (GenAuth's `message` and `requestId`, a network error)
 * safe to put in an error that ends up on a terminal and in logs: renders a non-string value
 * without throwing, removes the given secrets, removes terminal escape sequences and control
 * characters (line breaks become spaces and runs of spaces one, so the text cannot forge lines or
 * indented output of its own), and keeps at most `maxChars` characters, saying how many were cut.
 */
export function serverText(
  value: unknown,
  secrets: ReadonlyArray<string | undefined> = [],
  maxChars: number = SERVER_TEXT_MAX_CHARS,
): string {
  const clean = redact(render(value), secrets)
    .replace(ESCAPE_SEQUENCE, "")
    .replace(CSI_C1, "")
    .replace(CONTROL, " ")
    .replace(/ {2,}/g, " ")
    .trim();
  if (clean.length <= maxChars) return clean;
  let kept = clean.slice(0, maxChars);
  if (/[\ud800-\udbff]$/.test(kept)) kept = kept.slice(0, -1); // no half of a surrogate pair
  return `${kept}… [${clean.length - kept.length} more characters cut]`;
}

function render(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return "";
  if (typeof value !== "object" || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return Object.prototype.toString.call(value);
  }
}
