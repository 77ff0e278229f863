/**
 * The demo, both ways users run it: `npm run demo` (after the build) in its own Node process, and
 * `pulumi up` at the repository root with the commands of docs/contributing.md. Each must create every secret,
 * rotate each in place on the trigger change, destroy without a GenAuth call, and never print a secret.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { REPO_ROOT } from "../../harness/programModules";
import { runCounting, stackOutputs, useCliProject } from "./support/cliProject";
import { keepOutput } from "../../harness/evidence";
import { codeBlocks, ReadmeCommands, shellCommands } from "./support/readme";
import { E2E_TIMEOUT_MS } from "./support/scenario";

const NAMES = ["web", "api", "worker"];

describe("the demo", () => {
  let output: string;

  beforeAll(async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [path.join(REPO_ROOT, "scripts/demo.js")],
      {
        cwd: REPO_ROOT,
        timeout: E2E_TIMEOUT_MS - 10_000,
      },
    );
    output = `${stdout}\n${stderr}`;
    keepOutput("demo", output);
  }, E2E_TIMEOUT_MS);

  /** The digest lines of one step: name → { fingerprint, reason }. */
  const digest = (step: string) => {
    const section = output.slice(output.indexOf(step));
    return Object.fromEntries(
      NAMES.map((name) => {
        const match = new RegExp(`^\\s+${name}\\s+fingerprint ([0-9a-f]{16})\\s+reason (\\w+)`, "m").exec(
          section,
        );
        if (!match) throw new Error(`no digest line for ${name} after "${step}" in:\n${output}`);
        return [name, { fingerprint: match[1], reason: match[2] }];
      }),
    );
  };

  test("creates every secret on the first up with one token request and three rotations", () => {
    expect(output).toContain('1. first up: every secret is created ({"create":4}');
    expect(output).toMatch(/"get-management-token":1,"refresh-application-secret":3/);
    for (const entry of Object.values(digest("1. first up"))) expect(entry.reason).toBe("created");
  });

  test("rotates every secret in place after the trigger change, with new fingerprints", () => {
    const first = digest("1. first up");
    const second = digest("2. trigger changed");
    expect(output).toMatch(/2\. trigger changed .*\{"same":1,"update":3\}/);
    for (const name of NAMES) {
      expect(second[name].reason).toBe("trigger");
      expect(second[name].fingerprint).not.toBe(first[name].fingerprint);
    }
  });

  test("destroys without a GenAuth call", () => {
    expect(output).toContain("3. destroyed; GenAuth calls made: {}");
  });

  test("prints no secret-shaped value (app secrets are 32 hex characters) and no key secret", () => {
    expect(output).not.toMatch(/[0-9a-f]{32}/);
    expect(output).not.toContain("emulator-pool-a-secret");
  });
});

describe("pulumi up at the repository root, as docs/contributing.md says", () => {
  const project = useCliProject({ dir: REPO_ROOT });
  /** A stack name no developer's own root stack has (its config file is written at the root). */
  const stack = `e2e-demo-${process.pid}`;
  let readme: ReadmeCommands;
  const next = async (command: string) => {
    const [, ...args] = readme.next(command);
    const result = await runCounting(project(), args);
    if (result.run.code !== 0) throw new Error(`${command} exited ${result.run.code}:\n${result.run.output}`);
    return result;
  };
  const rotations = () =>
    NAMES.map(
      (name) =>
        project().scenario.emulator.control.app(SEEDED_APPS[name as keyof typeof SEEDED_APPS]).rotations,
    );

  beforeAll(async () => {
    const blocks = codeBlocks(
      path.join(REPO_ROOT, "docs", "contributing.md"),
      "The demo with `pulumi up` at the root",
    );
    readme = new ReadmeCommands(shellCommands(blocks), {
      "http://127.0.0.1:8787": project().scenario.emulator.url,
      "stack init demo": `stack init ${stack}`,
    });
    readme.next("npm ci && npm run build"); // done before the suite (the test command builds first)
    await next("pulumi stack init demo");
    await next("pulumi config set genauth:host http://127.0.0.1:8787");
    await next("pulumi config set genauth:accessKeyId 6229ffaa00000000000000a0");
    await next("pulumi config set --secret genauth:accessKeySecret emulator-pool-a-secret-0001");
  });

  test("up runs the demo program: three secrets created with one token, exported as [secret]", async () => {
    const { run, calls } = await next("pulumi up --yes");
    // Each create reads the app's secret first, then rotates it once.
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 3,
      "refresh-application-secret": 3,
    });
    expect(run.output).toContain("+ 4 created");
    for (const name of NAMES) expect(run.output).toMatch(new RegExp(`${name}Secret\\s*: \\[secret\\]`));
    expect(rotations()).toEqual([1, 1, 1]);
  });

  test("a new demo:trigger rotates each secret once, in place", async () => {
    await next("pulumi config set demo:trigger 2026-12");
    const { run, calls } = await next("pulumi up --yes");
    expect(calls).toEqual({ "get-management-token": 1, "refresh-application-secret": 3 });
    expect(run.output).toContain("~ 3 updated");
    expect(run.output).not.toMatch(/replaced/);
    expect(rotations()).toEqual([2, 2, 2]);
  });

  test("stack output shows the secrets as [secret] and each reason as trigger", async () => {
    const { run } = await next("pulumi stack output");
    expect(run.stdout).toMatch(/webSecret\s+\[secret\]/);
    const outputs = await stackOutputs(project().program);
    for (const name of NAMES) {
      expect(outputs[`${name}Secret`]).toBe("[secret]");
      expect(outputs[`${name}Reason`]).toBe("trigger");
    }
  });

  test("destroy calls nothing; the page has no command left and nothing printed a secret", async () => {
    const { run, calls } = await next("pulumi destroy --yes");
    expect(calls).toEqual({});
    expect(run.output).toContain("- 4 deleted");
    expect(readme.remaining()).toEqual([]);
    expect(run.output).not.toContain(POOL_A_SECRET);
  });
});
