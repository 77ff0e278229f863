import { DECREASE, FIRST_PACE, Pacer } from "../../../provider/client/pacer";
import { fakeClientClock } from "../../support/fakeClock";

function setup(minRate = 1) {
  const clock = fakeClientClock(0);
  return { clock, pacer: new Pacer(clock, minRate) };
}

/** Answers `n` requests at once, `ms` apart, so the pacer has measured a rate. */
function answerMany(clock: ReturnType<typeof fakeClientClock>, pacer: Pacer, n: number, ms: number) {
  for (let i = 0; i < n; i++) {
    pacer.answered(clock.now());
    clock.advance(ms);
  }
}

describe("Pacer", () => {
  it("lets requests go at once while GenAuth has not throttled", async () => {
    const { clock, pacer } = setup();
    for (let i = 0; i < 5; i++) await pacer.acquire();
    expect(clock.slept).toEqual([]);
    expect(pacer.pace()).toBe(Infinity);
  });

  it("sets the pace just under the rate answered in the last second at the first 429", async () => {
    const { clock, pacer } = setup();
    answerMany(clock, pacer, 10, 90); // 10 answers within the last second
    pacer.throttled(clock.now());
    expect(pacer.pace()).toBeCloseTo(10 * FIRST_PACE);
  });

  it("spaces every request of the client by the pace, in the order they asked", async () => {
    const { clock, pacer } = setup();
    answerMany(clock, pacer, 5, 100);
    pacer.throttled(clock.now()); // pace 4.5/s: one request per 222 ms
    const order: number[] = [];
    const starts = await Promise.all([1, 2, 3].map((n) => pacer.acquire().then((at) => (order.push(n), at))));
    expect(order).toEqual([1, 2, 3]);
    const spacing = 1000 / (5 * FIRST_PACE);
    expect(starts[1] - starts[0]).toBeCloseTo(spacing, 0);
    expect(starts[2] - starts[1]).toBeCloseTo(spacing, 0);
  });

  it("lowers the pace once per round: 429s of requests sent before the last decrease do not count again", async () => {
    const { clock, pacer } = setup();
    answerMany(clock, pacer, 10, 90);
    const inFlight = clock.now() - 50;
    pacer.throttled(clock.now());
    const first = pacer.pace();
    pacer.throttled(inFlight);
    expect(pacer.pace()).toBe(first);
    clock.advance(10);
    pacer.throttled(clock.now());
    expect(pacer.pace()).toBeCloseTo(first * DECREASE);
  });

  it("never goes below the slowest pace", () => {
    const { clock, pacer } = setup(2);
    for (let i = 0; i < 20; i++) {
      clock.advance(10);
      pacer.throttled(clock.now());
    }
    expect(pacer.pace()).toBe(2);
  });

  it("probes back up with every answer after a slow-down", () => {
    const { clock, pacer } = setup();
    answerMany(clock, pacer, 10, 90);
    pacer.throttled(clock.now());
    const slowed = pacer.pace();
    clock.advance(1);
    answerMany(clock, pacer, 9, 111); // a second at the pace
    expect(pacer.pace()).toBeGreaterThan(slowed + 0.9);
    expect(pacer.pace()).toBeLessThan(slowed + 1.2);
  });

  it("holds every request until a Retry-After has passed", async () => {
    const { clock, pacer } = setup();
    pacer.throttled(clock.now(), 1500);
    clock.advance(500);
    await Promise.all([pacer.acquire(), pacer.acquire()]);
    expect(clock.slept[0]).toBe(1000);
    expect(clock.now()).toBeGreaterThanOrEqual(1500);
  });
});
