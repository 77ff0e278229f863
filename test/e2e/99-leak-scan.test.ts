/**
 * The leak scan, after every other e2e file (see support/sequencer.js): every app secret and
 * management token any emulator issued during the run, the access key secrets and the stack
 * passphrase must appear nowhere in what the run left behind — the state files of every backend,
 * the CLI output and engine events of every operation (the `--debug` runs included), and the
 * stdout and stderr of every dynamic-provider process.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { COLLABORATOR_KEY_SECRET, POOL_A_SECRET, POOL_B_SECRET } from "../../emulator";
import { EVIDENCE, evidenceDir } from "../../harness/evidence";
import { findLeaksInBulk, JWT_PATTERN } from "./support/leaks";
import { TEST_PASSPHRASE } from "../../harness/workdir";

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe("after every suite: no secret anywhere", () => {
  const dir = evidenceDir();
  const part = (name: string) => filesUnder(path.join(dir ?? "", name));

  test("the run kept evidence from the other suites (otherwise this scan proves nothing)", () => {
    if (!dir)
      throw new Error("no evidence directory: run the e2e project through jest, whose globalSetup makes it");
    expect(part(EVIDENCE.output).length).toBeGreaterThan(100);
    expect(part(EVIDENCE.output).filter((f) => /-debug\.log$/.test(f)).length).toBeGreaterThanOrEqual(3);
    expect(part(EVIDENCE.state).filter((f) => f.endsWith(".json")).length).toBeGreaterThan(20);
    expect(part(EVIDENCE.provider).length).toBeGreaterThan(20);
  });

  test("no issued secret or token, access key secret or passphrase in state, CLI output or provider output", () => {
    const issued = readFileSync(path.join(dir!, EVIDENCE.secrets), "utf8").split("\n").filter(Boolean);
    const appSecrets = issued.filter((value) => !value.startsWith("eyJ"));
    const tokens = issued.filter((value) => value.startsWith("eyJ"));
    // The record must really hold what the suites made: hundreds of secrets, many tokens.
    expect(appSecrets.length).toBeGreaterThan(100);
    expect(tokens.length).toBeGreaterThan(20);
    const needles = new Map<string, string>([
      ["pool A's access key secret", POOL_A_SECRET],
      ["pool B's access key secret", POOL_B_SECRET],
      ["the collaborator key secret", COLLABORATOR_KEY_SECRET],
      ["the stack passphrase", TEST_PASSPHRASE],
      ...appSecrets.map((value, i): [string, string] => [
        `app secret #${i + 1} (${value.slice(0, 4)}…)`,
        value,
      ]),
      ...tokens.map((value, i): [string, string] => [`management token #${i + 1}`, value]),
    ]);
    const files = [EVIDENCE.output, EVIDENCE.state, EVIDENCE.provider].flatMap(part);
    const places = (function* () {
      for (const file of files)
        yield [path.relative(dir!, file), readFileSync(file, "utf8")] as [string, string];
    })();
    expect(findLeaksInBulk(places, needles)).toEqual([]);
    const jwts = files.filter((file) => JWT_PATTERN.test(readFileSync(file, "utf8")));
    expect(jwts.map((file) => path.relative(dir!, file))).toEqual([]);
  });
});
