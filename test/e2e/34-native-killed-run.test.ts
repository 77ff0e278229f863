/**
 * `kill -9` of `pulumi up` during a YAML program's throttled native rotations (issue 17, row 7):
 * the orphaned plugin starts no rotation once `pulumi` is gone and exits by itself, and the next
 * `up` converges with at most one extra rotation per app. Everything the killed run left behind
 * (the YAML language host) is ended by the test.
 */
import * as path from "node:path";
import { POOL_A_ID } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { buildPlugin, NativeProject } from "./support/nativeCli";
import { commandLine, killAll, waitForExit } from "./support/processes";
import { useScenario } from "./support/scenario";

const TOKEN = "genauth:index:ApplicationSecret";
const APPS = Array.from({ length: 12 }, (_, i) => `6229ffaa00000000000003${String(i).padStart(2, "0")}`);

/** A YAML program with one ApplicationSecret per app of {@link APPS}. */
function program(): string {
  const resources = APPS.flatMap((appId, i) => [
    `  app${i}:`,
    `    type: ${TOKEN}`,
    "    properties:",
    `      appId: "${appId}"`,
  ]);
  return ["name: native-killed", "runtime: yaml", "resources:", ...resources, ""].join("\n");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("kill -9 of pulumi up during native rotations", () => {
  const scenario = useScenario({ packageDir: null });
  const control = () => scenario().emulator.control;
  const rotated = () => APPS.reduce((sum, appId) => sum + control().app(appId).rotations, 0);
  let project: NativeProject;
  let orphans: number[] = [];
  /** The plugin processes pulumi had started when it was killed. */
  let plugins: number[];
  /** Those of them still running 20 s after the kill. */
  let pluginsLeft: string[];
  let atKill: number;
  let afterKill: number;
  let later: number;

  beforeAll(async () => {
    await buildPlugin();
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "yaml"), ["yaml"]);
    await project.installPlugin();
    for (const appId of APPS) control().addApp({ appId, userPoolId: POOL_A_ID });
    project.writeYaml(program());
    await project.initStack(scenario().emulator.url);

    // Three requests a second: the twelve creates (a read and a rotation each) take seconds.
    control().setRateLimit({ requestsPerSecond: 3 });
    const up = project.start(["up", "--yes"]);
    for (const end = Date.now() + 60_000; rotated() < 2 && Date.now() < end;) await sleep(50);
    atKill = rotated();
    const killed = await up.kill();
    orphans = killed.orphans;
    plugins = orphans.filter((pid) => /pulumi-resource-genauth/.test(commandLine(pid)));
    // An answer already on its way arrives within a moment; nothing may start after that.
    await sleep(1_000);
    afterKill = rotated();
    // The watchdog polls every 3 s; 20 s is generous on a loaded 2-core machine.
    pluginsLeft = (await waitForExit(plugins, 19_000)).map((pid) => `${pid} ${commandLine(pid)}`);
    await sleep(2_000);
    later = rotated();
    control().clearRateLimit();
    // The YAML language host is not the plugin's to end: the test ends what the kill left.
    killAll(orphans);
  });

  afterAll(() => killAll(orphans));

  test("the plugin was rotating when pulumi was killed", () => {
    expect(atKill).toBeGreaterThanOrEqual(2);
    expect(afterKill).toBeLessThan(APPS.length);
    expect(plugins.length).toBeGreaterThanOrEqual(1);
  });

  test("the orphaned plugin exits by itself once pulumi is gone", () => {
    expect(pluginsLeft).toEqual([]);
  });

  test("no rotation starts after the kill", () => {
    expect(later).toBe(afterKill);
  });

  test("after pulumi cancel, the next up converges: each app rotated at most twice, state holds GenAuth's secrets", async () => {
    await project.pulumi(["cancel", "--yes"]);
    await project.pulumi(["up", "--yes"]);
    const state = await project.exportState();
    const resources = state.deployment.resources.filter((r) => r.type === TOKEN);
    expect(resources).toHaveLength(APPS.length);
    for (const [i, appId] of APPS.entries()) {
      const { rotations } = control().app(appId);
      expect([appId, rotations >= 1 && rotations <= 2]).toEqual([appId, true]);
      const resource = resources.find((r) => r.urn.endsWith(`::app${i}`))!;
      expect([appId, resource.outputs?.fingerprint]).toEqual([
        appId,
        fingerprint(scenario().secretOf(appId)),
      ]);
    }
    await project.pulumi(["preview", "--expect-no-changes"]);
  });
});
