/**
 * The emulator's test instruments, kept apart from the GenAuth state (user pools, apps, secrets,
 * tokens): call counts, fault rules, the rate limiter's windows and the request log. They exist for
 * tests, which read and steer them through the control plane; GenAuth has none a client could see.
 * The server owns one set next to each state and builds both anew on a reset, so a reset forgets
 * counts, faults, windows and the log, and restores the rate limit the emulator started with.
 */
import { ActiveFault, FaultRule, matchFault } from "./faults";
import { decideRate, RateLimitSettings } from "./rateLimit";
import { RequestLog, RequestLogEntry } from "./requestLog";
import type { Operation } from "./routes";

/** How to build a set of instruments. */
export interface InstrumentOptions {
  /** Milliseconds since the epoch (the rate limiter's clock). @default Date.now */
  now?: () => number;
  /** The rate limit per user pool (already validated). @default none */
  rateLimit?: RateLimitSettings;
}

/** The rate limiter's answer about one call. */
export type Admission =
  | { admitted: true }
  /** Refused: the pool charged and when its window has room again. */
  | { admitted: false; userPoolId: string; retryAfterMs: number };

/** Call counts, fault rules, the rate limiter and the request log of one emulator (until its next reset). */
export class Instruments {
  private readonly now: () => number;
  private readonly callCounts = new Map<string, number>();
  private readonly faultRules: ActiveFault[] = [];
  private readonly log = new RequestLog();
  private rateLimitSettings: RateLimitSettings | undefined;
  /** Per pool, the times of the calls the limiter admitted within the last window, oldest first. */
  private readonly admissions = new Map<string, number[]>();
  private throttledCount = 0;
  private nextFaultId = 1;

  constructor(options: InstrumentOptions = {}) {
    this.now = options.now ?? Date.now;
    this.rateLimitSettings = options.rateLimit && { ...options.rateLimit };
  }

  /** Counts one received API call (faulted and failed calls included). */
  countCall(operation: Operation): void {
    this.callCounts.set(operation, (this.callCounts.get(operation) ?? 0) + 1);
  }

  /** Received API calls by operation (operations never called are absent). */
  calls(): Record<string, number> {
    return Object.fromEntries(this.callCounts);
  }

  /** Forgets the call counts. */
  resetCalls(): void {
    this.callCounts.clear();
  }

  /** Adds a fault rule (already validated) and returns its ID. */
  addFault(rule: FaultRule): string {
    const id = `fault-${this.nextFaultId++}`;
    this.faultRules.push({ ...rule, id, times: rule.times ?? 1, fired: 0 });
    return id;
  }

  /** Copies of all fault rules with how often each fired. */
  faults(): ActiveFault[] {
    return this.faultRules.map((rule) => ({ ...rule }));
  }

  /** Removes all fault rules; returns how many there were. */
  clearFaults(): number {
    return this.faultRules.splice(0).length;
  }

  /** Finds the fault for a call and counts it as fired (a copy is returned). */
  takeFault(operation: Operation, appId: string | undefined): ActiveFault | undefined {
    const rule = matchFault(this.faultRules, operation, appId);
    if (rule === undefined) return undefined;
    rule.fired += 1;
    return { ...rule };
  }

  /** The rate limit in force, or undefined when calls are not limited. */
  rateLimit(): RateLimitSettings | undefined {
    return this.rateLimitSettings && { ...this.rateLimitSettings };
  }

  /**
   * Sets (already validated) or removes the rate limit. Every pool starts with an empty window, so a limit
   * set mid-test does not count calls made before it.
   */
  setRateLimit(settings: RateLimitSettings | undefined): void {
    this.rateLimitSettings = settings && { ...settings };
    this.admissions.clear();
  }

  /**
   * Asks the rate limiter about one call charged to a pool: an admitted call enters the pool's window, a
   * refused one is counted as throttled. Calls are admitted when no limit is set or no pool is known.
   */
  admitCall(userPoolId: string | undefined): Admission {
    if (this.rateLimitSettings === undefined || userPoolId === undefined) return { admitted: true };
    const prior = this.admissions.get(userPoolId) ?? [];
    const decision = decideRate(this.rateLimitSettings.requestsPerSecond, this.now(), prior);
    if (!decision.admit) {
      this.throttledCount += 1;
      return { admitted: false, userPoolId, retryAfterMs: decision.retryAfterMs };
    }
    this.admissions.set(userPoolId, decision.admissions);
    return { admitted: true };
  }

  /** How many calls the rate limiter refused since these instruments were built or the count was reset. */
  throttled(): number {
    return this.throttledCount;
  }

  /** Forgets the throttled count (not the windows: the limiter keeps limiting as before). */
  resetThrottled(): void {
    this.throttledCount = 0;
  }

  /** Appends to the request log. */
  recordRequest(entry: RequestLogEntry): void {
    this.log.record(entry);
  }

  /** The last `limit` request log entries, oldest first. */
  requests(limit?: number): RequestLogEntry[] {
    return this.log.last(limit);
  }
}
