/**
 * Scenario 10, as a user would: `npm pack` this package, install the tarball into a fresh
 * TypeScript project, compile the user's program against its types, and run `up`, `refresh` and
 * `destroy` with the program loading `pulumi-genauth` from the project's node_modules. Catches a
 * broken `files`/`main`/`types`/`exports` setup and a serialized provider that cannot load. The
 * operations are driven by the Automation API from a plain Node process, as a user's driver script
 * does (the CLI runs the same kind of project in 20-cli-typescript-project).
 */
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { SEEDED_APPS } from "../../emulator";
import { REPO_ROOT } from "../../harness/programModules";
import { ChildResult, runInChild } from "./support/child";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { secretResources } from "../../harness/state";
import { linkProgramModules } from "../../harness/programModules";
import { packedTarball } from "./support/programDir";

const USER_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { ApplicationSecret, ApplicationSecretArgs } from "pulumi-genauth";

export async function program(): Promise<Record<string, pulumi.Output<unknown>>> {
  const config = new pulumi.Config();
  const args: ApplicationSecretArgs = { appId: config.require("appId"), rotationTrigger: "2026-01" };
  const web = new ApplicationSecret("web", args);
  return { secret: web.secret, fingerprint: web.fingerprint };
}
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: "ES2020",
    module: "node16",
    moduleResolution: "node16",
    types: [],
    skipLibCheck: true,
  },
  files: ["index.ts"],
};

describe("the packed package in a fresh project", () => {
  const scenario = useScenario({ packageDir: null });
  let project: string;
  let packedFiles: string[];
  let results: ChildResult[];
  let exported: ReturnType<E2eStack["exportState"]>;

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, "lib/provider/runtime.js"))) {
      throw new Error("lib/ is missing: run `npm run build` before the end-to-end suite");
    }
    project = scenario().workDir.root;
    const npm = (args: string[], cwd: string) =>
      execFileSync("npm", args, {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 170_000,
      });
    const tarball = packedTarball();
    packedFiles = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ""));
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "user-project", private: true }),
    );
    // The peer @pulumi/pulumi comes from this repository (pinned, and the registry's newest needs Node 22).
    const install = ["install", "--no-audit", "--no-fund", "--legacy-peer-deps"];
    npm([...install, tarball], project);
    if (!existsSync(path.join(project, "node_modules/@pulumi/pulumi"))) linkProgramModules(project, null);
    writeFileSync(path.join(project, "index.ts"), USER_PROGRAM);
    writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG));
    execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", project]);

    results = await runInChild(scenario().workDir, { ...job(), operations: ["up", "refresh", "preview"] });
    const stack = await E2eStack.open(scenario().workDir, { program: async () => undefined });
    exported = stack.exportState();
    results.push(...(await runInChild(scenario().workDir, { ...job(), operations: ["destroy"] })));
  });

  const job = () => ({
    projectDir: project,
    programModule: "index.js",
    config: { ...scenario().stackConfig(), "e2e:appId": { value: SEEDED_APPS.web } },
  });

  test("the tarball holds the compiled library with types, and no sources or tests", () => {
    const files = packedFiles;
    for (const file of ["lib/provider/index.js", "lib/provider/index.d.ts", "lib/provider/runtime.js"]) {
      expect(files).toContain(file);
    }
    expect(
      files.filter(
        (f) => /^(provider|test|emulator|examples)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")),
      ),
    ).toEqual([]);
  });

  test("the installed package resolves its entry points from the project", () => {
    const resolve = (name: string) => require.resolve(name, { paths: [project] });
    expect(resolve("pulumi-genauth")).toBe(
      path.join(project, "node_modules/pulumi-genauth/lib/provider/index.js"),
    );
    expect(resolve("pulumi-genauth/provider-runtime")).toBe(
      path.join(project, "node_modules/pulumi-genauth/lib/provider/runtime.js"),
    );
  });

  test("up, refresh, preview and destroy all succeed", () => {
    expect(results.map((r) => [r.op, r.ok, r.error ?? ""])).toEqual([
      ["up", true, ""],
      ["refresh", true, ""],
      ["preview", true, ""],
      ["destroy", true, ""],
    ]);
  });

  test("up rotated the app once and returned its current secret as a secret output", () => {
    const up = results[0];
    expect(up.outputs?.secret).toEqual({ value: scenario().secretOf(SEEDED_APPS.web), secret: true });
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
  });

  test("prints neither the app secret nor the access key secret", () => {
    const printed = results.map((r) => `${r.output}\n${r.error ?? ""}`).join("\n");
    expect(printed).toContain("Resources:");
    expect(printed).not.toContain(scenario().secretOf(SEEDED_APPS.web));
    expect(printed).not.toContain(scenario().stackConfig()["genauth:accessKeySecret"].value);
  });

  test("state names the provider runtime by package path and holds no code or credentials", () => {
    const web = secretResources(exported).web;
    expect(web.outputs.rotationReason).toBe("created");
    const provider = web.outputs.__provider;
    expect(provider).toContain('"pulumi-genauth/provider-runtime"');
    expect(provider).not.toContain(scenario().emulator.url);
    expect(provider.length).toBeLessThan(4096);
  });
});
