#!/usr/bin/env node
/**
 * `npm run build:plugin`: the `pulumi-resource-genauth` plugin as a tarball for
 * `pulumi plugin install resource genauth <version> --file <tarball>`:
 *
 *   dist/pulumi-resource-genauth-v<version>-linux-amd64.tar.gz
 *     pulumi-resource-genauth       a shell script: exec node on the bundle
 *     pulumi-resource-genauth.cmd   the same for Windows
 *     pulumi-resource-genauth.js    provider/native/main.ts and everything it loads, one file
 *     LICENSE, README.md
 *
 * The bundle (esbuild) holds @pulumi/pulumi, gRPC, axios and the schema, so the plugin needs only
 * `node` (>= 20) on PATH, and no `npm install` at the user's. The wrappers check that node first and
 * say so in one line when it is missing or too old. It is the same JavaScript on every
 * platform: `--all` also writes the darwin-amd64, darwin-arm64, linux-arm64 and windows-amd64
 * tarballs, which differ only in name.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const { version } = require(path.join(root, "package.json"));
const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"];
const NAME = "pulumi-resource-genauth";

/** The Node.js major version the bundle needs (esbuild's target, package.json's engines). */
const NODE_MAJOR = 20;

/**
 * What the wrappers print when node is missing or too old: one line naming what to install, instead
 * of the engine's "exited prematurely ... always a bug in the provider ... node: not found".
 */
const NEEDS_NODE = `${NAME}: this plugin needs Node.js >= ${NODE_MAJOR} on PATH`;

/**
 * The shell wrapper. `node --version` answers without starting a JavaScript runtime, so the check
 * costs little at each plugin start.
 */
const SHELL_WRAPPER = `#!/bin/sh
# The genauth resource provider plugin: needs Node.js >= ${NODE_MAJOR} on PATH.
if ! command -v node >/dev/null 2>&1; then
  echo "${NEEDS_NODE}, and no node was found on PATH. Install Node.js ${NODE_MAJOR} or later, or put its bin directory on PATH." >&2
  exit 1
fi
version=$(node --version 2>/dev/null)
major=\${version#v}
major=\${major%%.*}
case "$major" in
  ''|*[!0-9]*) major=0 ;;
esac
if [ "$major" -lt ${NODE_MAJOR} ]; then
  echo "${NEEDS_NODE}, and the node on PATH is \${version:-of unknown version}. Install Node.js ${NODE_MAJOR} or later, or put its bin directory first on PATH." >&2
  exit 1
fi
exec node "$(dirname "$0")/${NAME}.js" "$@"
`;

/** The same for Windows (labels rather than blocks: the messages hold characters blocks would break on). */
const CMD_WRAPPER = [
  "@echo off",
  "setlocal",
  "where node >nul 2>nul || goto nonode",
  `for /f "tokens=1 delims=." %%v in ('node --version') do set "major=%%v"`,
  "if not defined major goto oldnode",
  'set "major=%major:v=%"',
  `if %major% LSS ${NODE_MAJOR} goto oldnode`,
  `node "%~dp0${NAME}.js" %*`,
  "exit /b %errorlevel%",
  ":nonode",
  `echo ${NEEDS_NODE.replace(">", "^>")}, and no node was found on PATH. Install Node.js ${NODE_MAJOR} or later, or put its directory on PATH. 1>&2`,
  "exit /b 1",
  ":oldnode",
  `echo ${NEEDS_NODE.replace(">", "^>")}, and the node on PATH is older. Install Node.js ${NODE_MAJOR} or later, or put its directory first on PATH. 1>&2`,
  "exit /b 1",
  "",
].join("\r\n");

async function main() {
  const platforms = process.argv.includes("--all") ? PLATFORMS : ["linux-amd64"];
  const dist = path.join(root, "dist");
  const stage = path.join(dist, "plugin");
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });

  await esbuild.build({
    entryPoints: [path.join(root, "provider/native/main.ts")],
    outfile: path.join(stage, `${NAME}.js`),
    bundle: true,
    platform: "node",
    target: `node${NODE_MAJOR}`,
    format: "cjs",
    logLevel: "warning",
    legalComments: "eof",
  });
  fs.writeFileSync(path.join(stage, NAME), SHELL_WRAPPER, { mode: 0o755 });
  fs.writeFileSync(path.join(stage, `${NAME}.cmd`), CMD_WRAPPER);
  for (const file of ["LICENSE", "README.md"]) {
    if (fs.existsSync(path.join(root, file))) fs.copyFileSync(path.join(root, file), path.join(stage, file));
  }

  const files = fs.readdirSync(stage).sort();
  for (const platform of platforms) {
    const tarball = path.join(dist, `${NAME}-v${version}-${platform}.tar.gz`);
    // Reproducible: fixed order, owner and time.
    execFileSync("tar", [
      "--sort=name",
      "--owner=0",
      "--group=0",
      "--numeric-owner",
      "--mtime=@0",
      "-czf",
      tarball,
      "-C",
      stage,
      ...files,
    ]);
    console.log(path.relative(root, tarball));
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}

module.exports = { SHELL_WRAPPER, CMD_WRAPPER, NODE_MAJOR };
