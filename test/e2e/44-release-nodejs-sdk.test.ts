/**
 * Release rehearsal, the native resource's Node.js SDK: `@pulumi-genauth/genauth` built and laid
 * out as the release workflow publishes it (`sdk/nodejs` compiled into `bin/` with package.json,
 * README and LICENSE), published to a local registry (verdaccio), installed into a fresh TypeScript
 * project with `npm install @pulumi-genauth/genauth`; then `pulumi up`, with a fresh PULUMI_HOME,
 * no `pulumi plugin install` and automatic plugin acquisition on, fetches the plugin its
 * package.json's `pulumi` field names once from a loopback stand-in for the GitHub release, and
 * rotates against the emulator.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { REPO_ROOT } from "../../harness/programModules";
import { useCliProject } from "./support/cliProject";
import { NpmRegistry, startNpmRegistry } from "./support/npmRegistry";
import { linkRepoPackages } from "./support/programDir";
import {
  PLUGIN_ARCHIVE,
  PLUGIN_DOWNLOAD_URL,
  ReleaseServer,
  startReleaseServer,
  VERSION,
} from "./support/release";
import { buildPlugin } from "./support/nativeCli";
import { TEMPLATE } from "./support/templates";

const SDK = "@pulumi-genauth/genauth";
const WEB = SEEDED_APPS.web;

const INDEX_TS = `import * as genauth from "${SDK}";

const web = new genauth.ApplicationSecret("web", { appId: "${WEB}", rotationTrigger: "2026-11" });
export const webFingerprint = web.fingerprint;
export const webSecret = web.secret;
`;

describe("the native Node.js SDK from an npm registry, the plugin from the release location", () => {
  const project = useCliProject();
  const program = () => project().program;
  let work: string;
  let registry: NpmRegistry;
  let server: ReleaseServer;
  let tarball: string;
  let acquisition: Record<string, string>;

  beforeAll(async () => {
    await buildPlugin();
    work = mkdtempSync(path.join(os.tmpdir(), "genauth-nodejs-sdk-"));
    server = await startReleaseServer(path.join(REPO_ROOT, "dist"));
    registry = await startNpmRegistry(path.join(work, "registry"));
    // As .github/workflows/release.yml builds it (with this repository's TypeScript and Pulumi SDK).
    const sdk = path.join(work, "sdk");
    cpSync(path.join(REPO_ROOT, "sdk/nodejs"), sdk, { recursive: true });
    linkRepoPackages(sdk);
    execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", sdk]);
    for (const file of ["package.json", "README.md", "LICENSE"]) {
      cpSync(path.join(sdk, file), path.join(sdk, "bin", file));
    }
    const packed = JSON.parse(registry.npm(["pack", "--json", "--pack-destination", work, "./bin"], sdk));
    tarball = path.join(work, packed[0].filename);
    acquisition = { PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: server.override };
    program().write(TEMPLATE);
  }, 120_000);

  afterAll(async () => {
    try {
      await registry?.stop();
      await server?.stop();
    } finally {
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  test("the package holds the compiled SDK, its types, the LICENSE and the plugin's download location", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    for (const file of ["index.js", "index.d.ts", "applicationSecret.js", "config/vars.js", "LICENSE"]) {
      expect(files).toContain(`package/${file}`);
    }
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    const manifest = JSON.parse(
      execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
    );
    expect(manifest).toMatchObject({
      name: SDK,
      version: VERSION,
      pulumi: { resource: true, name: "genauth", version: VERSION, server: PLUGIN_DOWNLOAD_URL },
    });
  });

  test(`npm publish, then npm install ${SDK} from the registry`, () => {
    registry.npm(["publish", tarball], work);
    linkRepoPackages(program().dir);
    registry.npm(["install", SDK], program().dir);
    linkRepoPackages(program().dir);
    const lock = JSON.parse(program().read("package-lock.json"));
    expect(lock.packages[`node_modules/${SDK}`]).toMatchObject({
      version: VERSION,
      resolved: `${registry.url}${SDK}/-/genauth-${VERSION}.tgz`,
    });
    program().write({ "index.ts": INDEX_TS });
    const tsc = path.join(program().dir, "node_modules/typescript/bin/tsc");
    expect(() => execFileSync(process.execPath, [tsc, "--noEmit", "-p", program().dir])).not.toThrow();
  });

  test("up fetches the plugin once into the fresh PULUMI_HOME and rotates once", async () => {
    const plugins = path.join(project().scenario.workDir.env.PULUMI_HOME, "plugins");
    const genauthPlugins = () =>
      existsSync(plugins) ? readdirSync(plugins).filter((p) => p.includes("genauth")) : [];
    expect(genauthPlugins()).toEqual([]);
    const run = (args: string[]) =>
      program().ok(args, { env: acquisition, unsetEnv: ["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] });
    await run(["stack", "init", "dev"]);
    await run(["config", "set", "genauth:host", project().scenario.emulator.url]);
    await run(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
    await run(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
    await run(["up", "--yes"]);
    expect(server.requests).toEqual([{ method: "GET", url: server.pathOf(PLUGIN_ARCHIVE), status: 200 }]);
    expect(genauthPlugins()).toContain(`resource-genauth-v${VERSION}`);
    expect(project().scenario.emulator.control.app(WEB).rotations).toBe(1);
    await run(["destroy", "--yes"]);
    expect(server.requests).toHaveLength(1);
  });
});
