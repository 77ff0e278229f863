/**
 * The native plugin started by the real engine on a machine without `node` on PATH (issue 17,
 * row 11, which the self-contained executable makes moot): a YAML `preview` and `up` work with a
 * PATH holding only the CLI and the YAML language host.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
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
    await project.pulumi(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
  });

  test("preview and up run the plugin and rotate once", async () => {
    // The CLI and the YAML host, nothing else: no node, no shell tools.
    const PATH = [path.dirname(scenario().workDir.cliBinary), project.env.PATH.split(path.delimiter)[1]].join(
      path.delimiter,
    );
    const hasNode = PATH.split(path.delimiter).some((dir) => existsSync(path.join(dir, "node")));
    expect(hasNode).toBe(false);
    await project.pulumi(["preview"], { env: { PATH } });
    await project.pulumi(["up", "--yes"], { env: { PATH } });
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
  });
});
