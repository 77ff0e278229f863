/**
 * Release rehearsal, Go: the Go SDK as the tag `sdk/go/v<version>` publishes it, served by a
 * file-based GOPROXY built from this checkout; a user's module `go get`s it with no `replace` and
 * builds. Then `pulumi up` of that program, with a fresh PULUMI_HOME, no `pulumi plugin install`,
 * automatic plugin acquisition on and no `node` on PATH (the CLI, the language hosts and Go only),
 * fetches the plugin the SDK names (`pulumi-plugin.json`'s `server`) once from a loopback stand-in
 * for the GitHub release and rotates against the emulator.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { REPO_ROOT } from "../../harness/programModules";
import { fingerprint } from "../../provider/client/fingerprint";
import { buildPlugin, NativeProject } from "./support/nativeCli";
import {
  buildGoProxy,
  GO_SDK_MODULE,
  GoProxy,
  PLUGIN_ARCHIVE,
  ReleaseServer,
  startReleaseServer,
  VERSION,
} from "./support/release";
import { useScenario } from "./support/scenario";

const MAIN_GO = `package main

import (
	"github.com/pulumi-genauth/pulumi-genauth/sdk/go/genauth"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		web, err := genauth.NewApplicationSecret(ctx, "web", &genauth.ApplicationSecretArgs{
			AppId:           pulumi.String("${SEEDED_APPS.web}"),
			RotationTrigger: pulumi.String("2026-11"),
		})
		if err != nil {
			return err
		}
		ctx.Export("webFingerprint", web.Fingerprint)
		return nil
	})
}
`;

describe("a Go program: the SDK from a GOPROXY, the plugin from the release location", () => {
  const scenario = useScenario({ packageDir: null });
  let server: ReleaseServer;
  let proxy: GoProxy;
  let project: NativeProject;
  const home = () => scenario().workDir.env.PULUMI_HOME;
  const goRoot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();

  beforeAll(async () => {
    await buildPlugin();
    server = await startReleaseServer(path.join(REPO_ROOT, "dist"));
    proxy = buildGoProxy(scenario().workDir.root);
    proxy.forget(); // a module left by an interrupted run would stand in for this checkout's
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "go"), ["go"]);
    project.acquirePluginsFrom(server.override);
    Object.assign(project.env, proxy.env);
    // The CLI, the Go language host and Go (the host runs `go build`): no node.
    const hosts = project.env.PATH.split(path.delimiter)[1];
    project.env.PATH = [path.dirname(scenario().workDir.cliBinary), hosts, path.join(goRoot, "bin")].join(
      path.delimiter,
    );
    const file = (name: string, text: string) => writeFileSync(path.join(project.dir, name), text);
    // The program built above; the Go host still runs `go list -m` to find the plugins it needs.
    file("Pulumi.yaml", "name: release-go\nruntime:\n  name: go\n  options:\n    binary: ./program\n");
    file("go.mod", "module release-go\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.274.1\n");
    file("main.go", MAIN_GO);
  }, 600_000);

  afterAll(async () => {
    proxy?.forget();
    await server?.stop();
  });

  test("the proxy holds the module as the tag publishes it: list, info, mod and zip", () => {
    const at = path.join(proxy.dir, ...GO_SDK_MODULE.split("/"), "@v");
    expect(readdirSync(at).sort()).toEqual(
      ["list", `v${VERSION}.info`, `v${VERSION}.mod`, `v${VERSION}.zip`].sort(),
    );
    expect(proxy.files).toEqual(expect.arrayContaining(["go.mod", "LICENSE", "genauth/pulumi-plugin.json"]));
    const zip = execFileSync("unzip", ["-Z1", path.join(at, `v${VERSION}.zip`)], { encoding: "utf8" })
      .trim()
      .split("\n");
    expect(zip).toEqual(proxy.files.map((f) => `${GO_SDK_MODULE}@v${VERSION}/${f}`));
  });

  test("go get resolves the SDK at its release version with no replace, and the program builds", async () => {
    await project.exec("go", ["get", `${GO_SDK_MODULE}@v${VERSION}`]);
    await project.exec("go", ["mod", "tidy"]);
    await project.exec("go", ["build", "-o", "program", "."]);
    const goMod = readFileSync(path.join(project.dir, "go.mod"), "utf8");
    expect(goMod).not.toMatch(/^replace/m);
    expect(goMod).toContain(`${GO_SDK_MODULE} v${VERSION}`);
    expect(readFileSync(path.join(project.dir, "go.sum"), "utf8")).toMatch(
      new RegExp(`^${GO_SDK_MODULE.replace(/\./g, "\\.")} v${VERSION} h1:`, "m"),
    );
    const listed = JSON.parse((await project.exec("go", ["list", "-m", "-json", GO_SDK_MODULE])).stdout);
    expect(listed).toMatchObject({ Version: `v${VERSION}` });
    expect(listed.Dir).toBe(path.join(proxy.env.GOMODCACHE, `${GO_SDK_MODULE}@v${VERSION}`));
    expect(existsSync(path.join(project.dir, "program"))).toBe(true);
  });

  test("up fetches the plugin the SDK names once, installs it and rotates once", async () => {
    const plugins = path.join(home(), "plugins");
    expect(existsSync(plugins) ? readdirSync(plugins).filter((p) => p.includes("genauth")) : []).toEqual([]);
    expect(project.env.PATH.split(path.delimiter).some((d) => existsSync(path.join(d, "node")))).toBe(false);
    await project.pulumi(["stack", "init", "dev"]);
    await project.pulumi(["config", "set", "genauth:host", scenario().emulator.url]);
    await project.pulumi(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
    await project.pulumi(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
    await project.pulumi(["up", "--yes"]);
    const archive = server.requests.filter((r) => r.url === server.pathOf(PLUGIN_ARCHIVE));
    expect(archive).toEqual([{ method: "GET", url: server.pathOf(PLUGIN_ARCHIVE), status: 200 }]);
    expect(server.requests).toHaveLength(1);
    expect(readdirSync(path.join(plugins, `resource-genauth-v${VERSION}`))).toEqual(
      expect.arrayContaining(["LICENSE", "pulumi-resource-genauth"]),
    );
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
    const out = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
    expect(out.webFingerprint).toBe(fingerprint(scenario().secretOf(SEEDED_APPS.web)));
  });

  test("destroy uses the installed plugin: no second download", async () => {
    await project.pulumi(["destroy", "--yes"]);
    expect(server.requests).toHaveLength(1);
  });
});
