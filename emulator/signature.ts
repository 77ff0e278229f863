/**
 * The AK/SK request signature in its two dialects, re-implemented from the documented rules so the
 * emulator can verify what the official SDKs send:
 * - `authing`: `authing-node-sdk` 4.0.1, over the `x-authing-*` headers;
 * - `genauth`: the GenAuth-branded SDKs (genauth-node-sdk, the `genauth` Python package), over the
 *   `x-genauth-*` headers, with `GenAuth` as the scheme word.
 *
 *   stringToSign = METHOD "\n"
 *                + for each `x-<dialect>-*` header and `date`, sorted by name: name ":" trimmed value "\n"
 *                + path [ "?" key=value pairs sorted by key, joined by "&", values not URL-encoded ]
 *   authorization = <scheme word> " " accessKeyId ":" base64(HMAC-SHA1(accessKeySecret, stringToSign))
 */
import { createHmac } from "node:crypto";

/** Header values as Node gives them: a string, several strings, or nothing. */
export type HeaderBag = Record<string, string | string[] | undefined>;

/** The two spellings of the signature: which header prefix it covers and which scheme word it uses. */
export type SignatureDialect = "authing" | "genauth";

/** The prefix of the headers a dialect signs and names its signature parameters with. */
export function headerPrefix(dialect: SignatureDialect): string {
  return `x-${dialect}-`;
}

/**
 * Builds the string to sign.
 * @param method upper-case HTTP method
 * @param path the URL path without query string, e.g. `/api/v3/get-application`
 * @param headers request headers with lower-case names (as Node delivers them)
 * @param params query pairs for GET, top-level JSON body fields otherwise
 * @param dialect whose headers are signed @default "authing"
 */
export function stringToSign(
  method: string,
  path: string,
  headers: HeaderBag,
  params: Record<string, unknown>,
  dialect: SignatureDialect = "authing",
): string {
  return `${method}\n${canonicalHeaders(headers, headerPrefix(dialect))}${canonicalResource(path, params)}`;
}

/** base64(HMAC-SHA1(secret, text)): the signature part of the authorization header. */
export function sign(accessKeySecret: string, text: string): string {
  return createHmac("sha1", accessKeySecret).update(Buffer.from(text, "utf8")).digest("base64");
}

/**
 * When a signed request says it was sent, in milliseconds since the epoch: `date` as an RFC 1123
 * date (what the SDKs send) or as Unix milliseconds (what apiCode 1303 speaks of); undefined when
 * it is neither.
 */
export function parseSignatureDate(value: string): number | undefined {
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function canonicalHeaders(headers: HeaderBag, prefix: string): string {
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith(prefix) || name === "date")
    .sort();
  return names.map((name) => `${name}:${headerValue(headers, name)}\n`).join("");
}

function headerValue(headers: HeaderBag, name: string): string {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw.join(", ") : (raw ?? "");
  // The SDK turns tabs and line breaks into spaces before trimming; doing the same keeps both sides equal.
  return value.replace(/[\t\n\r\f]/g, " ").trim();
}

function canonicalResource(path: string, params: Record<string, unknown>): string {
  const pairs = Object.keys(params)
    .sort()
    .filter((key) => params[key] !== undefined)
    .map((key) => `${key}=${paramValue(params[key])}`);
  return pairs.length === 0 ? path : `${path}?${pairs.join("&")}`;
}

function paramValue(value: unknown): string {
  // Objects and arrays are JSON-stringified; everything else (null included) is rendered as JS would.
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * How far a signed request's `date` may be from the emulator's clock (apiCode 1305 beyond it). Nonces are
 * remembered for as long, which is all replay protection needs: an older request fails the clock check.
 */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
