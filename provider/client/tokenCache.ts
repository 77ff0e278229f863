import { isUsableUserPoolId, TokenGrant } from "./answers";

/** A management token and what the client needs to know about it. */
export interface ManagementToken {
  /** The JWT to send as `authorization: Bearer <value>`. */
  value: string;
  /** Epoch milliseconds after which GenAuth rejects it. */
  expiresAt: number;
  /** The user pool the token is scoped to (`scoped_userpool_id` claim), if the JWT carries it. */
  userPoolId?: string;
}

/**
 * How long before expiry a token is renewed: a minute, or a quarter of its lifetime when that is
 * shorter, so a short-lived token is not renewed on every call.
 */
export function renewalMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs / 4);
}

/**
 * Reads the `scoped_userpool_id` claim of a JWT without verifying it (we only route by it). A claim
 * that could not be sent as a header (not printable, too long) counts as absent.
 */
export function userPoolIdFromJwt(jwt: string): string | undefined {
  const payload = jwt.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    return isUsableUserPoolId(claims?.scoped_userpool_id) ? claims.scoped_userpool_id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Holds one management token for one credential set. Concurrent callers share one in-flight
 * request; the token is renewed shortly before it expires and dropped when GenAuth rejects it.
 */
export class TokenSource {
  private current: { token: ManagementToken; renewAt: number } | undefined;
  private inflight: Promise<ManagementToken> | undefined;
  private readonly fetchGrant: () => Promise<TokenGrant>;
  private readonly now: () => number;

  constructor(fetchGrant: () => Promise<TokenGrant>, now: () => number = Date.now) {
    this.fetchGrant = fetchGrant;
    this.now = now;
  }

  /** A token that is not due for renewal, fetching one when needed. */
  async get(): Promise<ManagementToken> {
    if (this.current && this.now() < this.current.renewAt) return this.current.token;
    if (!this.inflight) {
      const requestedAt = this.now();
      this.inflight = this.fetchGrant()
        .then((grant) => {
          const lifetimeMs = Math.max(grant.expires_in, 1) * 1000;
          const token: ManagementToken = {
            value: grant.access_token,
            expiresAt: requestedAt + lifetimeMs,
            userPoolId: userPoolIdFromJwt(grant.access_token),
          };
          this.current = { token, renewAt: token.expiresAt - renewalMarginMs(lifetimeMs) };
          return token;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }

  /** Forgets `tokenValue` if it is still the current token (GenAuth said it is expired or invalid). */
  invalidate(tokenValue: string): void {
    if (this.current?.token.value === tokenValue) this.current = undefined;
  }
}
