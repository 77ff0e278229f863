import { ClientSettings, GenAuthClient } from "../../provider/client/client";
import { POOL_A_ID, POOL_A_SECRET, RunningEmulator, SEEDED_APPS, startEmulator } from "../../emulator";

/** The first seeded application of pool A. */
export const APP_1 = SEEDED_APPS.web;
/** The second seeded application of pool A. */
export const APP_2 = SEEDED_APPS.api;

/** Starts an emulator for the current test file and stops it afterwards. */
export function useEmulator(): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  beforeEach(() => {
    emulator!.control.reset();
  });
  return () => emulator!;
}

/** Client settings for pool A of the emulator, with fast retries and a short timeout. */
export function fastSettings(url: string, overrides: Partial<ClientSettings> = {}): ClientSettings {
  return {
    host: url,
    accessKeyId: POOL_A_ID,
    accessKeySecret: POOL_A_SECRET,
    timeoutMs: 300,
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 20, budgetMs: 10_000 },
    ...overrides,
  };
}

/** A client for pool A of the emulator. */
export function fastClient(url: string, overrides: Partial<ClientSettings> = {}): GenAuthClient {
  return new GenAuthClient(fastSettings(url, overrides));
}
