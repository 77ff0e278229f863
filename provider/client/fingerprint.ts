import { createHash } from "crypto";

/** Domain separation: these digests cannot be confused with any other SHA-256 of the secret. */
const PREFIX = "pulumi-genauth/application-secret-fingerprint/v1\0";

/** First 16 hex characters of SHA-256 over a fixed prefix and the secret: comparable, not reversible. */
export function fingerprint(secret: string): string {
  return createHash("sha256").update(PREFIX).update(secret).digest("hex").slice(0, 16);
}
