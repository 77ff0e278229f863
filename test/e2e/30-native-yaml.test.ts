/**
 * The native plugin, installed from its tarball, run by the real engine from a YAML program:
 * up, a no-change up, a trigger change, refresh after an outside rotation, import, destroy, and
 * no secret in state, CLI output (`--debug` included) or the plugin's own output.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { findLeaks, secretNeedles } from "./support/leaks";
import { buildPlugin, NativeProject } from "./support/nativeCli";
import { useScenario } from "./support/scenario";
import { TEST_PASSPHRASE } from "../../harness/workdir";

const WEB = SEEDED_APPS.web;
const API = SEEDED_APPS.api;
const TOKEN = "genauth:index:ApplicationSecret";

/** A YAML program of `web` with `trigger`, and `extra` resource lines (what `pulumi import` printed). */
function program(trigger: string, extra = ""): string {
  return [
    "name: native-yaml",
    "runtime: yaml",
    "outputs:",
    "  webFingerprint: ${web.fingerprint}",
    "  webSecret: ${web.secret}",
    "resources:",
    "  web:",
    `    type: ${TOKEN}`,
    "    properties:",
    `      appId: "${WEB}"`,
    `      rotationTrigger: "${trigger}"`,
    extra,
  ].join("\n");
}

describe("a YAML program using the native plugin", () => {
  const scenario = useScenario({ packageDir: null });
  let project: NativeProject;
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
  });

  test("plugin install puts the plugin in PULUMI_HOME under its version", async () => {
    const listed = await project.pulumi(["plugin", "ls"]);
    expect(listed.stdout).toMatch(/genauth\s+resource\s+0\.1\.0/);
  });

  test("up creates the resource with one rotation; the secret is encrypted in state", async () => {
    const made = await calls(() => project.pulumi(["up", "--yes"]));
    expect(made["refresh-application-secret"]).toBe(1);
    expect(control().app(WEB).rotations).toBe(1);
    const web = await resource("web");
    expect(web.id).toBe(WEB);
    expect(web.outputs).toMatchObject({
      appId: WEB,
      rotationTrigger: "v1",
      rotationReason: "created",
      fingerprint: fingerprint(scenario().secretOf(WEB)),
    });
    expect(web.outputs!.secret).toHaveProperty("ciphertext");
    expect(web.inputs).toEqual({ appId: WEB, rotationTrigger: "v1" });
  });

  test("a second up with no change makes no GenAuth call", async () => {
    const made = await calls(() => project.pulumi(["up", "--yes", "--expect-no-changes"]));
    expect(made).toEqual({});
  });

  test("preview --diff shows a trigger change as a detailed diff; up rotates once", async () => {
    write(program("v2"));
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/~ rotationTrigger\s*: "v1" => "v2"/);
    expect(preview.stdout).toMatch(/\+ secret\s*: \[unknown\]/);
    const made = await calls(() => project.pulumi(["up", "--yes", "--debug"]));
    expect(made["refresh-application-secret"]).toBe(1);
    expect((await resource("web")).outputs).toMatchObject({ rotationReason: "trigger", rotationCount: 2 });
  });

  test("refresh records a rotation made outside Pulumi as drift, without rotating", async () => {
    control().rotate(WEB);
    const rotations = control().app(WEB).rotations;
    await project.pulumi(["refresh", "--yes"]);
    expect(control().app(WEB).rotations).toBe(rotations);
    expect((await resource("web")).outputs).toMatchObject({
      rotationReason: "drift",
      fingerprint: fingerprint(scenario().secretOf(WEB)),
    });
  });

  test("import adopts an application without rotating, and the code it prints makes up a no-op", async () => {
    const code = path.join(project.dir, "imported.yaml");
    const made = await calls(() =>
      project.pulumi(["import", TOKEN, "api", API, "--yes", "--protect=false", "--out", code]),
    );
    expect(made["refresh-application-secret"]).toBeUndefined();
    expect(control().app(API).rotations).toBe(0);
    const printed = readFileSync(code, "utf8");
    expect(printed).toContain(`appId: ${API}`);
    expect(printed).not.toMatch(/scheduledFrom|scheduledRotation/);
    const api = await resource("api");
    expect(api.outputs).toMatchObject({
      rotationReason: "adopted",
      fingerprint: fingerprint(scenario().secretOf(API)),
    });
    // The printed resource, appended to the program's resources.
    write(program("v2", printed.replace(/^resources:\n/, "")));
    const after = await calls(() => project.pulumi(["preview", "--expect-no-changes"]));
    expect(after).toEqual({});
  });

  test("destroy removes both from state and leaves the applications' secrets as they are", async () => {
    const secrets = [scenario().secretOf(WEB), scenario().secretOf(API)];
    const made = await calls(() => project.pulumi(["destroy", "--yes"]));
    expect(made["refresh-application-secret"]).toBeUndefined();
    expect([scenario().secretOf(WEB), scenario().secretOf(API)]).toEqual(secrets);
    const state = await project.exportState();
    expect(state.deployment.resources ?? []).toEqual([]);
  });

  test("state, CLI output (--debug included) and the plugin's output hold no secret", () => {
    const issued = control().issuedSecrets();
    const needles = secretNeedles(
      {
        "pool A key secret": POOL_A_SECRET,
        passphrase: TEST_PASSPHRASE,
      },
      issued,
    );
    expect(issued.appSecrets.length).toBeGreaterThanOrEqual(4);
    const places = project.leakPlaces();
    expect(places["CLI output"]).toContain("--debug");
    expect(places["plugin output"]).toContain("pulumi-resource-genauth");
    expect(findLeaks(places, needles)).toEqual([]);
  });
});
