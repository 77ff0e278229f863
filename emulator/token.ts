/**
 * Management tokens as HS256 JWTs. Clients decode `scoped_userpool_id` from the payload to choose the
 * user pool header, so the emulator's tokens must be real JWTs; the key is random per emulator state,
 * so a token from one emulator (or from before a reset) never verifies in another.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The claims the emulator puts in a management token. */
export interface TokenClaims {
  /** The user pool the token manages. */
  scoped_userpool_id: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
  /** Random ID, so two tokens issued in the same second differ. */
  jti: string;
}

/** Signs claims into a compact JWT (header.payload.signature, base64url). */
export function signJwt(claims: TokenClaims, key: Buffer): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${hmac(`${header}.${payload}`, key)}`;
}

/**
 * Verifies a JWT's signature with the key and returns its claims, or undefined when the token is
 * malformed or was signed with another key. Expiry is the caller's business (it owns the clock).
 */
export function verifyJwt(token: string, key: Buffer): TokenClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts;
  const expected = Buffer.from(hmac(`${header}.${payload}`, key));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return isClaims(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}

function hmac(text: string, key: Buffer): string {
  return createHmac("sha256", key).update(text).digest("base64url");
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== "object" || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.scoped_userpool_id === "string" &&
    typeof claims.iat === "number" &&
    typeof claims.exp === "number"
  );
}
