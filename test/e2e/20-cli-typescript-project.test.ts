/**
 * The README's "Getting started", typed into a shell: a fresh TypeScript project laid out as
 * `pulumi new typescript` leaves it, `pulumi-genauth` installed from the packed tarball, and every
 * README command run by the `pulumi` binary itself in that directory, in the README's order, against
 * the emulator. Between them, the commands a user checks with (`preview`, a second `up`, `stack
 * output`, `stack export`, `up --debug -v=9`) and bad input. Each step asserts what GenAuth saw and
 * what the CLI printed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import {
  emulatorValues,
  exportState,
  plainOutput,
  runCounting,
  STACK_TRACE,
  stackOutputs,
  useCliProject,
} from "./support/cliProject";
import { REPO_ROOT } from "../../harness/programModules";
import { installPackage, packedTarball } from "./support/programDir";
import { codeBlocks, ReadmeCommands, shellCommands } from "./support/readme";
import { isEncrypted, secretResource } from "../../harness/state";
import { TEMPLATE } from "./support/templates";

const README = codeBlocks(path.join(REPO_ROOT, "README.md"), "Getting started");

const WEB = SEEDED_APPS.web;

describe("Getting started: a fresh TypeScript project run by the pulumi CLI", () => {
  const project = useCliProject();
  const program = () => project().program;
  const emulator = () => project().scenario.emulator;
  const secretOf = (appId: string) => project().scenario.secretOf(appId);
  let readme: ReadmeCommands;
  /** Runs the README's next command, which must be `command`; fails unless it exits 0. */
  const next = (command: string) => {
    const [, ...args] = readme.next(command);
    return runCounting(project(), args).then((result) => {
      if (result.run.code !== 0)
        throw new Error(`${command} exited ${result.run.code}:\n${result.run.output}`);
      return result;
    });
  };
  let createdId: string;

  beforeAll(() => {
    readme = new ReadmeCommands(shellCommands(README), emulatorValues(project().scenario));
    readme.next("mkdir rotate-app-secret && cd rotate-app-secret"); // the program directory is new
    readme.next("pulumi new typescript --generate-only --yes"); // templates are downloaded: written here
    program().write(TEMPLATE);
  });

  test("npm install pulumi-genauth installs the packed package into the project", async () => {
    expect(readme.next("npm install pulumi-genauth")).toEqual(["npm", "install", "pulumi-genauth"]);
    await installPackage(program());
    const manifest = JSON.parse(program().read("package.json"));
    expect(manifest.dependencies["pulumi-genauth"]).toContain(path.basename(packedTarball()));
    const installed = path.join(program().dir, "node_modules/pulumi-genauth");
    expect(realpathSync(installed)).toBe(installed); // a copy from the tarball, not a link to the repo
    expect(existsSync(path.join(installed, "lib/provider/runtime.js"))).toBe(true);
  });

  test("the README's index.ts type-checks against the installed package", () => {
    const source = README.find((block) => block.lang === "ts")!.code;
    program().write({ "index.ts": source });
    const tsc = path.join(program().dir, "node_modules/typescript/bin/tsc");
    expect(() => execFileSync(process.execPath, [tsc, "--noEmit", "-p", program().dir])).not.toThrow();
  });

  test("stack init creates the stack and calls nothing", async () => {
    const { run, calls } = await next("pulumi stack init dev");
    expect(run.output).toContain("Created stack 'dev'");
    expect(calls).toEqual({});
  });

  test("config set stores the key secret encrypted (--secret) and calls nothing", async () => {
    const commands = [
      "pulumi config set genauth:host https://api.genauth.ai",
      "pulumi config set genauth:accessKeyId <user pool id or access key id>",
      "pulumi config set --secret genauth:accessKeySecret <its secret>",
      "pulumi config set appId <the application's id>",
    ];
    for (const command of commands) expect((await next(command)).calls).toEqual({});
    const file = program().read("Pulumi.dev.yaml");
    expect(file).toMatch(/genauth:accessKeySecret:\n\s+secure: v1:/);
    expect(file).not.toContain(POOL_A_SECRET);
    expect(file).toContain(`rotate-app-secret:appId: ${WEB}\n`);
    const listed = (await program().ok(["config"])).stdout;
    expect(listed).toMatch(/genauth:accessKeySecret\s+\[secret\]/);
  });

  test("preview plans one create and makes no GenAuth call", async () => {
    const { run, calls } = await runCounting(project(), ["preview"]);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/\+\s+pulumi-nodejs:dynamic\/genauth:ApplicationSecret\s+app\s+create/);
    expect(run.output).toContain("+ 2 to create");
    expect(calls).toEqual({});
  });

  test("preview --diff lists the inputs to create and makes no GenAuth call", async () => {
    const { run, calls } = await next("pulumi preview --diff");
    expect(run.output).toContain("+ pulumi-nodejs:dynamic/genauth:ApplicationSecret: (create)");
    expect(run.output).toMatch(new RegExp(`appId\\s+: "${WEB}"`));
    expect(run.output).toMatch(/rotationTrigger: "2026-01"/);
    expect(calls).toEqual({});
  });

  test("up --yes creates the secret with one token and one rotation, printed only as [secret]", async () => {
    const { run, calls } = await next("pulumi up --yes");
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 1,
      "refresh-application-secret": 1,
    });
    expect(emulator().control.app(WEB).rotations).toBe(1);
    expect(run.output).toContain("+ 2 created");
    expect(run.output).toMatch(/clientSecret: \[secret\]/);
    expect(run.output).not.toContain(secretOf(WEB));
    createdId = secretResource(await exportState(program()), "app").id;
    expect(createdId).toBe(WEB);
  });

  test("state records the line of index.ts that declares the resource", async () => {
    // The SDK's source position survives the paused promise stacks (provider/program/promiseStacks.ts).
    const app = secretResource(await exportState(program()), "app") as unknown as { sourcePosition?: string };
    expect(app.sourcePosition).toMatch(/^project:\/\/\/index\.ts#\d+,\d+$/);
  });

  test("up again with nothing changed makes no GenAuth call", async () => {
    const { run, calls } = await runCounting(project(), ["up", "--yes"]);
    expect(run.code).toBe(0);
    expect(run.output).toContain("2 unchanged");
    expect(calls).toEqual({});
  });

  test("stack output shows the secret as [secret] and the fingerprint of GenAuth's secret", async () => {
    const run = await program().ok(["stack", "output"]);
    expect(run.stdout).toMatch(/clientSecret\s+\[secret\]/);
    expect(await stackOutputs(program())).toEqual({
      clientSecret: "[secret]",
      fingerprint: fingerprint(secretOf(WEB)),
    });
  });

  test("stack output clientSecret --show-secrets prints GenAuth's current secret", async () => {
    const [, ...args] = readme.next("pulumi stack output clientSecret --show-secrets");
    const run = await program().ok(args, { printsSecrets: true });
    expect(run.stdout.trim()).toBe(secretOf(WEB));
  });

  test("stack export holds the secret and the key secret only encrypted", async () => {
    const run = await program().ok(["stack", "export"]);
    expect(run.stdout).not.toContain(secretOf(WEB));
    expect(run.stdout).not.toContain(POOL_A_SECRET);
    const app = secretResource(JSON.parse(run.stdout), "app");
    expect(isEncrypted(app.outputs.secret)).toBe(true);
  });

  test("a new trigger: preview --diff shows an update of rotationTrigger, not a replace, and calls nothing", async () => {
    expect((await next("pulumi config set rotationTrigger 2026-02")).calls).toEqual({});
    const { run, calls } = await next("pulumi preview --diff");
    expect(run.output).toContain("~ pulumi-nodejs:dynamic/genauth:ApplicationSecret: (update)");
    expect(run.output).toMatch(/~ rotationTrigger: "2026-01" => "2026-02"/);
    expect(run.output).toContain("~ 1 to update");
    expect(run.output).not.toMatch(/replace/);
    expect(calls).toEqual({});
  });

  test("up --yes then updates in place: one rotation, the same id, the new secret in the output", async () => {
    const { run, calls } = await next("pulumi up --yes");
    expect(calls).toEqual({ "get-management-token": 1, "refresh-application-secret": 1 });
    expect(run.output).toContain("~ 1 updated");
    expect(run.output).not.toMatch(/replaced|deleted/);
    expect(emulator().control.app(WEB).rotations).toBe(2);
    const app = secretResource(await exportState(program()), "app");
    expect(app.id).toBe(createdId);
    expect(app.outputs.rotationReason).toBe("trigger");
    expect(await plainOutput(program(), "clientSecret")).toBe(secretOf(WEB));
  });

  test("after a rotation in the console, refresh records the new secret without rotating", async () => {
    const before = secretOf(WEB);
    emulator().control.rotate(WEB);
    expect(secretOf(WEB)).not.toBe(before);
    const rotations = emulator().control.app(WEB).rotations;
    const { run, calls } = await next("pulumi refresh --yes");
    // The CLI's refresh previews first (the Automation API's skips that): two reads, each its own token.
    expect(calls).toEqual({ "get-management-token": 2, "get-application-secret": 2 });
    expect(emulator().control.app(WEB).rotations).toBe(rotations);
    expect(run.output).not.toContain(secretOf(WEB));
    expect(secretResource(await exportState(program()), "app").outputs.rotationReason).toBe("drift");
  });

  test("refresh with PULUMI_ENABLE_LEGACY_REFRESH_DIFF=true shows a console rotation as an update", async () => {
    // The plain refresh above says "2 unchanged": the engine shows what the program would change,
    // and it changes nothing. The docs give this variable to see what the refresh picked up.
    emulator().control.rotate(WEB);
    const rotations = emulator().control.app(WEB).rotations;
    const { run, calls } = await runCounting(project(), ["refresh", "--yes"], {
      env: { PULUMI_ENABLE_LEGACY_REFRESH_DIFF: "true" },
    });
    expect(run.code).toBe(0);
    expect(run.output).toContain("~ 1 updated");
    expect(calls["refresh-application-secret"]).toBeUndefined();
    expect(emulator().control.app(WEB).rotations).toBe(rotations);
    const app = secretResource(await exportState(program()), "app");
    expect(app.outputs.fingerprint).toBe(fingerprint(secretOf(WEB)));
  });

  test("the next up carries the refreshed secret into the stack output, with no GenAuth call", async () => {
    const rotations = emulator().control.app(WEB).rotations;
    const { calls } = await next("pulumi up --yes");
    expect(calls).toEqual({});
    expect(emulator().control.app(WEB).rotations).toBe(rotations);
    expect(await plainOutput(program(), "clientSecret")).toBe(secretOf(WEB));
  });

  test("up --debug -v=9 rotates and prints no secret, in its output or its verbose logs", async () => {
    await program().ok(["config", "set", "rotationTrigger", "2026-03"]);
    const { run, calls } = await runCounting(project(), ["up", "--yes", "--debug", "-v=9"]);
    expect(run.code).toBe(0);
    expect(calls["refresh-application-secret"]).toBe(1);
    expect(run.logs).toContain("RegisterResource"); // the verbose logs were written and read
    const printed = `${run.output}\n${run.logs}`;
    expect(printed).not.toContain(secretOf(WEB));
    expect(printed).not.toContain(POOL_A_SECRET);
  });

  test("destroy --yes removes the resource and rotates nothing", async () => {
    const rotations = emulator().control.app(WEB).rotations;
    const { run, calls } = await next("pulumi destroy --yes");
    expect(run.output).toContain("- 2 deleted");
    expect(calls["refresh-application-secret"]).toBeUndefined();
    expect(emulator().control.app(WEB).rotations).toBe(rotations);
    expect(readme.remaining()).toEqual([]);
  });

  describe("bad input through the CLI", () => {
    /** A new stack with the given config; returns its `pulumi up` and the calls it made. */
    const upOfNewStack = async (stack: string, config: string[][], unsetEnv: string[] = []) => {
      await program().ok(["stack", "init", stack]);
      for (const args of config) await program().ok(["config", "set", "--stack", stack, ...args]);
      return runCounting(project(), ["up", "--yes", "--stack", stack], { unsetEnv });
    };

    test("an empty appId fails up, naming the field and the fix, with no stack trace and no call", async () => {
      const url = project().scenario.emulator.url;
      const { run, calls } = await upOfNewStack("empty-app-id", [
        ["genauth:host", url],
        ["genauth:accessKeyId", emulatorValues(project().scenario)["<user pool id or access key id>"]],
        ["--secret", "genauth:accessKeySecret", POOL_A_SECRET],
        ["appId", ""],
      ]);
      expect(run.code).not.toBe(0);
      expect(run.output).toContain("appId");
      expect(run.output).toContain(
        "must be a non-empty string (the application's ID from the GenAuth console)",
      );
      expect(run.output).not.toMatch(STACK_TRACE);
      expect(calls).toEqual({});
    });

    test("missing credentials fail up, naming the settings and how to set them, with no stack trace and no call", async () => {
      const { run, calls } = await upOfNewStack(
        "no-credentials",
        [
          ["genauth:host", project().scenario.emulator.url],
          ["appId", WEB],
        ],
        ["GENAUTH_ACCESS_KEY_ID", "GENAUTH_ACCESS_KEY_SECRET"],
      );
      expect(run.code).not.toBe(0);
      expect(run.output).toContain("no GenAuth credentials");
      expect(run.output).toContain("pulumi config set genauth:accessKeyId <id>");
      expect(run.output).toContain("pulumi config set --secret genauth:accessKeySecret <secret>");
      expect(run.output).not.toMatch(STACK_TRACE);
      expect(calls).toEqual({});
    });
  });
});
