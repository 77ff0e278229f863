/**
 * The AK/SK request signature of `authing-node-sdk` 4.0.1, re-implemented from the documented rules so
 * the emulator can verify what the official SDK sends:
 *
 *   stringToSign = METHOD "\n"
 *                + for each `x-authing-*` header and `date`, sorted by name: name ":" trimmed value "\n"
 *                + path [ "?" key=value pairs sorted by key, joined by "&", values not URL-encoded ]
 *   authorization = "authing " accessKeyId ":" base64(HMAC-SHA1(accessKeySecret, stringToSign))
 */
import { createHmac } from "node:crypto";

/** Header values as Node gives them: a string, several strings, or nothing. */
export type HeaderBag = Record<string, string | string[] | undefined>;

/**
 * Builds the string to sign.
 * @param method upper-case HTTP method
 * @param path the URL path without query string, e.g. `/api/v3/get-application`
 * @param headers request headers with lower-case names (as Node delivers them)
 * @param params query pairs for GET, top-level JSON body fields otherwise
 */
export function stringToSign(
  method: string,
  path: string,
  headers: HeaderBag,
  params: Record<string, unknown>,
): string {
  return `${method}\n${canonicalHeaders(headers)}${canonicalResource(path, params)}`;
}

/** base64(HMAC-SHA1(secret, text)): the signature part of the authorization header. */
export function sign(accessKeySecret: string, text: string): string {
  return createHmac("sha1", accessKeySecret).update(Buffer.from(text, "utf8")).digest("base64");
}

/** The full `authorization` header value for a key pair and a string to sign. */
export function authorizationHeader(accessKeyId: string, accessKeySecret: string, text: string): string {
  return `authing ${accessKeyId}:${sign(accessKeySecret, text)}`;
}

function canonicalHeaders(headers: HeaderBag): string {
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith("x-authing-") || name === "date")
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
