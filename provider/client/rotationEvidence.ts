/**
 * Did a rotation happen? Written once, here in the client because the client is the lowest layer
 * that asks: after a lost answer it reads the secret back before deciding to resend. The core asks
 * the same question of an unconfirmed rotation in state and of drift seen by `read`.
 */
import { fingerprint } from "./fingerprint";

/**
 * The secret GenAuth held before a rotation: the secret itself while a call is in memory, or only
 * its {@link fingerprint} once state holds it (an unconfirmed rotation never stores a secret).
 */
export type SecretBefore = { secret: string } | { fingerprint: string };

/**
 * True when GenAuth's current secret differs from the one it held before: GenAuth invalidates the
 * old secret as it issues the new one, so a changed secret is the only evidence, whether the answer
 * was lost (the client, an unconfirmed rotation in state) or someone else rotated it (drift seen by
 * `read`).
 */
export function rotationHappened(before: SecretBefore, currentSecret: string): boolean {
  return "secret" in before
    ? currentSecret !== before.secret
    : fingerprint(currentSecret) !== before.fingerprint;
}
