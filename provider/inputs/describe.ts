/**
 * How messages show a value: bounded and printable, the one rule every message follows (inputs,
 * settings, the duplicate guard, GenAuth's answers). A message may reach a terminal, a CI log and
 * the engine's own error text, so a bad value must neither flood it (a pasted token, a 10 KB id)
 * nor steer it (line breaks, ANSI escapes, bidirectional overrides), nor show a secret.
 */

/** Strings longer than this are described by their length instead of being quoted. */
export const MAX_QUOTED_LENGTH = 40;

/** Up to 200 characters of visible ASCII without space: text that reads plainly in a sentence, unquoted. */
const BARE = /^[\x21-\x7e]{1,200}$/;

/** How {@link describe} shows a value; each caller's messages are pinned by tests. */
export interface DescribeOptions {
  /** Longest string shown (quoted); a longer one is described by its length. @default MAX_QUOTED_LENGTH */
  maxLength?: number;
  /**
   * What a string too long to show is called: settings are text, so "a value of 300 characters".
   * @default "string"
   */
  noun?: "string" | "value";
  /**
   * Shows a string of visible ASCII only (no space, at most 200 characters) as it is, unquoted:
   * an appId or a host inside a sentence. Any other string is shown as without this option.
   */
  bare?: boolean;
  /**
   * Shows only the type, in `typeof`'s words ("a string", "a object", "null", "an array"), and
   * "missing" for undefined: for the fields of GenAuth's answers, which may hold a secret, so neither
   * their text nor their length may be shown.
   */
  typeOnly?: boolean;
}

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
 * are quoted by {@link quote}, so stray whitespace shows as `\n` or `\t` rather than vanishing;
 * anything else is described by its {@link kind}.
 */
export function describe(value: unknown, options: DescribeOptions = {}): string {
  if (options.typeOnly) return typeName(value);
  if (typeof value !== "string") return kind(value);
  if (options.bare && BARE.test(value)) return value;
  const max = options.maxLength ?? MAX_QUOTED_LENGTH;
  return value.length > max ? `a ${options.noun ?? "string"} of ${value.length} characters` : quote(value);
}

/** The type of a value, with its article, never the value itself. */
export function kind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The type of a value in `typeof`'s words, with "a", never the value itself; "missing" for undefined. */
function typeName(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
