/**
 * The examples, run as users run them: each `examples/<name>/index.ts` compiled to CommonJS in a
 * fresh project whose node_modules hold `@pulumi/pulumi` and this package, its `program` driven by
 * the Automation API in a plain Node process, against the emulator.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { SEEDED_APPS } from "../../emulator";
import { REPO_ROOT } from "./support/cli";
import { ChildJob, ChildResult, runInChild } from "./support/child";
import { Scenario, useScenario } from "./support/scenario";
import { E2eStack } from "./support/stack";
import { isEncrypted, secretResource } from "./support/state";

/** Compiles an example into the scenario's project directory; returns the module's file name. */
function compileExample(projectDir: string, name: string): string {
  const source = readFileSync(path.join(REPO_ROOT, "examples", name, "index.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
      esModuleInterop: true,
    },
  });
  writeFileSync(path.join(projectDir, `${name}.js`), outputText);
  return `${name}.js`;
}

/** Runs operations of an example with its project config; fails the test when one fails. */
async function runExample(
  scenario: Scenario,
  name: string,
  config: Record<string, string>,
  operations: ChildJob["operations"],
): Promise<ChildResult[]> {
  const results = await runInChild(scenario.workDir, {
    projectDir: scenario.workDir.root,
    programModule: compileExample(scenario.workDir.root, name),
    projectName: name,
    config: {
      ...scenario.stackConfig(),
      ...Object.fromEntries(Object.entries(config).map(([k, value]) => [`${name}:${k}`, { value }])),
    },
    operations,
  });
  for (const result of results) {
    expect([result.op, result.error ?? "ok"]).toEqual([result.op, "ok"]);
    for (const appId of Object.values(SEEDED_APPS))
      expect(result.output).not.toContain(scenario.secretOf(appId));
  }
  return results;
}

describe("examples/basic-rotation", () => {
  const scenario = useScenario();

  test("creates and exports the secret as a secret, and a new trigger rotates it in place", async () => {
    const [created] = await runExample(scenario(), "basic-rotation", { appId: SEEDED_APPS.web }, ["up"]);
    expect(created.outputs?.clientSecret).toEqual({
      value: scenario().secretOf(SEEDED_APPS.web),
      secret: true,
    });
    expect(created.outputs?.rotationReason.value).toBe("created");
    expect(created.outputs?.nextRotationAt.value).toBe("");

    const config = { appId: SEEDED_APPS.web, rotationTrigger: "2026-02", rotateAfter: "90d" };
    const [rotated] = await runExample(scenario(), "basic-rotation", config, ["up"]);
    expect(rotated.summary?.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(rotated.outputs?.clientSecret).toEqual({
      value: scenario().secretOf(SEEDED_APPS.web),
      secret: true,
    });
    expect(rotated.outputs?.rotationReason.value).toBe("trigger");
    expect(rotated.outputs?.nextRotationAt.value).not.toBe("");
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(2);

    await runExample(scenario(), "basic-rotation", config, ["destroy"]);
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(2);
  });
});

describe("examples/secret-to-file", () => {
  const scenario = useScenario();
  const file = () => path.join(scenario().workDir.root, "out", "app.env");
  const expected = () =>
    `GENAUTH_APP_ID=${SEEDED_APPS.api}\nGENAUTH_APP_SECRET=${scenario().secretOf(SEEDED_APPS.api)}\n`;

  test("writes the secret to a 0600 file, keeps it secret in outputs and state, and follows rotation", async () => {
    mkdirSync(path.dirname(file()));
    const config = { appId: SEEDED_APPS.api, path: file() };
    const [created] = await runExample(scenario(), "secret-to-file", config, ["up"]);
    expect(readFileSync(file(), "utf8")).toBe(expected());
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(created.outputs?.dotenv).toEqual({ value: expected(), secret: true });
    expect(created.outputs?.filePath).toEqual({ value: file(), secret: false });

    const stack = await E2eStack.open(scenario().workDir, {
      program: async () => undefined,
      projectName: "secret-to-file",
    });
    const state = stack.exportState();
    const fileState = (state.deployment.resources as Array<Record<string, Record<string, unknown>>>).find(
      (r) => String(r.urn).endsWith("::app-secret-file"),
    );
    expect(isEncrypted(fileState?.inputs.content)).toBe(true);
    expect(isEncrypted(fileState?.outputs.content)).toBe(true);
    expect(secretResource(state, "app-secret").outputs.rotationReason).toBe("created");
    expect(stack.rawStateText()).not.toContain(scenario().secretOf(SEEDED_APPS.api));

    await runExample(scenario(), "secret-to-file", { ...config, rotationTrigger: "2026-02" }, ["up"]);
    expect(scenario().emulator.control.app(SEEDED_APPS.api).rotations).toBe(2);
    expect(readFileSync(file(), "utf8")).toBe(expected());

    await runExample(scenario(), "secret-to-file", config, ["destroy"]);
    expect(existsSync(file())).toBe(false);
  });
});
