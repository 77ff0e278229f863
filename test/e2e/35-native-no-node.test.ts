/**
 * The native plugin started by the real engine on a machine without `node` on PATH (issue 17,
 * row 11): the CLI shows the plugin's one-line hint naming Node.js >= 20, not only "exited
 * prematurely ... node: not found".
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, SEEDED_APPS } from "../../emulator";
import { buildPlugin, NativeProject, pluginTarball } from "./support/nativeCli";
import { useScenario } from "./support/scenario";

describe("the native plugin without node on PATH", () => {
  const scenario = useScenario({ packageDir: null });
  let project: NativeProject;

  beforeAll(async () => {
    await buildPlugin();
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "yaml"), ["yaml"]);
    const { version } = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
    await project.pulumi(["plugin", "install", "resource", "genauth", version, "--file", pluginTarball()]);
    writeFileSync(
      path.join(project.dir, "Pulumi.yaml"),
      [
        "name: native-no-node",
        "runtime: yaml",
        "resources:",
        "  web:",
        "    type: genauth:index:ApplicationSecret",
        "    properties:",
        `      appId: "${SEEDED_APPS.web}"`,
        "",
      ].join("\n"),
    );
    await project.pulumi(["stack", "init", "dev"]);
    await project.pulumi(["config", "set", "genauth:host", scenario().emulator.url]);
    await project.pulumi(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
  });

  test("preview fails with the plugin's hint naming Node.js >= 20 on PATH", async () => {
    // The CLI and the YAML host, and the few tools the plugin's script uses, but no node.
    const bin = path.join(scenario().workDir.root, "bin-without-node");
    mkdirSync(bin);
    symlinkSync("/usr/bin/dirname", path.join(bin, "dirname"));
    const PATH = [
      path.dirname(scenario().workDir.cliBinary),
      project.env.PATH.split(path.delimiter)[1],
      bin,
    ].join(path.delimiter);
    const run = await project.pulumi(["preview"], { allowFailure: true, env: { PATH } });
    expect(run.code).not.toBe(0);
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).not.toContain("node: not found");
    expect(output).toContain(
      "pulumi-resource-genauth: this plugin needs Node.js >= 20 on PATH, and no node was found on PATH.",
    );
  });
});
