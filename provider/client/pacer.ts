/**
 * The pace of one client's requests, learnt from GenAuth's 429s. GenAuth limits each user pool (300
 * requests/s on free plans) and documents its 429 without `Retry-After`, so the client cannot be told
 * how long to wait: it has to find the rate that passes, for all of its calls together. One pacer
 * per client (one client per credential set, so per user pool) holds every request until its turn:
 *
 * - Unthrottled, requests go at once.
 * - The first 429 sets the pace just under the rate the pool answered in the last second; a later
 *   429 lowers it by {@link DECREASE}, once per round (429s of requests sent before the last
 *   decrease were caused by the old pace and are not counted again).
 * - Every answer that is not a 429 raises the pace a little: by about max(1, 5 %) request/s per
 *   second at the current pace, so it probes back up to the limit and follows it when it rises.
 * - A `Retry-After`, when GenAuth sends one, holds every request until it has passed.
 *
 * Additive increase, multiplicative decrease, as TCP finds a link's capacity.
 */
import type { Clock } from "./clock";

/** The pace after the first 429, as a share of the answers of the last second. */
export const FIRST_PACE = 0.9;
/** How much a later 429 lowers the pace. */
export const DECREASE = 0.7;
/** The span over which the answered rate is measured. */
const WINDOW_MS = 1000;

/** Holds requests to the pace one user pool allows. */
export class Pacer {
  /** Requests per second; Infinity while unthrottled. */
  private rate = Infinity;
  private pausedUntil = 0;
  private lastStart = -Infinity;
  private lastDecreaseAt = -Infinity;
  /** When the answers of the last window arrived, oldest first. */
  private readonly answers: number[] = [];
  private readonly waiting: Array<(startedAt: number) => void> = [];
  private pumping = false;
  private readonly clock: Pick<Clock, "now" | "sleep">;
  private readonly minRate: number;

  /**
   * @param clock time and sleep
   * @param minRate the slowest pace, in requests per second, however many 429s come
   */
  constructor(clock: Pick<Clock, "now" | "sleep">, minRate: number) {
    this.clock = clock;
    this.minRate = minRate;
  }

  /** The pace in requests per second (Infinity while unthrottled). */
  pace(): number {
    return this.rate;
  }

  /** Resolves when a request may start, in turn with every other request of the client; returns when. */
  async acquire(): Promise<number> {
    if (this.waiting.length === 0 && this.readyAt() <= this.clock.now()) {
      this.lastStart = this.clock.now();
      return this.lastStart;
    }
    return new Promise<number>((resolve) => {
      this.waiting.push(resolve);
      void this.pump();
    });
  }

  /** A request started at `sentAt` got an answer that was not a 429. */
  answered(sentAt: number): void {
    const now = this.clock.now();
    this.answers.push(now);
    while (this.answers.length > 0 && this.answers[0] <= now - WINDOW_MS) this.answers.shift();
    if (this.rate !== Infinity && sentAt >= this.lastDecreaseAt) {
      this.rate += Math.max(1, this.rate * 0.05) / this.rate;
    }
  }

  /** A request started at `sentAt` was throttled; `retryAfterMs` is GenAuth's `Retry-After`, if sent. */
  throttled(sentAt: number, retryAfterMs?: number): void {
    const now = this.clock.now();
    if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (sentAt < this.lastDecreaseAt) return;
    while (this.answers.length > 0 && this.answers[0] <= now - WINDOW_MS) this.answers.shift();
    const next = this.rate === Infinity ? this.answers.length * FIRST_PACE : this.rate * DECREASE;
    this.rate = Math.max(this.minRate, next);
    this.lastDecreaseAt = now;
  }

  private readyAt(): number {
    const spacing = this.rate === Infinity ? 0 : 1000 / this.rate;
    return Math.max(this.pausedUntil, this.lastStart + spacing);
  }

  /** Lets waiting requests go one by one, each at the pace in force when its turn comes. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const wait = this.readyAt() - this.clock.now();
        if (wait > 0) {
          await this.clock.sleep(wait);
          continue;
        }
        this.lastStart = this.clock.now();
        this.waiting.shift()!(this.lastStart);
      }
    } finally {
      this.pumping = false;
    }
  }
}
