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
 * `node` (>= 20) on PATH, and no `npm install` at the user's. It is the same JavaScript on every
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

const SHELL_WRAPPER = `#!/bin/sh
# The genauth resource provider plugin: needs node >= 20 on PATH.
exec node "$(dirname "$0")/${NAME}.js" "$@"
`;
const CMD_WRAPPER = `@echo off\r\nnode "%~dp0${NAME}.js" %*\r\n`;

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
    target: "node20",
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

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
