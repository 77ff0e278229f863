/**
 * The demo (`npm run demo` after the build): run as a user runs it, in its own Node process. It must
 * succeed, show each app created and then rotated by the trigger change, and never print a secret.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./support/cli";
import { keepOutput } from "./support/evidence";
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
