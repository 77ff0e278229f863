/**
 * An unconfirmed rotation through the native plugin, the real engine and a YAML program: what the
 * failed `up` says, what `preview --diff` lists for the update that settles it, what a `pulumi
 * refresh` records, and that the next `up` of the same program then plans nothing (issue 17, rows
 * 9, 10 and 13 a-c).
 */
import * as path from "node:path";
import { SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { buildPlugin, NativeProject } from "./support/nativeCli";
import { useScenario } from "./support/scenario";

const WEB = SEEDED_APPS.web;
const TOKEN = "genauth:index:ApplicationSecret";

/** A YAML program of `web` with `trigger`, exporting its fingerprint. */
function program(trigger: string): string {
  return [
    "name: native-unconfirmed",
    "runtime: yaml",
    "outputs:",
    "  webFingerprint: ${web.fingerprint}",
    "resources:",
    "  web:",
    `    type: ${TOKEN}`,
    "    properties:",
    `      appId: "${WEB}"`,
    `      rotationTrigger: "${trigger}"`,
  ].join("\n");
}

describe("an unconfirmed rotation through the native plugin", () => {
  const scenario = useScenario({ packageDir: null });
  let project: NativeProject;
  let failedOutput: string;
  let before: string;
  const control = () => scenario().emulator.control;
  const write = (text: string) => project.writeYaml(`${text}\n`);
  const resource = (name: string) => project.resourceInState(TOKEN, name);
  const calls = async (action: () => Promise<unknown>) => (await scenario().callsDuring(action)).calls;

  beforeAll(async () => {
    await buildPlugin();
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "yaml"), ["yaml"]);
    await project.installPlugin();
    write(program("v1"));
    await project.initStack(scenario().emulator.url);
    await project.pulumi(["up", "--yes"]);
    before = scenario().secretOf(WEB);
    control().addFaults([
      { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
      { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
    ]);
    write(program("v2"));
    const failed = await project.pulumi(["up", "--yes"], { allowFailure: true });
    control().clearFaults();
    expect(failed.code).not.toBe(0);
    failedOutput = `${failed.stdout}\n${failed.stderr}`;
  });

  test("the failed up says why the read-back failed and that stack outputs stay stale", async () => {
    expect(control().app(WEB).rotations).toBe(2); // GenAuth did rotate
    expect(failedOutput).toMatch(
      /reading the secret back failed too: GenAuth get-application-secret failed for app \w+ after \d+ attempts: HTTP 502[^)]*\(requestId \w+\)\)/,
    );
    expect(failedOutput).toContain("stack outputs taken from this resource (pulumi stack output");
    // As the message says: the stack output still holds the old fingerprint.
    const output = await project.pulumi(["stack", "output", "webFingerprint"]);
    expect(output.stdout.trim()).toBe(fingerprint(before));
    expect((await resource("web")).outputs).toMatchObject({ pendingRotation: { rotationTrigger: "v2" } });
  });

  test("preview --diff lists + secret for the settling update, whether or not it rotates", async () => {
    const rotating = await project.pulumi(["preview", "--diff"]);
    expect(rotating.stdout).toMatch(/~ rotationTrigger\s*: "v1" => "v2"/);
    expect(rotating.stdout).toMatch(/- pendingRotation\s*: \{/);
    expect(rotating.stdout).toMatch(/\+ secret\s*: \[unknown\]/);
    write(program("v1"));
    const reverted = await project.pulumi(["preview", "--diff"]);
    expect(reverted.stdout).not.toContain("~ rotationTrigger");
    expect(reverted.stdout).toMatch(/- pendingRotation\s*: \{/);
    expect(reverted.stdout).toMatch(/\+ secret\s*: \[unknown\]/);
    write(program("v2"));
  });

  test("refresh adopts the rotation for its trigger; the next up of the same program plans nothing", async () => {
    const { result: run, calls: refreshed } = await scenario().callsDuring(() =>
      project.pulumi(["refresh", "--yes", "--diff"]),
    );
    expect(refreshed["refresh-application-secret"]).toBeUndefined();
    // The trigger it was made for is recorded (the README says why `- secret` shows beside it).
    expect(run.stdout).toMatch(/~ rotationTrigger\s*: "v1" => "v2"/);
    const web = await resource("web");
    expect(web.outputs).toMatchObject({
      rotationTrigger: "v2",
      rotationReason: "trigger",
      rotationCount: 2,
      fingerprint: fingerprint(scenario().secretOf(WEB)),
    });
    expect(web.outputs).not.toHaveProperty("pendingRotation");
    expect(web.inputs).toMatchObject({ rotationTrigger: "v2" });
    // The stack output is still the old one: refresh does not write stack outputs.
    expect((await project.pulumi(["stack", "output", "webFingerprint"])).stdout.trim()).toBe(
      fingerprint(before),
    );

    const made = await calls(() => project.pulumi(["up", "--yes"]));
    expect(made["refresh-application-secret"]).toBeUndefined();
    expect(control().app(WEB).rotations).toBe(2);
    expect((await project.pulumi(["stack", "output", "webFingerprint"])).stdout.trim()).toBe(
      fingerprint(scenario().secretOf(WEB)),
    );
  });
});

describe("a rotation GenAuth processes late, through the native plugin", () => {
  const scenario = useScenario({ packageDir: null });
  let project: NativeProject;
  const control = () => scenario().emulator.control;
  const write = (text: string) => project.writeYaml(`${text}\n`);

  beforeAll(async () => {
    await buildPlugin();
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "yaml"), ["yaml"]);
    await project.installPlugin();
    write(program("v1"));
    await project.initStack(scenario().emulator.url);
    await project.pulumi(["up", "--yes"]);
  });

  test("a refresh held past the timeout and processed after the client left is adopted, not repeated", async () => {
    // The refresh times out at 2 s (initStack); GenAuth rotates at 3 s. Read back at once, the secret
    // is unchanged; read again when the 5 s window is over, it has rotated.
    await project.pulumi(["config", "set", "genauth:maxProcessingDelayMs", "5000"]);
    control().addFaults({
      operation: "refresh-application-secret",
      effect: { kind: "process-late", ms: 3000 },
    });
    write(program("v2"));
    const { calls } = await scenario().callsDuring(() => project.pulumi(["up", "--yes"]));
    expect(calls).toMatchObject({ "refresh-application-secret": 1, "get-application-secret": 2 });
    expect(control().app(WEB).rotations).toBe(2);
    expect((await project.resourceInState(TOKEN, "web")).outputs).toMatchObject({
      rotationReason: "trigger",
      fingerprint: fingerprint(scenario().secretOf(WEB)),
    });
    const made = await scenario().callsDuring(() => project.pulumi(["up", "--yes", "--expect-no-changes"]));
    expect(made.calls).toEqual({});
  });
});
