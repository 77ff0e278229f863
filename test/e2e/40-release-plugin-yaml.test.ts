/**
 * Release rehearsal, plugin acquisition from a YAML program: with a fresh PULUMI_HOME, no
 * `pulumi plugin install`, automatic plugin acquisition on (as users have it) and no `node` on PATH,
 * `pulumi up` fetches the plugin from the release location its `pluginDownloadURL` names (a loopback
 * server standing in for the GitHub release, through PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES) exactly
 * once, installs it into PULUMI_HOME and rotates against the emulator.
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { REPO_ROOT } from "../../harness/programModules";
import { buildPlugin, NativeProject } from "./support/nativeCli";
import {
  PLUGIN_ARCHIVE,
  PLUGIN_DOWNLOAD_URL,
  ReleaseServer,
  startReleaseServer,
  VERSION,
} from "./support/release";
import { useScenario } from "./support/scenario";

describe("a YAML program fetches the released plugin by itself", () => {
  const scenario = useScenario({ packageDir: null });
  let server: ReleaseServer;
  let project: NativeProject;
  let PATH: string;
  const home = () => scenario().workDir.env.PULUMI_HOME;

  beforeAll(async () => {
    await buildPlugin();
    server = await startReleaseServer(path.join(REPO_ROOT, "dist"));
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "yaml"), ["yaml"]);
    // As users have it: the CLI acquires missing plugins.
    delete project.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
    project.env.PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES = server.override;
    // The CLI's directory and the YAML host's, nothing else: no node, no shell tools.
    PATH = [path.dirname(scenario().workDir.cliBinary), project.env.PATH.split(path.delimiter)[1]].join(
      path.delimiter,
    );
    project.env.PATH = PATH;
    writeFileSync(
      path.join(project.dir, "Pulumi.yaml"),
      [
        "name: release-yaml",
        "runtime: yaml",
        "resources:",
        "  web:",
        "    type: genauth:index:ApplicationSecret",
        "    properties:",
        `      appId: "${SEEDED_APPS.web}"`,
        '      rotationTrigger: "2026-11"',
        "    options:",
        `      version: ${VERSION}`,
        `      pluginDownloadURL: ${PLUGIN_DOWNLOAD_URL}`,
        "outputs:",
        "  webFingerprint: ${web.fingerprint}",
        "",
      ].join("\n"),
    );
    await project.pulumi(["stack", "init", "dev"]);
    await project.pulumi(["config", "set", "genauth:host", scenario().emulator.url]);
    await project.pulumi(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
    await project.pulumi(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("the environment has no node, and PULUMI_HOME no genauth plugin yet", () => {
    expect(PATH.split(path.delimiter).some((dir) => existsSync(path.join(dir, "node")))).toBe(false);
    const plugins = path.join(home(), "plugins");
    expect(existsSync(plugins) ? readdirSync(plugins).filter((p) => p.includes("genauth")) : []).toEqual([]);
  });

  test("up downloads the plugin archive once, installs it and rotates once", async () => {
    await project.pulumi(["up", "--yes"]);
    expect(server.requests).toEqual([{ method: "GET", url: server.pathOf(PLUGIN_ARCHIVE), status: 200 }]);
    const installed = path.join(home(), "plugins", `resource-genauth-v${VERSION}`);
    expect(readdirSync(installed).sort()).toEqual(
      expect.arrayContaining(["LICENSE", "pulumi-resource-genauth"]),
    );
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
  });

  test("a second up uses the installed plugin: no download, no change", async () => {
    await project.pulumi(["up", "--yes", "--expect-no-changes"]);
    expect(server.requests).toHaveLength(1);
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
  });

  test("destroy runs with the same plugin and downloads nothing", async () => {
    await project.pulumi(["destroy", "--yes"]);
    expect(server.requests).toHaveLength(1);
  });
});
