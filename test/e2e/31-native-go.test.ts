/**
 * A Go program using the generated Go SDK (`sdk/go`, through a `replace`; other modules from the
 * proxy) and the plugin from `plugins.providers`: two explicit `genauth.Provider`s for two user
 * pools, up, a trigger change that rotates one secret, destroy. Built once (`go build`), then run
 * as a binary.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, POOL_B_ID, POOL_B_SECRET, SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { REPO_ROOT } from "../../harness/programModules";
import { findLeaks, secretNeedles } from "./support/leaks";
import { buildPlugin, NativeProject, tappedPluginDir } from "./support/nativeCli";
import { useScenario } from "./support/scenario";

const GO_SDK_MODULE = "github.com/pulumi-genauth/pulumi-genauth/sdk/go";

const MAIN_GO = `package main

import (
	"github.com/pulumi-genauth/pulumi-genauth/sdk/go/genauth"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		pools := []struct{ name, id, secretKey, app string }{
			{"poolA", cfg.Require("poolAId"), "poolASecret", cfg.Require("webApp")},
			{"poolB", cfg.Require("poolBId"), "poolBSecret", cfg.Require("billingApp")},
		}
		for i, pool := range pools {
			provider, err := genauth.NewProvider(ctx, pool.name, &genauth.ProviderArgs{
				Host:             pulumi.StringPtr(cfg.Require("host")),
				AccessKeyId:      pulumi.StringPtr(pool.id),
				AccessKeySecret:  cfg.RequireSecret(pool.secretKey),
				RequestTimeoutMs: pulumi.IntPtr(2000),
			})
			if err != nil {
				return err
			}
			var trigger pulumi.Input = pulumi.String("fixed")
			if i == 0 {
				trigger = pulumi.String(cfg.Require("trigger"))
			}
			app, err := genauth.NewApplicationSecret(ctx, pool.app, &genauth.ApplicationSecretArgs{
				AppId:           pulumi.String(pool.app),
				RotationTrigger: trigger,
			}, pulumi.Provider(provider))
			if err != nil {
				return err
			}
			ctx.Export(pool.name+"Fingerprint", app.Fingerprint)
			ctx.Export(pool.name+"Secret", app.Secret)
		}
		return nil
	})
}
`;

describe("a Go program using the generated Go SDK", () => {
  const scenario = useScenario({ packageDir: null });
  let project: NativeProject;
  const WEB = SEEDED_APPS.web;
  const BILLING = SEEDED_APPS.billing;
  const control = () => scenario().emulator.control;
  const outputs = async () =>
    JSON.parse((await project.pulumi(["stack", "output", "--json", "--show-secrets=false"])).stdout);

  beforeAll(async () => {
    await buildPlugin();
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "go"), ["go"]);
    const file = (name: string, text: string) => writeFileSync(path.join(project.dir, name), text);
    file(
      "Pulumi.yaml",
      [
        "name: native-go",
        "runtime:",
        "  name: go",
        "  options:",
        "    binary: ./program",
        "plugins:",
        "  providers:",
        "    - name: genauth",
        `      path: ${tappedPluginDir(scenario().workDir.root)}`,
        "",
      ].join("\n"),
    );
    file(
      "go.mod",
      [
        "module native-go",
        "",
        "go 1.25",
        "",
        "require (",
        `\t${GO_SDK_MODULE} v0.0.0`,
        "\tgithub.com/pulumi/pulumi/sdk/v3 v3.274.1",
        ")",
        "",
        `replace ${GO_SDK_MODULE} => ${path.join(REPO_ROOT, "sdk/go")}`,
        "",
      ].join("\n"),
    );
    file("main.go", MAIN_GO);
    await project.exec("go", ["mod", "tidy"]);
    await project.exec("go", ["build", "-o", "program", "."]);
    await project.pulumi(["stack", "init", "dev"]);
    const config: Array<[string, string, boolean?]> = [
      ["host", scenario().emulator.url],
      ["poolAId", POOL_A_ID],
      ["poolBId", POOL_B_ID],
      ["webApp", WEB],
      ["billingApp", BILLING],
      ["trigger", "v1"],
      ["poolASecret", POOL_A_SECRET, true],
      ["poolBSecret", POOL_B_SECRET, true],
    ];
    for (const [key, value, secret] of config) {
      await project.pulumi(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
    }
  }, 600_000);

  test("up creates one secret in each user pool, each rotated once, each a secret output", async () => {
    const { calls } = await scenario().callsDuring(() => project.pulumi(["up", "--yes"]));
    expect(calls["refresh-application-secret"]).toBe(2);
    expect(control().app(WEB).rotations).toBe(1);
    expect(control().app(BILLING).rotations).toBe(1);
    const out = await outputs();
    expect(out.poolAFingerprint).toBe(fingerprint(scenario().secretOf(WEB)));
    expect(out.poolBFingerprint).toBe(fingerprint(scenario().secretOf(BILLING)));
    expect(out.poolASecret).toBe("[secret]");
  });

  test("a trigger change rotates that secret once and leaves the other pool's alone", async () => {
    await project.pulumi(["config", "set", "trigger", "v2"]);
    const { calls } = await scenario().callsDuring(() => project.pulumi(["up", "--yes"]));
    expect(calls["refresh-application-secret"]).toBe(1);
    expect(control().app(WEB).rotations).toBe(2);
    expect(control().app(BILLING).rotations).toBe(1);
    expect((await outputs()).poolAFingerprint).toBe(fingerprint(scenario().secretOf(WEB)));
  });

  test("destroy removes everything without rotating", async () => {
    const { calls } = await scenario().callsDuring(() => project.pulumi(["destroy", "--yes"]));
    expect(calls["refresh-application-secret"]).toBeUndefined();
    expect((await project.exportState()).deployment.resources ?? []).toEqual([]);
  });

  test("state, CLI output and the plugin's output hold no secret", () => {
    const issued = control().issuedSecrets();
    const needles = secretNeedles(
      {
        "pool A secret": POOL_A_SECRET,
        "pool B secret": POOL_B_SECRET,
      },
      issued,
    );
    const places = project.leakPlaces();
    expect(findLeaks(places, needles)).toEqual([]);
  });
});
