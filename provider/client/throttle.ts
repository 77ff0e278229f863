/**
 * A pause shared by all calls of one client. When GenAuth answers 429 with `Retry-After`, the limit
 * is its user pool's, not one call's: every call of the client waits until that time has passed,
 * instead of each in-flight call finding out with a 429 of its own.
 */
export class ThrottleGate {
  private until = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(now: () => number = Date.now, sleep: (ms: number) => Promise<void> = sleepFor) {
    this.now = now;
    this.sleep = sleep;
  }

  /** Holds every call until `ms` from now (or later, if a longer pause is already in effect). */
  pause(ms: number): void {
    this.until = Math.max(this.until, this.now() + ms);
  }

  /** Resolves once no pause is in effect. */
  async wait(): Promise<void> {
    for (let rest = this.until - this.now(); rest > 0; rest = this.until - this.now()) {
      await this.sleep(rest);
    }
  }
}

/** Resolves after `ms` milliseconds. */
export function sleepFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
