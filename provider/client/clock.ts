/**
 * Time and chance as the client sees them, injected once per client so that backoff, budgets and
 * pacing can be driven by a fake clock in tests, in milliseconds and without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1): the jitter of a backoff delay. */
  random(): number;
}

/** The real clock, timers and `Math.random`. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};
