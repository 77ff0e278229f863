/**
 * The retry loop: attempt, and on failure ask {@link decideRetry} what to do. Every decision is in
 * that pure function; the loop only counts, keeps time on the injected clock and sleeps on it.
 */
import type { Clock } from "./clock";
import { GenAuthError } from "./errors";
import { decideRetry, isThrottled, RetryDecision, RetryPolicy } from "./retry";

/** How {@link retrying} runs. */
export interface RetryLoopOptions {
  policy: RetryPolicy;
  clock: Clock;
}

/**
 * The attempts of one operation, counted against the policy from the moment it starts: what a
 * retry loop keeps between attempts. {@link retrying} is the loop of the operations that are safe
 * to repeat; the refresh runs its own over the same count, to read back before it sends again.
 */
export class RetryBudget {
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly started: number;
  private attempts = 0;
  private throttledAttempts = 0;

  constructor({ policy, clock }: RetryLoopOptions) {
    this.policy = policy;
    this.clock = clock;
    this.started = clock.now();
  }

  /** Counts a failed attempt, and decides ({@link decideRetry}) whether another may follow and when. */
  failed(error: unknown): RetryDecision {
    this.attempts++;
    if (isThrottled(error)) this.throttledAttempts++;
    const elapsedMs = this.clock.now() - this.started;
    const failed = { error, attempts: this.attempts, throttledAttempts: this.throttledAttempts, elapsedMs };
    return decideRetry(this.policy, failed, this.clock.random());
  }

  /** The failure the operation ends with: a GenAuthError records the attempts made. */
  finalError(error: GenAuthError): GenAuthError;
  finalError(error: unknown): unknown;
  finalError(error: unknown): unknown {
    return error instanceof GenAuthError ? error.withAttempts(this.attempts) : error;
  }

  /** Waits out the delay {@link failed} decided before the next attempt. */
  async wait(decision: RetryDecision): Promise<void> {
    if (decision.retry && decision.delayMs > 0) await this.clock.sleep(decision.delayMs);
  }
}

/**
 * Runs `attempt` until it succeeds or {@link decideRetry} says stop; the last failure is rethrown,
 * a GenAuthError with the number of attempts made.
 */
export async function retrying<T>(attempt: () => Promise<T>, options: RetryLoopOptions): Promise<T> {
  const budget = new RetryBudget(options);
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      const next = budget.failed(error);
      if (!next.retry) throw budget.finalError(error);
      await budget.wait(next);
    }
  }
}
