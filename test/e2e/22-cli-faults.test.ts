/**
 * Faults through the real CLI, in a program directory: a lost answer that cannot be confirmed, the
 * key pair of another user pool at refresh, `kill -9` of `pulumi up` in the middle of 20 throttled
 * rotations, a due schedule as `preview --diff` shows it, and the duplicate guard with the host spelt
 * two ways. Each asserts what GenAuth saw and what the CLI printed, and that the next run converges:
 * state holds the secret GenAuth holds, with exactly one rotation per requested one.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, POOL_B_ID, POOL_B_SECRET, SEEDED_APPS } from "../../emulator";
import { linkProgramModules } from "../../harness/programModules";
import { CliProject, plainOutput, runCounting, STACK_TRACE, useCliProject } from "./support/cliProject";
import { RunningCli } from "./support/programDir";
import { commandLine, waitForExit } from "./support/processes";
import { secretResource, secretResources } from "../../harness/state";

const WEB = SEEDED_APPS.web;

/** A plain CommonJS program: one ApplicationSecret per appId of config `apps` (a JSON array). */
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { ApplicationSecret } = require("pulumi-genauth");

const config = new pulumi.Config();
const apps = config.requireObject("apps");
const rotationTrigger = config.get("rotationTrigger") || "2026-01";
const rotateAfter = config.get("rotateAfter");
apps.forEach((appId, i) => {
  const app = new ApplicationSecret("app-" + i, { appId, rotationTrigger, rotateAfter });
  exports["secret" + i] = app.secret;
});
`;

const FILES = {
  "Pulumi.yaml": "name: faults\nruntime: nodejs\n",
  "package.json": { name: "faults", main: "index.js", private: true },
  "index.js": PROGRAM,
};

/** `pulumi stack init dev` and the emulator's pool A credentials as config, for `apps`. */
async function initStack(project: CliProject, apps: string[]): Promise<void> {
  const { program, scenario } = project;
  linkProgramModules(program.dir);
  await program.ok(["stack", "init", "dev"]);
  await program.ok(["config", "set", "genauth:host", scenario.emulator.url]);
  await program.ok(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
  await program.ok(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
  await program.ok(["config", "set", "genauth:retryBaseDelayMs", "20"]);
  await program.ok(["config", "set", "genauth:maxProcessingDelayMs", "100"]);
  await program.ok(["config", "set", "apps", JSON.stringify(apps)]);
}

const exportState = async (project: CliProject) =>
  JSON.parse((await project.program.ok(["stack", "export"])).stdout);

const rawState = (project: CliProject) =>
  readFileSync(
    path.join(project.scenario.workDir.backend, ".pulumi", "stacks", "faults", "dev.json"),
    "utf8",
  );

describe("a lost answer that cannot be confirmed, through the CLI", () => {
  const project = useCliProject({ files: FILES });
  const emulator = () => project().scenario.emulator;
  let before: string;
  let failed: Awaited<ReturnType<typeof runCounting>>;

  beforeAll(async () => {
    await initStack(project(), [WEB]);
    await project().program.ok(["up", "--yes"]);
    before = emulator().control.app(WEB).secret;
    emulator().control.addFaults([
      { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
      { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
    ]);
    await project().program.ok(["config", "set", "rotationTrigger", "2026-02"]);
    failed = await runCounting(project(), ["up", "--yes"]);
    emulator().control.clearFaults();
  });

  test("up fails naming the app, the requestId and what the next up does, without a stack trace", () => {
    expect(failed.run.code).not.toBe(0);
    expect(failed.run.output).toMatch(
      new RegExp(
        `GenAuth may have rotated the secret of app ${WEB}, and the provider could not confirm it \\(refresh-application-secret requestId`,
      ),
    );
    expect(failed.run.output).toContain("The next pulumi up reads the app's current secret first");
    expect(failed.run.output).not.toMatch(STACK_TRACE);
    expect(emulator().control.app(WEB).rotations).toBe(2); // GenAuth did rotate
  });

  test("state records the rotation as pending, with neither the old nor the new secret", async () => {
    const app = secretResource(await exportState(project()), "app-0");
    expect(app.outputs).toMatchObject({ pendingRotation: { reason: "trigger", rotationTrigger: "2026-02" } });
    expect(app.outputs).not.toHaveProperty("secret");
    const text = rawState(project());
    expect(text).not.toContain(before);
    expect(text).not.toContain(emulator().control.app(WEB).secret);
  });

  test("with the trigger reverted, the next up adopts GenAuth's secret without rotating", async () => {
    await project().program.ok(["config", "set", "rotationTrigger", "2026-01"]);
    const { run, calls } = await runCounting(project(), ["up", "--yes"]);
    expect(run.code).toBe(0);
    expect(run.output).toContain("~ 1 updated");
    expect(calls["refresh-application-secret"]).toBeUndefined();
    expect(emulator().control.app(WEB).rotations).toBe(2);
    expect(await plainOutput(project().program, "secret0")).toBe(emulator().control.app(WEB).secret);
    const app = secretResource(await exportState(project()), "app-0");
    expect(app.outputs).not.toHaveProperty("pendingRotation");
  });

  test("then up with nothing changed calls nothing", async () => {
    const { run, calls } = await runCounting(project(), ["up", "--yes"]);
    expect(run.output).toContain("2 unchanged");
    expect(calls).toEqual({});
  });
});

describe("refresh with the key pair of another user pool, through the CLI", () => {
  const project = useCliProject({ files: FILES });
  const emulator = () => project().scenario.emulator;

  beforeAll(async () => {
    await initStack(project(), [WEB]);
    await project().program.ok(["up", "--yes"]);
    await project().program.ok(["config", "set", "genauth:accessKeyId", POOL_B_ID]);
    await project().program.ok(["config", "set", "--secret", "genauth:accessKeySecret", POOL_B_SECRET]);
    // Nothing to do, so no call: this up only records pool B's key pair as the provider's config,
    // which refresh then uses.
    const { run, calls } = await runCounting(project(), ["up", "--yes"]);
    expect([run.code, calls]).toEqual([0, {}]);
  });

  test("refresh fails naming both pools and the settings, and deletes nothing from state", async () => {
    const { run } = await runCounting(project(), ["refresh", "--yes"]);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(
      `says the application does not exist in user pool ${POOL_B_ID}, which the key pair genauth:accessKeyId/genauth:accessKeySecret addresses, but state records it in user pool ${POOL_A_ID}. State is unchanged.`,
    );
    expect(run.output).not.toMatch(/- \d+ deleted/);
    expect(run.output).not.toMatch(STACK_TRACE);
    expect(run.output).not.toContain(POOL_B_SECRET);
    expect(Object.keys(secretResources(await exportState(project())))).toEqual(["app-0"]);
  });

  test("with pool A's key pair back, up has nothing to do and rotated only once in all", async () => {
    await project().program.ok(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
    await project().program.ok(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
    const { run, calls } = await runCounting(project(), ["up", "--yes"]);
    expect(run.code).toBe(0);
    expect(run.output).toContain("2 unchanged");
    expect(calls).toEqual({});
    expect(emulator().control.app(WEB).rotations).toBe(1);
  });
});

describe("kill -9 of pulumi up during 20 throttled rotations", () => {
  const project = useCliProject({ files: FILES });
  const emulator = () => project().scenario.emulator;
  const apps = Array.from({ length: 20 }, (_, i) => `6229ffaa00000000000001${String(i).padStart(2, "0")}`);
  const rotated = () => apps.reduce((sum, appId) => sum + emulator().control.app(appId).rotations, 0);
  const waitFor = async (condition: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end && !condition();)
      await new Promise((resolve) => setTimeout(resolve, 50));
  };
  let afterKill: number;
  let later: number;
  let up: RunningCli | undefined;
  /** The dynamic-provider processes (shim and node host) pulumi had started when it was killed. */
  let providers: number[];
  /** Those of them still running 20 s after the kill. */
  let providersLeft: string[];

  beforeAll(async () => {
    for (const appId of apps) emulator().control.addApp({ appId, userPoolId: POOL_A_ID });
    await initStack(project(), apps);
    emulator().control.setRateLimit({ requestsPerSecond: 3 });
    up = project().program.start(["up", "--yes"], { label: "cli-up-killed" });
    await waitFor(() => rotated() >= 2, 60_000);
    await up.kill("SIGKILL");
    providers = up
      .orphans()
      .filter((pid) => /pulumi-resource-pulumi-nodejs|dynamic-provider/.test(commandLine(pid)));
    // Answers already on their way arrive within a moment; nothing may start after that.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    afterKill = rotated();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    later = rotated();
    // The provider's watchdog polls every 3 s; 20 s is generous on a loaded 2-core machine.
    providersLeft = (await waitForExit(providers, 13_000)).map((pid) => `${pid} ${commandLine(pid)}`);
    emulator().control.clearRateLimit();
    // The language host and the program are not the provider's to end: the test ends them.
    up.reap();
  });

  afterAll(() => up?.reap());

  test("the orphaned provider starts no rotation once pulumi is gone", () => {
    expect(afterKill).toBeGreaterThanOrEqual(2);
    expect(afterKill).toBeLessThan(apps.length);
    expect(later).toBe(afterKill);
  });

  test("the orphaned provider exits by itself once pulumi is gone", () => {
    expect(providers.length).toBeGreaterThanOrEqual(1);
    expect(providersLeft).toEqual([]);
  });

  test("after pulumi cancel, the next up converges: each app rotated at most twice, state holds GenAuth's secrets", async () => {
    await project().program.ok(["cancel", "--yes"]);
    const { run } = await runCounting(project(), ["up", "--yes"]);
    expect(run.code).toBe(0);
    expect(run.output).not.toMatch(STACK_TRACE);
    const state = await exportState(project());
    expect(Object.keys(secretResources(state))).toHaveLength(apps.length);
    for (const [i, appId] of apps.entries()) {
      const { rotations } = emulator().control.app(appId);
      expect([appId, rotations >= 1 && rotations <= 2]).toEqual([appId, true]);
      expect(secretResource(state, `app-${i}`).outputs.fingerprint).toBe(
        secretResource(state, `app-${i}`).outputs.history.at(-1)?.fingerprint,
      );
    }
    for (const i of [0, apps.length - 1]) {
      expect(await plainOutput(project().program, `secret${i}`)).toBe(emulator().control.app(apps[i]).secret);
    }
  });
});

describe("a due schedule in preview --diff, through the CLI", () => {
  const project = useCliProject({ files: FILES });
  const emulator = () => project().scenario.emulator;

  beforeAll(async () => {
    await initStack(project(), [WEB]);
    await project().program.ok(["config", "set", "rotateAfter", "1m"]);
    await project().program.ok(["up", "--yes"]);
    // Two minutes pass: the schedule's start moves back in state (stack export, edit, import).
    const state = await exportState(project());
    const app = (state.deployment.resources as Array<Record<string, Record<string, unknown>>>).find((r) =>
      String(r.urn).endsWith("::app-0"),
    )!;
    const past = new Date(Date.now() - 120_000).toISOString();
    app.inputs.scheduledFrom = past;
    app.outputs.scheduledFrom = past;
    app.outputs.rotatedAt = past;
    project().program.write({ "state.json": state });
    await project().program.ok(["stack", "import", "--file", "state.json"]);
  });

  test("preview --diff says the schedule is due and why, and calls nothing", async () => {
    const { run, calls } = await runCounting(project(), ["preview", "--diff"]);
    expect(run.output).toContain("~ pulumi-nodejs:dynamic/genauth:ApplicationSecret: (update)");
    expect(run.output).toMatch(
      /\+ scheduledRotation: "rotateAfter \\"1m\\" has passed: due at \S+, counted from \S+"/,
    );
    expect(run.output).toContain("~ 1 to update");
    expect(calls).toEqual({});
  });

  test("up rotates once, for the schedule", async () => {
    const { run, calls } = await runCounting(project(), ["up", "--yes"]);
    expect(run.code).toBe(0);
    expect(calls["refresh-application-secret"]).toBe(1);
    expect(emulator().control.app(WEB).rotations).toBe(2);
    const app = secretResource(await exportState(project()), "app-0");
    expect(app.outputs.rotationReason).toBe("schedule");
  });

  test("then preview --diff plans nothing", async () => {
    const { run, calls } = await runCounting(project(), ["preview", "--diff"]);
    expect(run.output).not.toContain("(update)");
    expect(run.output).not.toContain("+ scheduledRotation");
    expect(calls).toEqual({});
  });
});

describe("the duplicate guard with the host spelt two ways, through the CLI", () => {
  const project = useCliProject({ files: FILES });

  test("up fails before any GenAuth call, naming both resources", async () => {
    const { program, scenario } = project();
    await initStack(project(), []);
    const port = new URL(scenario.emulator.url).port;
    program.write({
      "index.js": `const { ApplicationSecret } = require("pulumi-genauth");
new ApplicationSecret("a", { appId: "${WEB}", connection: { host: "http://127.0.0.1:${port}" } });
new ApplicationSecret("b", { appId: "${WEB}", connection: { host: "HTTP://LOCALHOST:${port}/" } });
`,
    });
    const { run, calls } = await runCounting(project(), ["up", "--yes"]);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/ApplicationSecret "b" and ApplicationSecret "a" both manage appId/);
    expect(run.output).not.toMatch(STACK_TRACE);
    expect(calls).toEqual({});
  });
});
