/**
 * The shell wrapper `scripts/build-plugin.js` writes as `pulumi-resource-genauth`, run as the engine
 * runs it, with a PATH that lacks node, holds a too old one, or holds this test's own node.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SHELL_WRAPPER } = require("../../scripts/build-plugin.js") as { SHELL_WRAPPER: string };

const NAME = "pulumi-resource-genauth";
let dir: string;
let plugin: string;

/** A directory for PATH holding `dirname` (the wrapper needs it) and the given executables. */
function binDir(name: string, files: Record<string, string> = {}): string {
  const bin = path.join(dir, name);
  mkdirSync(bin);
  symlinkSync(
    spawnSync("sh", ["-c", "command -v dirname"], { encoding: "utf8" }).stdout.trim(),
    path.join(bin, "dirname"),
  );
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(path.join(bin, file), text);
    chmodSync(path.join(bin, file), 0o755);
  }
  return bin;
}

function run(PATH: string) {
  return spawnSync(plugin, ["127.0.0.1:1", "--flag"], { env: { PATH }, encoding: "utf8" });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "genauth-wrapper-"));
  plugin = path.join(dir, "plugin", NAME);
  mkdirSync(path.dirname(plugin));
  writeFileSync(plugin, SHELL_WRAPPER);
  chmodSync(plugin, 0o755);
  // Stands in for the bundle: shows that it ran and with which arguments.
  writeFileSync(`${plugin}.js`, `console.log("bundle ran: " + process.argv.slice(2).join(" "));\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the plugin's shell wrapper", () => {
  test("without node on PATH, says in one line that the plugin needs Node.js >= 20 on PATH, and fails", () => {
    const result = run(binDir("no-node"));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `${NAME}: this plugin needs Node.js >= 20 on PATH, and no node was found on PATH. ` +
        "Install Node.js 20 or later, or put its bin directory on PATH.\n",
    );
  });

  test("with a node older than 20 on PATH, names its version and fails without running the bundle", () => {
    // Every run of this node prints its version: empty stdout shows the bundle never ran through it.
    const result = run(binDir("old-node", { node: "#!/bin/sh\necho v18.19.0\n" }));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      new RegExp(
        `^${NAME}: this plugin needs Node.js >= 20 on PATH, and the node on PATH is v18\\.19\\.0\\. `,
      ),
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("with node >= 20 on PATH, runs the bundle with the engine's arguments", () => {
    const result = run([binDir("good-node"), path.dirname(process.execPath)].join(path.delimiter));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("bundle ran: 127.0.0.1:1 --flag\n");
  });
});
