/**
 * A CLI scenario: the GenAuth emulator (in this process, so tests read its calls and secrets), a
 * work directory (backend, PULUMI_HOME) and one program directory the tests run `pulumi` in, plus
 * what tests of such a directory ask again and again.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import * as auto from "@pulumi/pulumi/automation";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../../emulator";
import { CliRun, ProgramDir, ProgramDirOptions, RunOptions } from "./programDir";
import { E2E_TIMEOUT_MS, Scenario } from "./scenario";

/** A running CLI scenario. */
export interface CliProject {
  scenario: Scenario;
  program: ProgramDir;
}

/**
 * Registers a CLI scenario for the enclosing `describe`: the emulator and the program directory
 * exist from `beforeAll` on and are stopped and removed (state kept for the leak scan) after.
 */
export function useCliProject(options: ProgramDirOptions = {}): () => CliProject {
  let project: CliProject | undefined;
  jest.setTimeout(E2E_TIMEOUT_MS);
  beforeAll(async () => {
    // No package linked into the work directory: the project installs its own.
    const scenario = await Scenario.start({ packageDir: null });
    project = { scenario, program: ProgramDir.create(scenario.workDir, options) };
  });
  afterAll(async () => {
    project?.program.remove();
    await project?.scenario.stop();
  });
  return () => {
    if (!project) throw new Error("the CLI project has not started (did beforeAll fail?)");
    return project;
  };
}

/** A CLI run and the GenAuth API calls made while it ran, by operation (zero counts left out). */
export async function runCounting(
  project: CliProject,
  args: string[],
  options: RunOptions = {},
): Promise<{ run: CliRun; calls: Record<string, number> }> {
  const { result, calls } = await project.scenario.callsDuring(() => project.program.run(args, options));
  return { run: result, calls };
}

/**
 * The values the READMEs' placeholders stand for, against this emulator: pool A's key pair, the
 * app `web` and the emulator's URL in place of GenAuth's.
 */
export function emulatorValues(scenario: Scenario): Record<string, string> {
  return {
    "<user pool id or access key id>": POOL_A_ID,
    "<its secret>": POOL_A_SECRET,
    "<the application's id>": SEEDED_APPS.web,
    "https://api.genauth.ai": scenario.emulator.url,
  };
}

/** `pulumi stack output --json` (secrets as `"[secret]"`). */
export async function stackOutputs(program: ProgramDir, stack?: string): Promise<Record<string, unknown>> {
  const run = await program.ok(["stack", "output", "--json", ...(stack ? ["--stack", stack] : [])]);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** One stack output in plaintext (`--show-secrets`; the run is left out of the evidence). */
export async function plainOutput(program: ProgramDir, name: string, stack?: string): Promise<string> {
  const args = ["stack", "output", name, "--show-secrets", ...(stack ? ["--stack", stack] : [])];
  return (await program.ok(args, { printsSecrets: true })).stdout.trim();
}

/** `pulumi stack export` (secrets stay encrypted; the output goes to the evidence). */
export async function exportState(program: ProgramDir, stack?: string): Promise<auto.Deployment> {
  const run = await program.ok(["stack", "export", ...(stack ? ["--stack", stack] : [])]);
  return JSON.parse(run.stdout) as auto.Deployment;
}

/**
 * `pulumi stack import` of `deployment` (e.g. an export with outputs edited, to move `rotatedAt`
 * into the past and make a schedule due without waiting).
 */
export async function importState(
  program: ProgramDir,
  deployment: auto.Deployment,
  stack?: string,
): Promise<void> {
  const file = path.join(program.workDir.root, `import-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(deployment));
  await program.ok(["stack", "import", "--file", file, ...(stack ? ["--stack", stack] : [])]);
}

/** A stack trace line of Node (`    at fn (file:1:2)`) or Go (`goroutine 1 [running]`). */
export const STACK_TRACE = /^\s+at .+[:(]\d+:\d+\)?$|^goroutine \d+ \[/m;
