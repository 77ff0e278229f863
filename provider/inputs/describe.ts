/**
 * How error messages show a value the user gave: bounded and printable. A message may reach a
 * terminal, a CI log and the engine's own error text, so a bad value must neither flood it (a pasted
 * token, a 10 KB id) nor steer it (line breaks, ANSI escapes, bidirectional overrides).
 */

/** Strings longer than this are described by their length instead of being quoted. */
export const MAX_QUOTED_LENGTH = 40;

/**
 * Code points JSON.stringify leaves as they are but a terminal acts on or hides: DEL and the C1
 * controls, line and paragraph separators, zero-width and bidirectional formatting, the BOM.
 */
const INVISIBLE = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * `text` as a JSON string literal with every control or invisible character escaped (`\n`,
 * `\u001b`, `\u202e`), so what is wrong with it can be seen. Does not shorten: see {@link describe}.
 */
export function quote(text: string): string {
  return JSON.stringify(text).replace(
    INVISIBLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Describes a bad value without echoing long strings (they might be pasted secrets). Short strings
 * are quoted by {@link quote}, so stray whitespace shows as `\n` or `\t` rather than vanishing.
 */
export function describe(value: unknown): string {
  if (typeof value === "string")
    return value.length > MAX_QUOTED_LENGTH ? `a string of ${value.length} characters` : quote(value);
  return kind(value);
}

/** The type of a value, with its article, never the value itself. */
export function kind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
