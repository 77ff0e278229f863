/**
 * Release rehearsal, plugin acquisition from a YAML program: with a fresh PULUMI_HOME, no
 * `pulumi plugin install`, automatic plugin acquisition on (as users have it) and no `node` on PATH,
 * `pulumi up` fetches the plugin from the release location its `pluginDownloadURL` names (a loopback
 * server standing in for the GitHub release, through PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES) exactly
 * once, installs it into PULUMI_HOME and rotates against the emulator.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

const TOKEN = "genauth:index:ApplicationSecret";

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
    project.acquirePluginsFrom(server.override);
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

describe("pulumi import on a machine without the plugin (YAML: no SDK names the plugin's server)", () => {
  const scenario = useScenario({ packageDir: null });
  let server: ReleaseServer;
  let project: NativeProject;
  const API = SEEDED_APPS.api;
  const fresh = () => mkdtempSync(path.join(scenario().workDir.root, "pulumi-home-"));

  beforeAll(async () => {
    await buildPlugin();
    server = await startReleaseServer(path.join(REPO_ROOT, "dist"));
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "yaml"), ["yaml"]);
    project.acquirePluginsFrom(server.override);
    project.env.PULUMI_HOME = fresh();
    project.writeYaml("name: import-yaml\nruntime: yaml\n");
    await project.initStack(scenario().emulator.url);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("import --file with version and pluginDownloadUrl (docs/native-provider.md) fetches the plugin and imports", async () => {
    const spec = {
      resources: [
        { type: TOKEN, name: "api", id: API, version: VERSION, pluginDownloadUrl: PLUGIN_DOWNLOAD_URL },
      ],
    };
    writeFileSync(path.join(project.dir, "import.json"), JSON.stringify(spec));
    const code = path.join(project.dir, "imported.yaml");
    await project.pulumi(["import", "--file", "import.json", "--yes", "--protect=false", "--out", code]);
    expect(server.requests).toEqual([{ method: "GET", url: server.pathOf(PLUGIN_ARCHIVE), status: 200 }]);
    expect((await project.resourceInState(TOKEN, "api")).outputs).toMatchObject({
      rotationReason: "adopted",
    });
    expect(scenario().emulator.control.app(API).rotations).toBe(0);
    expect(readFileSync(code, "utf8")).not.toMatch(/pluginDownloadURL/); // what the docs tell users to add
  });

  test("the printed code with the options the docs add runs on a teammate's empty PULUMI_HOME", async () => {
    const printed = readFileSync(path.join(project.dir, "imported.yaml"), "utf8");
    const withOptions = `${printed.trimEnd()}\n    options:\n      version: ${VERSION}\n      pluginDownloadURL: ${PLUGIN_DOWNLOAD_URL}\n`;
    project.writeYaml(`name: import-yaml\nruntime: yaml\n${withOptions}`);
    await project.pulumi(["preview", "--stack", "dev", "--expect-no-changes"], {
      env: { PULUMI_HOME: fresh() },
    });
    expect(server.requests).toHaveLength(2); // fetched again, by the teammate's CLI
    await project.pulumi(["destroy", "--yes"]);
    expect(scenario().emulator.control.app(API).rotations).toBe(0);
  });
});
