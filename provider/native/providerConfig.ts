import { ConnectionInputs } from "../inputs/types";

// The schema's configuration docs are these (scripts/native-schema.ts writes them from here).
/**
 * The provider's configuration: the stack's `genauth:*` config for the default provider, or the
 * inputs of an explicit `genauth.Provider` resource (one per user pool, for stacks that touch
 * several). Each key the provider does not get falls back to its `GENAUTH_*` environment variable.
 */
export interface ProviderConfig extends ConnectionInputs {
  /** Per-request timeout, in milliseconds. */
  requestTimeoutMs?: number;
  /** Attempts per GenAuth call, the first included; throttled (429) attempts are not counted. */
  maxAttempts?: number;
  /** First backoff delay between attempts, in milliseconds (doubles each time, full jitter). */
  retryBaseDelayMs?: number;
  /** No retry starts after this many milliseconds. */
  retryBudgetMs?: number;
}
