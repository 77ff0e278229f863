import {
  decideRate,
  parseRateLimit,
  RateDecision,
  retryAfterSeconds,
  WINDOW_MS,
} from "../../emulator/rateLimit";
import { fakeClock, START } from "./support";

/** Feeds `calls` calls to the decision at the clock's time, keeping the window as the state would. */
function run(limit: number, now: () => number, admissions: number[], calls: number): RateDecision[] {
  const decisions: RateDecision[] = [];
  for (let i = 0; i < calls; i++) {
    const decision = decideRate(limit, now(), admissions);
    if (decision.admit) admissions.splice(0, admissions.length, ...decision.admissions);
    decisions.push(decision);
  }
  return decisions;
}

describe("decideRate", () => {
  it("admits up to the limit within one second and refuses the next call", () => {
    const clock = fakeClock();
    const decisions = run(3, clock.now, [], 4);
    expect(decisions.map((decision) => decision.admit)).toEqual([true, true, true, false]);
  });

  it("says to retry when the oldest admission leaves the window", () => {
    const clock = fakeClock();
    const admissions: number[] = [];
    run(2, clock.now, admissions, 1);
    clock.advance(300);
    run(2, clock.now, admissions, 1);
    clock.advance(100);
    expect(decideRate(2, clock.now(), admissions)).toEqual({ admit: false, retryAfterMs: 600 });
    clock.advance(599);
    expect(decideRate(2, clock.now(), admissions).admit).toBe(false);
    clock.advance(1);
    expect(decideRate(2, clock.now(), admissions).admit).toBe(true);
  });

  it("drops admissions older than the window from the returned window", () => {
    const old = [START - WINDOW_MS, START - 999, START - 1];
    expect(decideRate(5, START, old)).toEqual({ admit: true, admissions: [START - 999, START - 1, START] });
  });

  it("holds the limit over every one-second span, not per calendar second", () => {
    const clock = fakeClock(START + 900);
    const admissions: number[] = [];
    expect(run(300, clock.now, admissions, 300).every((decision) => decision.admit)).toBe(true);
    clock.advance(200); // a new calendar second, but the same sliding second
    expect(decideRate(300, clock.now(), admissions)).toEqual({ admit: false, retryAfterMs: 800 });
  });

  it("waits for enough admissions to leave after the limit was lowered", () => {
    const admissions = [START, START + 100, START + 200, START + 300];
    expect(decideRate(2, START + 400, admissions)).toEqual({ admit: false, retryAfterMs: 800 });
  });

  it("does not let refused calls into the window", () => {
    const clock = fakeClock();
    const admissions: number[] = [];
    run(1, clock.now, admissions, 5);
    expect(admissions).toEqual([START]);
  });
});

describe("retryAfterSeconds", () => {
  it.each([
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [0, 1],
  ])("turns %i ms into %i whole seconds", (ms, seconds) => {
    expect(retryAfterSeconds(ms)).toBe(seconds);
  });
});

describe("parseRateLimit", () => {
  it("defaults retryAfter to false, as GenAuth documents no Retry-After, and keeps it when given", () => {
    expect(parseRateLimit({ requestsPerSecond: 300 })).toEqual({ requestsPerSecond: 300, retryAfter: false });
    expect(parseRateLimit({ requestsPerSecond: 1, retryAfter: true })).toEqual({
      requestsPerSecond: 1,
      retryAfter: true,
    });
  });

  it.each([
    [300, "rate limit must be an object"],
    [{}, "requestsPerSecond must be an integer of at least 1; got nothing"],
    [{ requestsPerSecond: 0 }, "requestsPerSecond must be an integer of at least 1"],
    [{ requestsPerSecond: 2.5 }, "requestsPerSecond must be an integer of at least 1"],
    [{ requestsPerSecond: 3, retryAfter: "no" }, "retryAfter must be true or false"],
  ])("refuses %j and names the field", (value, message) => {
    expect(() => parseRateLimit(value)).toThrow(message);
  });
});
