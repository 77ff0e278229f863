/**
 * The client pacing itself from 429s alone, against the emulator's per-pool limiter without
 * Retry-After (as GenAuth documents it). Client and emulator share one fake clock: time moves only
 * when the client sleeps, so the figures below do not depend on the machine.
 */
import { GenAuthClient } from "../../../provider/client/client";
import { POOL_A_ID, RunningEmulator, startEmulator } from "../../../emulator";
import { fastSettings } from "../../support/emulator";
import { fakeClientClock } from "../../support/fakeClock";

const LIMIT = 5;
const CALLS = 60;

let emulator: RunningEmulator;
const clock = fakeClientClock(Date.UTC(2026, 0, 1));

beforeAll(async () => {
  emulator = await startEmulator({ now: clock.now });
  for (let i = 0; i < CALLS; i++) {
    emulator.control.addApp({ appId: `65c0${i.toString(16).padStart(20, "0")}`, userPoolId: POOL_A_ID });
  }
});
afterAll(() => emulator.stop());

describe("a client throttled without Retry-After", () => {
  it("slows all its calls down together, rotating each secret once with few 429s near the limit's rate", async () => {
    const client = new GenAuthClient(
      fastSettings(emulator.url, {
        timeoutMs: 5_000,
        retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 20_000, budgetMs: 600_000 },
      }),
      clock,
    );
    await client.userPoolId(); // the token first, as the provider does
    emulator.control.setRateLimit({ requestsPerSecond: LIMIT });
    const apps = emulator.state.listApps(POOL_A_ID).slice(-CALLS);
    const started = clock.now();
    const results = await Promise.all(
      apps.map((app) => client.refreshApplicationSecret(app.appId, { knownSecret: app.secret })),
    );
    const seconds = (clock.now() - started) / 1000;
    const throttled = emulator.control.rateLimit().throttled;

    expect(results).toHaveLength(CALLS);
    for (const app of apps) expect(emulator.control.app(app.appId).rotations).toBe(1);
    const floor = CALLS / LIMIT;
    // Measured: see the figures this prints; the bounds leave room, not precision.
    process.stdout.write(
      `pacing: ${seconds.toFixed(1)} s against a floor of ${floor} s, ${throttled} 429s\n`,
    );
    expect(seconds).toBeGreaterThanOrEqual(floor - 1);
    expect(seconds).toBeLessThan(floor * 1.5);
    // The first burst (every call at once) is refused beyond the limit; after it, few more.
    expect(throttled).toBeLessThan(CALLS - LIMIT + CALLS * 0.3);
  });
});
