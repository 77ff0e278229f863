/**
 * The examples, run as users run them: each `examples/<name>/` copied as it is into a fresh
 * directory, set up and run by the `pulumi` CLI with exactly the commands of its README, in the
 * README's order (the placeholders replaced by the emulator's values, `pulumi-genauth` installed
 * from the packed tarball), against the emulator.
 */
import { readFileSync, statSync, existsSync } from "node:fs";
import * as path from "node:path";
import { SEEDED_APPS } from "../../emulator";
import { CliProject, emulatorValues, exportState, runCounting, useCliProject } from "./support/cliProject";
import { REPO_ROOT } from "../../harness/programModules";
import { installPackage } from "./support/programDir";
import { codeBlocks, ReadmeCommands, shellCommands } from "./support/readme";
import { isEncrypted, secretResource } from "../../harness/state";

const WEB = SEEDED_APPS.web;

/** The files a user copies: the example's project files, read from the repository. */
function exampleFiles(name: string): Record<string, string> {
  const dir = path.join(REPO_ROOT, "examples", name);
  const files = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"];
  return Object.fromEntries(files.map((file) => [file, readFileSync(path.join(dir, file), "utf8")]));
}

/** Runs an example's README commands in order through `next`; `npm install` installs the tarball. */
function readmeRunner(name: string, project: () => CliProject) {
  let readme: ReadmeCommands | undefined;
  const commands = () =>
    (readme ??= new ReadmeCommands(
      shellCommands(codeBlocks(path.join(REPO_ROOT, "examples", name, "README.md"))),
      emulatorValues(project().scenario),
    ));
  return {
    /** Runs the README's next command (which must be `command`); fails unless it exits 0. */
    async next(command: string, options: { printsSecrets?: boolean } = {}) {
      const [tool, ...args] = commands().next(command);
      if (tool === "npm") {
        expect(args).toEqual(["install"]);
        await installPackage(project().program);
        return { run: undefined, calls: {} };
      }
      const result = await runCounting(project(), args, options);
      if (result.run.code !== 0)
        throw new Error(`${command} exited ${result.run.code}:\n${result.run.output}`);
      return { run: result.run, calls: result.calls };
    },
    remaining: () => commands().remaining(),
  };
}

/** The README's set-up commands shared by both examples (install, stack, credentials, app). */
const SETUP = [
  "npm install",
  "pulumi stack init dev",
  "pulumi config set genauth:host https://api.genauth.ai",
  "pulumi config set genauth:accessKeyId <user pool id or access key id>",
  "pulumi config set --secret genauth:accessKeySecret <its secret>",
  "pulumi config set appId <the application's id>",
];

describe("examples/basic-rotation, as its README says", () => {
  const project = useCliProject({ files: exampleFiles("basic-rotation") });
  const readme = readmeRunner("basic-rotation", project);
  const app = () => project().scenario.emulator.control.app(WEB);
  let createdId: string;

  beforeAll(async () => {
    for (const command of SETUP) await readme.next(command);
    await readme.next("pulumi config set rotateAfter 90d");
  });

  test("up creates the secret with one rotation, on a 90-day schedule, exported as [secret]", async () => {
    const { run, calls } = await readme.next("pulumi up --yes");
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 1,
      "refresh-application-secret": 1,
    });
    expect(run?.output).toMatch(/clientSecret\s*: \[secret\]/);
    expect(run?.output).toMatch(/rotationReason\s*: "created"/);
    const state = secretResource(await exportState(project().program), "app-secret");
    createdId = state.id;
    // 90 days from when this up planned the rotation (scheduledFrom), a moment before rotatedAt.
    expect(Date.parse(state.outputs.nextRotationAt) - Date.parse(state.outputs.scheduledFrom!)).toBe(
      90 * 86_400_000,
    );
    expect(Date.parse(state.outputs.rotatedAt) - Date.parse(state.outputs.scheduledFrom!)).toBeLessThan(
      60_000,
    );
    expect(app().rotations).toBe(1);
  });

  test("a new trigger makes up an in-place update that rotates once, keeping the id", async () => {
    await readme.next("pulumi config set rotationTrigger 2026-02");
    const { run, calls } = await readme.next("pulumi up --yes");
    expect(calls).toEqual({ "get-management-token": 1, "refresh-application-secret": 1 });
    expect(run?.output).toContain("~ 1 updated");
    expect(run?.output).toMatch(/rotationReason\s*: "created" => "trigger"/);
    expect(secretResource(await exportState(project().program), "app-secret").id).toBe(createdId);
    expect(app().rotations).toBe(2);
  });

  test("stack output clientSecret --show-secrets prints GenAuth's current secret", async () => {
    const { run } = await readme.next("pulumi stack output clientSecret --show-secrets", {
      printsSecrets: true,
    });
    expect(run?.stdout.trim()).toBe(app().secret);
  });

  test("destroy rotates nothing, and the README has no command left", async () => {
    const { calls } = await readme.next("pulumi destroy --yes");
    expect(calls).toEqual({});
    expect(app().rotations).toBe(2);
    expect(readme.remaining()).toEqual([]);
  });
});

describe("examples/secret-to-file, as its README says", () => {
  const project = useCliProject({ files: exampleFiles("secret-to-file") });
  const readme = readmeRunner("secret-to-file", project);
  const file = () => path.join(project().program.dir, "app-secret.env");
  const expected = () =>
    `GENAUTH_APP_ID=${WEB}\nGENAUTH_APP_SECRET=${project().scenario.emulator.control.app(WEB).secret}\n`;

  beforeAll(async () => {
    for (const command of SETUP) await readme.next(command);
  });

  test("up writes the secret to a 0600 file and keeps the file's content secret in state", async () => {
    const { run, calls } = await readme.next("pulumi up --yes");
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 1,
      "refresh-application-secret": 1,
    });
    expect(readFileSync(file(), "utf8")).toBe(expected());
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(run?.output).toMatch(/dotenv\s*: \[secret\]/);
    const state = await exportState(project().program);
    const fileState = (state.deployment.resources as Array<Record<string, Record<string, unknown>>>).find(
      (r) => String(r.urn).endsWith("::app-secret-file"),
    );
    expect(isEncrypted(fileState?.inputs.content)).toBe(true);
    expect(isEncrypted(fileState?.outputs.content)).toBe(true);
  });

  test("a new trigger rotates the secret and rewrites the file in the same up", async () => {
    const before = readFileSync(file(), "utf8");
    await readme.next("pulumi config set rotationTrigger 2026-02");
    const { calls } = await readme.next("pulumi up --yes");
    expect(calls).toEqual({ "get-management-token": 1, "refresh-application-secret": 1 });
    expect(project().scenario.emulator.control.app(WEB).rotations).toBe(2);
    expect(readFileSync(file(), "utf8")).toBe(expected());
    expect(readFileSync(file(), "utf8")).not.toBe(before);
  });

  test("stack output dotenv shows [secret]", async () => {
    const { run } = await readme.next("pulumi stack output dotenv");
    expect(run?.stdout.trim()).toBe("[secret]");
  });

  test("destroy removes the file and rotates nothing, and the README has no command left", async () => {
    const { calls } = await readme.next("pulumi destroy --yes");
    expect(calls).toEqual({});
    expect(existsSync(file())).toBe(false);
    expect(project().scenario.emulator.control.app(WEB).rotations).toBe(2);
    expect(readme.remaining()).toEqual([]);
  });
});
