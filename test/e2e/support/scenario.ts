/**
 * One end-to-end scenario: a GenAuth emulator on loopback (in this process, so tests read its calls
 * and state directly), a fresh work directory, and stacks configured to talk to the emulator.
 */
import * as auto from "@pulumi/pulumi/automation";
import { POOL_A_ID, POOL_A_SECRET, RunningEmulator, Seed, startEmulator } from "../../../emulator";
import { keepState } from "../../../harness/evidence";
import { E2eStack } from "../../../harness/stack";
import { createWorkDir, removeWorkDir, WorkDir } from "../../../harness/workdir";
import { assertNoSurvivors } from "./processes";

/** Time allowed for one test (a few `pulumi up`s on 2 cores). */
export const E2E_TIMEOUT_MS = 180_000;

/** Config every stack gets unless told otherwise: short timeouts and retry delays, so faults run fast. */
export const FAST_RETRY_CONFIG: Record<string, string> = {
  "genauth:requestTimeoutMs": "2000",
  "genauth:retryBaseDelayMs": "20",
  "genauth:retryBudgetMs": "15000",
  "genauth:maxProcessingDelayMs": "100",
};

/** How to start a scenario. */
export interface ScenarioOptions {
  seed?: Seed;
  /** What `node_modules/pulumi-genauth` links to; null links nothing (see `createWorkDir`). */
  packageDir?: string | null;
  /**
   * Successful answers carry a requestId too (GenAuth documents it only for failures, and the
   * emulator by default follows that): for tests of where a success's requestId ends up.
   */
  requestIdOnSuccess?: boolean;
}

/** How to open a stack in a scenario. */
export interface OpenOptions {
  stackName?: string;
  /**
   * `"config"` (default): host and pool A's key pair as stack config (the key secret as a secret);
   * `"none"`: only the fast-retry settings, for tests that pass credentials another way.
   */
  credentials?: "config" | "none";
  /** Extra environment for the CLI and provider. */
  env?: Record<string, string>;
}

/** A running scenario. */
export class Scenario {
  private constructor(
    /** The emulator every stack talks to. */
    readonly emulator: RunningEmulator,
    /** The scenario's directory and environment. */
    readonly workDir: WorkDir,
  ) {}

  /** Starts the emulator and creates the work directory. */
  static async start(options: ScenarioOptions = {}): Promise<Scenario> {
    const workDir = createWorkDir(options.packageDir);
    const emulator = await startEmulator({
      seed: options.seed,
      requestIdOnSuccess: options.requestIdOnSuccess,
    });
    return new Scenario(emulator, workDir);
  }

  /** Opens a stack of `program`, configured for the emulator. */
  async openStack(program: auto.PulumiFn, options: OpenOptions = {}): Promise<E2eStack> {
    const stack = await E2eStack.open(this.workDir, {
      program,
      stackName: options.stackName,
      env: options.env,
    });
    await stack.setConfig(this.stackConfig(options.credentials));
    return stack;
  }

  /**
   * The config a stack gets: the fast-retry settings, plus (with `"config"`, the default) the
   * emulator's URL and pool A's key pair, the key secret marked secret.
   */
  stackConfig(
    credentials: OpenOptions["credentials"] = "config",
  ): Record<string, { value: string; secret?: boolean }> {
    const config: Record<string, { value: string; secret?: boolean }> = {};
    for (const [key, value] of Object.entries(FAST_RETRY_CONFIG)) config[key] = { value };
    if (credentials === "config") {
      config["genauth:host"] = { value: this.emulator.url };
      config["genauth:accessKeyId"] = { value: POOL_A_ID };
      config["genauth:accessKeySecret"] = { value: POOL_A_SECRET, secret: true };
    }
    return config;
  }

  /** The GenAuth API calls made while `action` ran, by operation (zero counts left out). */
  async callsDuring<T>(action: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
    this.emulator.control.resetCalls();
    const result = await action();
    return { result, calls: this.emulator.control.calls() };
  }

  /** The emulator's current secret of an app. */
  secretOf(appId: string): string {
    return this.emulator.control.app(appId).secret;
  }

  /**
   * Stops the emulator and removes the work directory (its state kept for the leak scan). Fails,
   * after killing them, when processes started with this scenario's PULUMI_HOME (CLI, language
   * hosts, plugins, programs) still run: a test left them behind.
   */
  async stop(): Promise<void> {
    try {
      await assertNoSurvivors("PULUMI_HOME", this.workDir.env.PULUMI_HOME, `scenario ${this.workDir.root}`);
    } finally {
      await this.emulator.stop();
      keepState(this.workDir.root, this.workDir.backend);
      removeWorkDir(this.workDir);
    }
  }
}

/**
 * Registers a scenario for the enclosing `describe`: started before its tests, stopped after them.
 * Returns an accessor (the scenario exists only once `beforeAll` has run).
 */
export function useScenario(options: ScenarioOptions = {}): () => Scenario {
  let scenario: Scenario | undefined;
  jest.setTimeout(E2E_TIMEOUT_MS);
  beforeAll(async () => {
    scenario = await Scenario.start(options);
  });
  afterAll(async () => {
    await scenario?.stop();
  });
  return () => {
    if (!scenario) throw new Error("the scenario has not started (did beforeAll fail?)");
    return scenario;
  };
}
