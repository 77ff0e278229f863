/**
 * Moving a stack from the dynamic `ApplicationSecret` to the native `genauth:index:ApplicationSecret`
 * without a rotation, as docs/native-provider.md's "Moving from the dynamic resource" tells a user to: a
 * JavaScript program with two dynamic resources is rewritten as a YAML program (same project name,
 * same stack) that declares the native resources with `adopt: true`; one `pulumi up` adopts the
 * current secrets and drops the dynamic resources (their delete is `onDelete: "retain"`: no call).
 */
import { rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { REPO_ROOT } from "../../harness/programModules";
import { TEST_PASSPHRASE } from "../../harness/workdir";
import { plainOutput } from "./support/cliProject";
import { codeBlocks, ReadmeCommands, shellCommands } from "./support/readme";
import { findLeaks, secretNeedles } from "./support/leaks";
import { buildPlugin, NativeProject, pluginTarball, StateResource } from "./support/nativeCli";
import { installPackage, linkRepoPackages, ProgramDir } from "./support/programDir";
import { useScenario } from "./support/scenario";

const WEB = SEEDED_APPS.web;
const API = SEEDED_APPS.api;
const APPS = { web: WEB, api: API };
const NATIVE = "genauth:index:ApplicationSecret";
const DYNAMIC = "pulumi-nodejs:dynamic/genauth:ApplicationSecret";

/** The plugin tarball as docs/native-provider.md names it. */
const TARBALL = "/path/to/pulumi-genauth/dist/pulumi-resource-genauth-v0.1.0-linux-amd64.tar.gz";
/** The docs section this file types in, word for word. */
const SECTION = codeBlocks(
  path.join(REPO_ROOT, "docs", "native-provider.md"),
  "Moving from the dynamic resource",
);
const PLACEHOLDERS = {
  "<web's app id>": WEB,
  "<api's app id>": API,
  [TARBALL]: pluginTarball(),
};

/** The section's `lang` block with the placeholders filled in. */
function readmeBlock(lang: string): string {
  const blocks = SECTION.filter((b) => b.lang === lang);
  if (blocks.length !== 1) throw new Error(`the docs section has ${blocks.length} ${lang} blocks, not 1`);
  return Object.entries(PLACEHOLDERS).reduce((text, [from, to]) => text.split(from).join(to), blocks[0].code);
}

/** The stack before: the section's JavaScript program with two dynamic ApplicationSecrets. */
const NODE_FILES: Record<string, string> = {
  "Pulumi.yaml": "name: rotate\nruntime: nodejs\n",
  "package.json": `${JSON.stringify({ name: "rotate", main: "index.js", dependencies: { "@pulumi/pulumi": "^3.216.0" } }, null, 2)}\n`,
  "index.js": readmeBlock("js"),
};

/** The stack after: the section's YAML program (the native resources adopting). */
const YAML_PROGRAM = readmeBlock("yaml");

let built: Promise<void> | undefined;
/** `npm run build:plugin`, once for this file. */
const plugin = () => (built ??= buildPlugin());

describe("moving a stack of dynamic ApplicationSecrets to the native resource", () => {
  const scenario = useScenario({ packageDir: null });
  let project: NativeProject;
  const control = () => scenario().emulator.control;
  const rotations = () => ({ web: control().app(WEB).rotations, api: control().app(API).rotations });
  const write = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(project.dir, name), text);
  };
  const calls = async (action: () => Promise<unknown>) => (await scenario().callsDuring(action)).calls;
  const resources = async (): Promise<StateResource[]> =>
    (await project.exportState()).deployment.resources ?? [];
  const readme = new ReadmeCommands(shellCommands(SECTION), PLACEHOLDERS);
  /** Runs the section's `rm [-rf] <files>` in the program directory. */
  const remove = (words: string[]) => {
    for (const file of words.slice(1).filter((w) => !w.startsWith("-"))) {
      rmSync(path.join(project.dir, file), { recursive: true, force: true });
    }
  };
  /** The same directory for `stack output --show-secrets`, whose output stays out of the evidence. */
  let dir: ProgramDir;
  const plain = (output: string) => plainOutput(dir, output);

  beforeAll(async () => {
    await plugin();
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "rotate"), [
      "nodejs",
      "yaml",
    ]);
    write(NODE_FILES);
    dir = ProgramDir.create(scenario().workDir, { dir: project.dir });
    await installPackage(dir);
    await project.initStack(scenario().emulator.url);
  });

  test("the JavaScript program's up creates both dynamic resources with one rotation each", async () => {
    const made = await calls(() => project.pulumi(["up", "--yes"]));
    expect(made["refresh-application-secret"]).toBe(2);
    expect(rotations()).toEqual({ web: 1, api: 1 });
    const types = (await resources()).filter((r) => r.type === DYNAMIC).map((r) => r.id);
    expect(types.sort()).toEqual([WEB, API].sort());
  });

  test("the plugin installs from its tarball; the YAML program in place of index.js previews 2 creates and 2 deletes", async () => {
    await project.pulumi(
      readme.next(`pulumi plugin install resource genauth 0.1.0 --file ${TARBALL}`).slice(1),
    );
    project.tapInstalledPlugin(); // for the leak scan of the plugin's output
    remove(readme.next("rm index.js"));
    write({ "Pulumi.yaml": YAML_PROGRAM });
    const made = await calls(() => project.pulumi(readme.next("pulumi preview").slice(1)));
    expect(made["refresh-application-secret"]).toBeUndefined();
    const preview = project.printed[project.printed.length - 1];
    expect(preview).toMatch(/\+ 2 to create/);
    expect(preview).toMatch(/- 2 to delete/);
  });

  test("one up adopts both applications' secrets and drops the dynamic resources, rotating nothing", async () => {
    const before = { web: scenario().secretOf(WEB), api: scenario().secretOf(API) };
    const made = await calls(() => project.pulumi(readme.next("pulumi up --yes").slice(1)));
    // One read per adoption; the dynamic resources' deletes (`onDelete: "retain"`) call nothing.
    expect(made).toEqual({ "get-management-token": 1, "get-application-secret": 2 });
    expect(rotations()).toEqual({ web: 1, api: 1 });
    expect({ web: scenario().secretOf(WEB), api: scenario().secretOf(API) }).toEqual(before);
    const state = await resources();
    expect(state.filter((r) => r.type === DYNAMIC)).toEqual([]);
    for (const [name, appId] of Object.entries(APPS)) {
      const native = state.find((r) => r.urn.endsWith(`${NATIVE}::${name}`))!;
      expect(native.id).toBe(appId);
      expect(native.outputs).toMatchObject({
        rotationReason: "adopted",
        fingerprint: fingerprint(scenario().secretOf(appId)),
      });
      expect(native.outputs!.secret).toHaveProperty("ciphertext");
    }
  });

  test("the native resources' secrets are GenAuth's", async () => {
    expect(await plain("webSecret")).toBe(scenario().secretOf(WEB));
    expect(await plain("apiSecret")).toBe(scenario().secretOf(API));
  });

  test("without node_modules, the next up shows no changes and makes no GenAuth call", async () => {
    remove(readme.next("rm -rf node_modules package.json package-lock.json"));
    const run = () => project.pulumi(readme.next("pulumi up --yes --expect-no-changes").slice(1));
    expect(await calls(run)).toEqual({});
    expect(readme.remaining()).toEqual([]);
  });

  test("a trigger change on a native resource then rotates it once", async () => {
    write({
      "Pulumi.yaml": YAML_PROGRAM.replace('rotationTrigger: "2026-11"', 'rotationTrigger: "2026-12"'),
    });
    const made = await calls(() => project.pulumi(["up", "--yes"]));
    expect(made["refresh-application-secret"]).toBe(1);
    expect(rotations()).toEqual({ web: 2, api: 1 });
    expect(await plain("webSecret")).toBe(scenario().secretOf(WEB));
  });

  test("state, CLI output and the plugin's output hold no secret", () => {
    const issued = control().issuedSecrets();
    const needles = secretNeedles(
      {
        "pool A key secret": POOL_A_SECRET,
        passphrase: TEST_PASSPHRASE,
      },
      issued,
    );
    expect(issued.appSecrets.length).toBeGreaterThanOrEqual(3);
    const places = project.leakPlaces();
    expect(places["plugin output"]).toContain("pulumi-resource-genauth");
    expect(findLeaks(places, needles)).toEqual([]);
  });
});

describe("the TypeScript snippet in docs/native-provider.md of the native resource", () => {
  const scenario = useScenario({ packageDir: null });
  let project: NativeProject;
  let dir: ProgramDir;

  beforeAll(async () => {
    await plugin();
    const snippet = codeBlocks(path.join(REPO_ROOT, "docs", "native-provider.md"), "TypeScript").find((b) =>
      b.code.includes("CustomResource"),
    );
    if (!snippet)
      throw new Error("docs/native-provider.md's TypeScript section has no CustomResource snippet");
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "native-ts"), [
      "nodejs",
    ]);
    dir = ProgramDir.create(scenario().workDir, {
      dir: project.dir,
      files: {
        "Pulumi.yaml": "name: native-ts\nruntime: nodejs\n",
        "package.json": { name: "native-ts", main: "index.ts" },
        "index.ts": snippet.code.split("6229ffaxxxxxxxxcade3e3d9").join(WEB),
      },
    });
    linkRepoPackages(project.dir);
    await project.installPlugin();
    await project.pulumi(["stack", "init", "dev"]);
    await project.pulumi(["config", "set", "genauth:host", scenario().emulator.url]);
    await project.pulumi(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
    await project.pulumi(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
  });

  test("up creates the native resource with one rotation; its secret is GenAuth's and encrypted in state", async () => {
    const { calls } = await scenario().callsDuring(() => project.pulumi(["up", "--yes"]));
    expect(calls["refresh-application-secret"]).toBe(1);
    const web = ((await project.exportState()).deployment.resources ?? []).find((r) =>
      r.urn.endsWith(`${NATIVE}::web`),
    );
    expect(web?.outputs?.secret).toHaveProperty("ciphertext");
    expect(await plainOutput(dir, "webSecret")).toBe(scenario().secretOf(WEB));
    expect(project.backendFiles()).not.toContain(scenario().secretOf(WEB));
  });

  test("a second up shows no changes and makes no GenAuth call", async () => {
    // The first up type-checked the snippet; this one only runs it.
    project.env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
    const { calls } = await scenario().callsDuring(() =>
      project.pulumi(["up", "--yes", "--expect-no-changes"]),
    );
    expect(calls).toEqual({});
  });
});
