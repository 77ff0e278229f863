/**
 * The retry loop: attempt, and on failure ask {@link decideRetry} what to do. Every decision is in
 * that pure function; the loop only counts, keeps time on the injected clock and sleeps on it.
 */
import type { Clock } from "./clock";
import { GenAuthError } from "./errors";
import { classifyFailure, decideRetry, isThrottled, RetryPolicy } from "./retry";

/** How {@link retrying} runs. */
export interface RetryLoopOptions {
  policy: RetryPolicy;
  clock: Clock;
  /**
   * Asked before each retry with the failure's kind; false stops the loop with that failure. The
   * refresh uses it to learn whether an ambiguous attempt rotated before it sends another.
   * @default always true
   */
  beforeRetry?: (kind: "retry" | "ambiguous") => Promise<boolean> | boolean;
}

/**
 * Runs `attempt` until it succeeds or {@link decideRetry} (or `beforeRetry`) says stop; the last
 * failure is rethrown, a GenAuthError with the number of attempts made.
 */
export async function retrying<T>(attempt: () => Promise<T>, options: RetryLoopOptions): Promise<T> {
  const { policy, clock, beforeRetry } = options;
  const started = clock.now();
  let attempts = 0;
  let throttledAttempts = 0;
  for (;;) {
    attempts++;
    try {
      return await attempt();
    } catch (error) {
      if (isThrottled(error)) throttledAttempts++;
      const elapsedMs = clock.now() - started;
      const decision = decideRetry(policy, { error, attempts, throttledAttempts, elapsedMs }, clock.random());
      const kind = classifyFailure(error);
      const go = decision.retry && kind !== "final" && (beforeRetry ? await beforeRetry(kind) : true);
      if (!decision.retry || !go) throw error instanceof GenAuthError ? error.withAttempts(attempts) : error;
      if (decision.delayMs > 0) await clock.sleep(decision.delayMs);
    }
  }
}
