import type { Clock } from "../../provider/client/clock";

/** A client clock whose sleeps move time at once and are recorded; randomness is fixed. */
export interface FakeClientClock extends Clock {
  /** Every sleep asked for, in ms, in order. */
  readonly slept: number[];
  /** Moves time on without a sleep. */
  advance(ms: number): void;
}

/** Builds a {@link FakeClientClock} starting at `start`, whose `random()` returns `random`. */
export function fakeClientClock(start = Date.UTC(2026, 0, 1), random = 0.5): FakeClientClock {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => random,
    advance: (ms) => {
      now += ms;
    },
  };
}
