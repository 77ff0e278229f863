/**
 * The native plugin refuses and warns where the dynamic face does, with the real CLI and a YAML
 * program (the plugin installed from its tarball): two resources for one app, skipped
 * certificate verification, an unusable or missing id given to `pulumi import`, and a key
 * secret set in plaintext config. test/faces/parity.test.ts runs the same rules through both faces.
 */
import * as path from "node:path";
import { DEFAULT_SEED, POOL_A_ID, SEEDED_APPS } from "../../emulator";
import { buildPlugin, CliRun, NativeProject } from "./support/nativeCli";
import { useScenario } from "./support/scenario";

const WEB = SEEDED_APPS.web;
const API = SEEDED_APPS.api;
const TOKEN = "genauth:index:ApplicationSecret";

/**
 * A collaborator key of pool A that only this file uses, set in plaintext config as a user might:
 * the CLI copies plaintext config into each update's history entry (not state), which the run's
 * final leak scan would rightly flag for the keys every other file uses.
 */
const PLAINTEXT_KEY = {
  accessKeyId: "plaintext-config-key",
  accessKeySecret: "plaintext-config-key-secret-0001",
  userPoolId: POOL_A_ID,
};

/** A YAML program of `resources` (name → properties). */
function program(resources: Record<string, Record<string, unknown>>): string {
  const lines = ["name: native-parity", "runtime: yaml", "resources:"];
  for (const [name, properties] of Object.entries(resources)) {
    lines.push(`  ${name}:`, `    type: ${TOKEN}`, "    properties:");
    for (const [key, value] of Object.entries(properties))
      lines.push(`      ${key}: ${JSON.stringify(value)}`);
  }
  return `${lines.join("\n")}\n`;
}

const printed = (run: CliRun) => `${run.stdout}\n${run.stderr}`;

describe("the native plugin keeps the dynamic face's rules", () => {
  const scenario = useScenario({
    packageDir: null,
    seed: { ...DEFAULT_SEED, accessKeys: [...(DEFAULT_SEED.accessKeys ?? []), PLAINTEXT_KEY] },
  });
  let project: NativeProject;
  const control = () => scenario().emulator.control;
  const write = (text: string) => project.writeYaml(text);
  const calls = async (action: () => Promise<unknown>) => (await scenario().callsDuring(action)).calls;

  beforeAll(async () => {
    await buildPlugin();
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "parity"), ["yaml"]);
    await project.installPlugin();
    write(program({ web: { appId: WEB } }));
    // Row 6 of the parity issue: the key secret set in plaintext, as a user might.
    await project.initStack(scenario().emulator.url, PLAINTEXT_KEY, "--plaintext");
  });

  test("two resources for one app (the host spelt two ways): up fails naming both, before any rotation", async () => {
    const port = new URL(scenario().emulator.url).port;
    write(
      program({
        first: { appId: WEB },
        second: { appId: WEB, connection: { host: `HTTP://LOCALHOST:${port}/` } },
      }),
    );
    const made = await calls(async () => {
      const up = await project.pulumi(["up", "--yes", "--color=never"], { allowFailure: true });
      expect(up.code).not.toBe(0);
      expect(printed(up)).toMatch(
        /ApplicationSecret "(first|second)" and ApplicationSecret "(first|second)" both manage appId 6229ffaa0000000000000001 on http:\/\/(127\.0\.0\.1|localhost):\d+ .*they would rotate each other's secret/,
      );
    });
    expect(made["refresh-application-secret"]).toBeUndefined();
    expect(control().app(WEB).rotations).toBe(0);
  });

  test("a key secret set with --plaintext is encrypted in state, its backups and history", async () => {
    write(program({ web: { appId: WEB } }));
    await project.pulumi(["up", "--yes"]);
    expect(control().app(WEB).rotations).toBe(1);
    const state = await project.exportState();
    const provider = state.deployment.resources.find((r) => r.type === "pulumi:providers:genauth")!;
    expect(provider.inputs!.accessKeySecret).toHaveProperty("ciphertext");
    expect(provider.outputs!.accessKeySecret).toHaveProperty("ciphertext");
    // Every state file: the stack's, its backups, the history's checkpoints. An update's history
    // entry also copies the stack's config as the user set it (the CLI's doing, not state).
    const files = project.backendFileTexts();
    expect(Object.keys(files).some((f) => f.endsWith(".json.bak"))).toBe(true);
    for (const [file, text] of Object.entries(files)) {
      const kept = file.endsWith(".history.json")
        ? JSON.stringify({ ...JSON.parse(text), config: {} })
        : text;
      expect([file, kept.includes(PLAINTEXT_KEY.accessKeySecret)]).toEqual([file, false]);
    }
  });

  test("tlsInsecureSkipVerify: preview and up warn naming the host", async () => {
    await project.pulumi(["config", "set", "genauth:tlsInsecureSkipVerify", "true"]);
    write(program({ web: { appId: WEB }, api: { appId: API } }));
    try {
      const warning = `genauth:tlsInsecureSkipVerify is true: the certificate of ${scenario().emulator.url} is not verified`;
      const preview = await project.pulumi(["preview", "--color=never"]);
      expect(printed(preview)).toContain(warning);
      const up = await project.pulumi(["up", "--yes", "--color=never"]);
      expect(printed(up)).toContain(warning);
    } finally {
      await project.pulumi(["config", "rm", "genauth:tlsInsecureSkipVerify"]);
    }
  });

  test.each([
    ["a space", "bad id!", 'appId (the resource id): "bad id!" contains " "'],
    ["a query string", `${WEB}&appId=${API}`, 'a string of 55 characters contains "&"'],
    ["a line break and an ANSI escape", "x\n\u001b[2J", 'appId (the resource id): "x\\n\\u001b[2J" contains'],
  ])(
    "import of an id with %s is refused before any call; nothing raw reaches the terminal",
    async (_l, id, text) => {
      const made = await calls(async () => {
        const run = await project.pulumi(["import", TOKEN, "imported", id, "--yes", "--color=never"], {
          allowFailure: true,
        });
        expect(run.code).not.toBe(0);
        expect(printed(run)).toContain(text);
        expect(printed(run)).not.toContain("\u001b");
        expect(printed(run)).not.toContain("x\n");
      });
      expect(made).toEqual({});
    },
  );

  test("import of an app the key pair's pool does not hold names the app and the pool", async () => {
    const run = await project.pulumi(
      ["import", TOKEN, "billing", SEEDED_APPS.billing, "--yes", "--color=never"],
      { allowFailure: true },
    );
    expect(run.code).not.toBe(0);
    expect(printed(run)).toContain(
      `app ${SEEDED_APPS.billing} does not exist in user pool ${POOL_A_ID} at ${scenario().emulator.url}`,
    );
    expect(printed(run)).toContain("check the id and the key pair");
    expect(printed(run)).not.toMatch(/written before 0\.2|state delete/);
  });

  test("import then refresh record the user pool", async () => {
    const WORKER = SEEDED_APPS.worker;
    await project.pulumi(["import", TOKEN, "worker", WORKER, "--yes", "--protect=false"]);
    const imported = (await project.exportState()).deployment.resources.find((r) => r.id === WORKER)!;
    expect(imported.outputs).toMatchObject({ userPoolId: POOL_A_ID, rotationReason: "adopted" });
    await project.pulumi(["refresh", "--yes"]);
    const refreshed = (await project.exportState()).deployment.resources.find((r) => r.id === WORKER)!;
    expect(refreshed.outputs).toMatchObject({ userPoolId: POOL_A_ID });
  });

  test("the key secret reached no CLI output and no plugin output", () => {
    const { "CLI output": cli, "plugin output": plugin } = project.leakPlaces();
    expect(cli).toContain("[secret value]");
    expect(plugin).toContain("pulumi-resource-genauth");
    expect([
      cli.includes(PLAINTEXT_KEY.accessKeySecret),
      plugin.includes(PLAINTEXT_KEY.accessKeySecret),
    ]).toEqual([false, false]);
  });
});
