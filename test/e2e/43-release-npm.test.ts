/**
 * Release rehearsal, npm: the packed package published (`npm publish`) to a local registry
 * (verdaccio on loopback), then the README's Getting started word for word in a fresh TypeScript
 * project, its `npm install pulumi-genauth` resolved from that registry as a user's is from
 * npmjs.com, and every command after it run by the `pulumi` binary against the emulator.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SEEDED_APPS } from "../../emulator";
import { REPO_ROOT } from "../../harness/programModules";
import { emulatorValues, exportState, useCliProject } from "./support/cliProject";
import { NpmRegistry, startNpmRegistry } from "./support/npmRegistry";
import { linkRepoPackages, packedTarball } from "./support/programDir";
import { codeBlocks, ReadmeCommands, shellCommands } from "./support/readme";
import { VERSION } from "./support/release";
import { TEMPLATE } from "./support/templates";

const README = codeBlocks(path.join(REPO_ROOT, "README.md"), "Getting started");
const WEB = SEEDED_APPS.web;

describe("Getting started with pulumi-genauth installed from an npm registry", () => {
  const project = useCliProject();
  const program = () => project().program;
  let registryDir: string;
  let registry: NpmRegistry;
  let readme: ReadmeCommands;
  let integrity: string;

  beforeAll(async () => {
    registryDir = mkdtempSync(path.join(os.tmpdir(), "genauth-registry-"));
    registry = await startNpmRegistry(registryDir);
    integrity = `sha512-${createHash("sha512").update(readFileSync(packedTarball())).digest("base64")}`;
    readme = new ReadmeCommands(shellCommands(README), emulatorValues(project().scenario));
    readme.next("mkdir rotate-app-secret && cd rotate-app-secret"); // the program directory is new
    readme.next("pulumi new typescript --generate-only --yes"); // templates are downloaded: written here
    program().write(TEMPLATE);
  }, 60_000);

  afterAll(async () => {
    try {
      await registry?.stop();
    } finally {
      if (registryDir) rmSync(registryDir, { recursive: true, force: true });
    }
  });

  test("npm publish puts the packed package into the registry", () => {
    registry.npm(["publish", packedTarball()], registryDir);
    const view = JSON.parse(registry.npm(["view", "pulumi-genauth", "--json"], registryDir));
    expect(view).toMatchObject({ name: "pulumi-genauth", version: VERSION, license: "Apache-2.0" });
    expect(view.dist.integrity).toBe(integrity);
    expect(view.dist.tarball).toBe(`${registry.url}pulumi-genauth/-/pulumi-genauth-${VERSION}.tgz`);
  });

  test("npm install pulumi-genauth, word for word, installs it from the registry", () => {
    const [command, ...args] = readme.next("npm install pulumi-genauth");
    expect(command).toBe("npm");
    // @pulumi/pulumi and the TypeScript toolchain from this repository (as the other CLI tests do:
    // the registry's newest @pulumi/pulumi needs Node 22); npm keeps them where they fit.
    linkRepoPackages(program().dir);
    registry.npm(args, program().dir);
    linkRepoPackages(program().dir);
    const manifest = JSON.parse(program().read("package.json"));
    expect(manifest.dependencies["pulumi-genauth"]).toBe(`^${VERSION}`);
    const lock = JSON.parse(program().read("package-lock.json"));
    expect(lock.packages["node_modules/pulumi-genauth"]).toMatchObject({
      version: VERSION,
      resolved: `${registry.url}pulumi-genauth/-/pulumi-genauth-${VERSION}.tgz`,
      integrity,
    });
    const installed = path.join(program().dir, "node_modules/pulumi-genauth");
    expect(realpathSync(installed)).toBe(installed); // unpacked from the registry, not a link
    // Its own dependencies came through the registry too.
    expect(lock.packages["node_modules/axios"]?.resolved).toMatch(new RegExp(`^${registry.url}axios/-/`));
  });

  test("the README's index.ts type-checks against the installed package", () => {
    program().write({ "index.ts": README.find((block) => block.lang === "ts")!.code });
    const tsc = path.join(program().dir, "node_modules/typescript/bin/tsc");
    expect(() => execFileSync(process.execPath, [tsc, "--noEmit", "-p", program().dir])).not.toThrow();
  });

  test("the README's commands, in order: up rotates once, a trigger change once more, destroy none", async () => {
    const control = project().scenario.emulator.control;
    const rotationsAfterUp: number[] = [];
    let shown = "";
    for (const command of readme.remaining()) {
      const [, ...args] = readme.next(command);
      const printsSecrets = args.includes("--show-secrets");
      const run = await program().ok(args, { printsSecrets });
      if (args[0] === "up") rotationsAfterUp.push(control.app(WEB).rotations);
      // Compared at once: later commands rotate again.
      if (printsSecrets) shown = run.stdout.trim() === project().scenario.secretOf(WEB) ? "current" : "other";
    }
    expect(readme.remaining()).toEqual([]);
    // up, then up after the trigger change, then up after refresh (nothing to do).
    expect(rotationsAfterUp).toEqual([1, 2, 2]);
    expect(shown).toBe("current"); // stack output --show-secrets printed GenAuth's secret
    expect(control.app(WEB).rotations).toBe(2);
    expect((await exportState(program())).deployment.resources ?? []).toEqual([]);
  });

  test("the emulator runs from the registry outside any project, in the form the docs give", async () => {
    // `npx genauth-emulator` alone would ask the registry for a package of that (unclaimed) name.
    const empty = mkdtempSync(path.join(os.tmpdir(), "genauth-npx-"));
    const child = spawn("npx", ["--yes", "--package", "pulumi-genauth", "genauth-emulator", "--port", "0"], {
      cwd: empty,
      env: { ...process.env, ...registry.env },
      detached: true, // its own process group: npx, npm and the emulator end together
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no URL within 120 s:\n${out}`)), 120_000);
        const read = (chunk: Buffer) => {
          out += chunk.toString();
          const match = /genauth-emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout.on("data", read);
        child.stderr.on("data", read);
        child.once("exit", (code) => reject(new Error(`npx exited ${code}:\n${out}`)));
      });
      const answer = await fetch(`${url}/__emulator/apps/${WEB}`);
      expect(answer.status).toBe(200);
    } finally {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      await exited;
      rmSync(empty, { recursive: true, force: true });
    }
  }, 180_000);
});
