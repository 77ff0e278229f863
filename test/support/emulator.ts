import { ClientSettings, GenAuthClient } from "../../provider/client/client";
import { POOL_A_ID, POOL_A_SECRET, RunningEmulator, SEEDED_APPS, startEmulator } from "../../emulator";
import { ApplicationSecretProvider } from "../../provider/core/provider";

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
    // Generous: a loaded 2-core CI machine must not turn a slow answer into a failure.
    timeoutMs: 2_000,
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 20, budgetMs: 10_000 },
    maxProcessingDelayMs: 50,
    ...overrides,
  };
}

/** A client for pool A of the emulator. */
export function fastClient(url: string, overrides: Partial<ClientSettings> = {}): GenAuthClient {
  return new GenAuthClient(fastSettings(url, overrides));
}

/** How a test provider is made: extra `genauth:*` config, environment, clock and engine liveness. */
export interface TestProviderOptions {
  config?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  engineAlive?: () => Promise<boolean>;
}

/**
 * An ApplicationSecretProvider configured as `pulumi config set genauth:*` would, for pool A of
 * `url`, with fast retries and a short timeout.
 */
export async function configuredProvider(
  url: string,
  options: TestProviderOptions = {},
): Promise<ApplicationSecretProvider> {
  const provider = new ApplicationSecretProvider({
    env: options.env ?? {},
    now: options.now ?? (() => new Date()),
    engineAlive: options.engineAlive ?? (async () => true),
  });
  const values: Record<string, string> = {
    "genauth:host": url,
    "genauth:accessKeyId": POOL_A_ID,
    "genauth:accessKeySecret": POOL_A_SECRET,
    "genauth:requestTimeoutMs": "2000",
    "genauth:retryBaseDelayMs": "1",
    // A short processing window, so tests of lost answers do not wait the production 30 s.
    "genauth:maxProcessingDelayMs": "50",
    ...options.config,
  };
  await provider.configure({ config: { get: (key: string) => values[key] } } as never);
  return provider;
}
