/**
 * The Node.js releases: what the package declares, what the plugin embeds and what the release
 * workflow builds with are the same facts (scripts/nodejs.js).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodejs = require("../../scripts/nodejs") as {
  NODE_RELEASES: Record<string, string>;
  CI_LINE: number;
  PLUGIN_LINE: number;
  releaseOf(line: string | number): string;
};

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

test("the maintained lines are 22, 24 and 26, each with a release of its own line", () => {
  expect(Object.keys(nodejs.NODE_RELEASES)).toEqual(["22", "24", "26"]);
  for (const [line, version] of Object.entries(nodejs.NODE_RELEASES)) {
    expect(version.split(".")[0]).toBe(line);
  }
});

test("package.json's engines admit every maintained line and not Node 20", () => {
  const engines = JSON.parse(read("package.json")).engines.node as string;
  expect(engines).toBe(`>=${Math.min(...Object.keys(nodejs.NODE_RELEASES).map(Number))}`);
});

test("the plugin embeds an LTS line, and the release workflow builds it on that very release", () => {
  expect(nodejs.PLUGIN_LINE % 2).toBe(0); // even lines become LTS
  const workflow = read(".github/workflows/release.yml");
  expect(workflow).toMatch(new RegExp(`^  NODE_VERSION: ${nodejs.releaseOf(nodejs.PLUGIN_LINE)}$`, "m"));
});

test("the CI line is a maintained one", () => {
  expect(nodejs.releaseOf(nodejs.CI_LINE)).toMatch(/^\d+\.\d+\.\d+$/);
});

test("a line that is not maintained is refused with the lines that are", () => {
  expect(() => nodejs.releaseOf(20)).toThrow("Node.js 20 is not a maintained line (22, 24, 26)");
});
