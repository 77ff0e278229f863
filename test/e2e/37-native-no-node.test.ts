/**
 * The native plugin started by the real engine on a machine without `node` on PATH (issue 17,
 * row 11, which the self-contained executable makes moot): a YAML `preview` and `up` work with a
 * PATH holding only the CLI and the YAML language host.
 */
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { SEEDED_APPS } from "../../emulator";
import { buildPlugin, NativeProject } from "./support/nativeCli";
import { useScenario } from "./support/scenario";

describe("the native plugin without node on PATH", () => {
  const scenario = useScenario({ packageDir: null });
  let project: NativeProject;

  beforeAll(async () => {
    await buildPlugin();
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "yaml"), ["yaml"]);
    await project.installPlugin({ tap: false }); // the tap is a shell script, and this PATH has no shell
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
    await project.initStack(scenario().emulator.url);
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
