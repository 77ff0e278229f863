#!/usr/bin/env node
/**
 * `npm run build:plugin`: the `pulumi-resource-genauth` plugin as a self-contained executable, a
 * Node.js single executable application (SEA), in the archive layout the Pulumi CLI downloads, and
 * the GenAuth emulator the same way (for YAML, Go and Python users, who may have no Node.js):
 *
 *   dist/pulumi-resource-genauth-v<version>-<os>-<arch>.tar.gz
 *     pulumi-resource-genauth       (.exe on Windows) the node binary with the plugin's bundle injected
 *     LICENSE
 *   dist/genauth-emulator-v<version>-<os>-<arch>.tar.gz
 *     genauth-emulator              (.exe on Windows) the same, with the emulator's bundle
 *     LICENSE
 *   dist/SHA256SUMS                 `sha256sum -c` format, over every archive of this version in dist/
 *   dist/plugin/, dist/emulator/    the same files unpacked (dist/plugin: a `plugins.providers` path)
 *
 * The plugin's bundle (esbuild) holds provider/native/main.ts and everything it loads (@pulumi/pulumi, gRPC,
 * axios, the schema), because a SEA's `require` sees only Node's builtins. The executable needs
 * nothing on the machine: no `node` on PATH, no `npm install`.
 *
 * A SEA is a node binary plus the bundle. That binary is Node.js PLUGIN_LINE's release (see
 * scripts/nodejs.js: a maintained LTS), installed from the npm registry when this script runs on
 * another Node, so the plugin embeds the same Node whatever runs the build. Only the host's platform
 * is built here: the release workflow (.github/workflows/release.yml) runs this script on a runner
 * of each platform, on that same release. The SEA steps (copy, strip, postject, gzip: ~10 s for ~90 MB) are skipped when
 * dist/ already holds an executable built from the same bundle, node binary and LICENSE (a hash of
 * them is kept in dist/<stage>/.build-key), so test files that each call this stay cheap.
 *
 *   node scripts/build-plugin.js             the host's archive (reused when up to date)
 *   node scripts/build-plugin.js --force     rebuilt even when up to date
 *   node scripts/build-plugin.js --script --out <dir>
 *                                            the pre-0.1 plugin layout in <dir>: a shell script that
 *                                            runs `node` on the bundle (for benchmarks against the SEA)
 *   node scripts/build-plugin.js --sea-node <version> --out <dir>
 *                                            the executable alone, from another Node release (for
 *                                            benchmarks against the one released)
 */
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");
const esbuild = require("esbuild");
const { nodeBinary, PLUGIN_LINE, releaseOf } = require("./nodejs");

const root = path.resolve(__dirname, "..");
const { version } = require(path.join(root, "package.json"));
/** The executables this builds: name, entry module, and the dist/ folder they are unpacked in. */
const EXECUTABLES = [
  { name: "pulumi-resource-genauth", entry: "provider/native/main.ts", stage: "plugin" },
  { name: "genauth-emulator", entry: "emulator/bin.ts", stage: "emulator" },
];
const [PLUGIN] = EXECUTABLES;
const NAME = PLUGIN.name;
/** The fuse Node checks to know it carries a SEA blob (from Node's SEA documentation). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
const GOOS = { linux: "linux", darwin: "darwin", win32: "windows" };
const GOARCH = { x64: "amd64", arm64: "arm64" };

/** The Pulumi name of the host platform (`linux-amd64`), the only one a SEA can be built for here. */
function hostPlatform() {
  const goos = GOOS[process.platform];
  const goarch = GOARCH[process.arch];
  if (!goos || !goarch) throw new Error(`no plugin build for ${process.platform}-${process.arch}`);
  return `${goos}-${goarch}`;
}

function option(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `entry` and everything it loads, one CommonJS file. */
async function bundle(outfile, entry = PLUGIN.entry) {
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: "node",
    target: `node${PLUGIN_LINE}`,
    format: "cjs",
    logLevel: "warning",
    legalComments: "eof",
    metafile: true,
  });
  // A `require` esbuild left in place would look for a file at runtime, which a SEA cannot load.
  const external = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && !i.path.startsWith("node:") && !isBuiltin(i.path));
  if (external.length > 0) {
    throw new Error(`the bundle requires files at runtime: ${external.map((i) => i.path).join(", ")}`);
  }
}

function isBuiltin(name) {
  return require("node:module").builtinModules.includes(name);
}

/** The old layout: `node` on PATH runs the bundle (kept only for comparisons). */
async function buildScript(out) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await bundle(path.join(out, `${NAME}.js`));
  fs.writeFileSync(path.join(out, NAME), `#!/bin/sh\nexec node "$(dirname "$0")/${NAME}.js" "$@"\n`, {
    mode: 0o755,
  });
  fs.copyFileSync(path.join(root, "LICENSE"), path.join(out, "LICENSE"));
  console.log(path.join(out, NAME));
}

function sha256(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * Runs a build step, its output shown only when it fails: node, strip and postject's ELF library
 * print notes and warnings on every successful run (e.g. about node's unnamed note sections).
 */
function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  }
}

function hasCommand(command) {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).error === undefined;
}

/** The node binary `seaNode` copied into `exe` with `blob` injected, per platform as Node's SEA docs say. */
async function makeExecutable(seaNode, blob, exe) {
  fs.copyFileSync(seaNode, exe);
  fs.chmodSync(exe, 0o755);
  // Debug symbols are ~12 MB of a linux node binary. Only on Linux: on macOS the binary is signed
  // and stripping a signed binary breaks it; Windows has no strip.
  if (process.platform === "linux" && hasCommand("strip")) run("strip", [exe]);
  if (process.platform === "darwin") run("codesign", ["--remove-signature", exe]);
  run(process.execPath, [
    require.resolve("postject/dist/cli.js"),
    exe,
    "NODE_SEA_BLOB",
    blob,
    "--sentinel-fuse",
    SEA_FUSE,
    ...(process.platform === "darwin" ? ["--macho-segment-name", "NODE_SEA"] : []),
  ]);
  // An unsigned arm64 macOS binary is killed on start; an ad-hoc signature is enough to run it.
  if (process.platform === "darwin") run("codesign", ["--sign", "-", exe]);
}

/**
 * A gzipped tar of `files` (names relative to `dir`), reproducible (fixed order, owner and time)
 * and written here rather than by `tar` because macOS and Windows runners have no GNU tar flags.
 */
function writeTarGz(archive, dir, files) {
  const blocks = [];
  for (const name of [...files].sort()) {
    const data = fs.readFileSync(path.join(dir, name));
    const mode = EXECUTABLES.some((e) => name === e.name || name === `${e.name}.exe`) ? 0o755 : 0o644;
    blocks.push(tarHeader(name, data.length, mode), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // two zero blocks end the archive
  fs.writeFileSync(archive, zlib.gzipSync(Buffer.concat(blocks), { level: 9 }));
}

function tarHeader(name, size, mode) {
  const header = Buffer.alloc(512);
  const field = (offset, length, value) => header.write(value, offset, length, "ascii");
  const octal = (offset, length, value) => field(offset, length, value.toString(8).padStart(length - 1, "0"));
  field(0, 100, name);
  octal(100, 8, mode);
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, size);
  octal(136, 12, 0); // mtime
  field(148, 8, "        "); // the checksum is computed with its own field as spaces
  field(156, 1, "0"); // a regular file
  field(257, 6, "ustar\0");
  field(263, 2, "00");
  field(265, 32, "root");
  field(297, 32, "root");
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return header;
}

/** dist/SHA256SUMS over every archive of this version in dist/ (`sha256sum -c` reads it). */
function writeChecksums(dist) {
  const archives = fs
    .readdirSync(dist)
    .filter((f) => EXECUTABLES.some((e) => f.startsWith(`${e.name}-v${version}-`)) && f.endsWith(".tar.gz"))
    .sort();
  const lines = archives.map((f) => `${sha256(path.join(dist, f))}  ${f}\n`);
  fs.writeFileSync(path.join(dist, "SHA256SUMS"), lines.join(""));
}

async function main() {
  if (process.argv.includes("--all")) {
    throw new Error(
      "--all is gone: a single executable is built from the node binary it runs on, so this builds " +
        "only the host's platform; the release workflow (.github/workflows/release.yml) builds " +
        "linux-arm64, darwin-amd64, darwin-arm64 and windows-amd64 on runners of each.",
    );
  }
  if (process.argv.includes("--script")) {
    const out = option("--out");
    if (!out) throw new Error("--script needs --out <dir>");
    return buildScript(path.resolve(out));
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "genauth-plugin-"));
  try {
    const seaNode = option("--sea-node");
    if (seaNode) return await buildOtherNode(work, seaNode, option("--out"));
    await buildArchives(work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The executable alone, from Node.js `version`, in `out` (for benchmarks). */
async function buildOtherNode(work, version, out) {
  if (!out) throw new Error("--sea-node needs --out <dir>");
  const bundled = path.join(work, `${NAME}.js`);
  await bundle(bundled);
  fs.mkdirSync(path.resolve(out), { recursive: true });
  const executable = path.join(path.resolve(out), process.platform === "win32" ? `${NAME}.exe` : NAME);
  await buildExecutable(nodeBinary(version), work, bundled, executable);
  console.log(executable);
}

/** Each executable and its archive, then the checksums of every archive. */
async function buildArchives(work) {
  const dist = path.join(root, "dist");
  let changed = false;
  for (const executable of EXECUTABLES) changed = (await buildArchive(work, dist, executable)) || changed;
  if (changed || !fs.existsSync(path.join(dist, "SHA256SUMS"))) writeChecksums(dist);
}

/**
 * Bundles, then builds the executable and its archive unless the last build was of the same
 * inputs; returns whether it built.
 */
async function buildArchive(work, dist, { name, entry, stage: stageName }) {
  const stage = path.join(dist, stageName);
  const bundled = path.join(work, `${name}.js`);
  await bundle(bundled, entry);
  const exeName = process.platform === "win32" ? `${name}.exe` : name;
  const archive = path.join(dist, `${name}-v${version}-${hostPlatform()}.tar.gz`);
  const keyFile = path.join(stage, ".build-key");
  const seaNode = nodeBinary(releaseOf(PLUGIN_LINE));
  const key = buildKey(bundled, seaNode);
  if (!process.argv.includes("--force") && upToDate(key, keyFile, [archive, path.join(stage, exeName)])) {
    console.log(`${path.relative(root, archive)} (up to date)`);
    return false;
  }
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  await buildExecutable(seaNode, work, bundled, path.join(stage, exeName));
  fs.copyFileSync(path.join(root, "LICENSE"), path.join(stage, "LICENSE"));
  writeTarGz(archive, stage, [exeName, "LICENSE"]);
  fs.writeFileSync(keyFile, key);
  console.log(path.relative(root, archive));
  return true;
}

/**
 * What the executable is made of: the bundle, the node binary (its path and content) and this
 * script's own steps; LICENSE is copied beside it.
 */
function buildKey(bundled, seaNode) {
  return crypto
    .createHash("sha256")
    .update([sha256(bundled), seaNode, sha256(seaNode), sha256(__filename)].join("\n"))
    .update(fs.readFileSync(path.join(root, "LICENSE")))
    .digest("hex");
}

/** Whether the last build recorded `key` and every file it made is still there. */
function upToDate(key, keyFile, outputs) {
  if (!outputs.every((file) => fs.existsSync(file)) || !fs.existsSync(keyFile)) return false;
  return fs.readFileSync(keyFile, "utf8") === key;
}

/** The node binary `seaNode`, with the bundle injected as its single-executable blob. */
async function buildExecutable(seaNode, work, bundled, executable) {
  const seaConfig = path.join(work, "sea-config.json");
  const blob = path.join(work, "sea-prep.blob");
  // No code cache or snapshot: both tie the blob to the exact V8 build and gain little here.
  fs.writeFileSync(
    seaConfig,
    JSON.stringify({
      // Relative to the work directory: the blob records the path, and the archive is the same
      // on every build only if the path is.
      main: path.basename(bundled),
      output: path.basename(blob),
      disableExperimentalSEAWarning: true,
      // NODE_OPTIONS (e.g. `--require x.js`) would run foreign code inside the plugin, which holds
      // the access key secret and every application secret: a plugin obeys none of it.
      execArgvExtension: "none",
      useCodeCache: false,
      useSnapshot: false,
    }),
  );
  // The blob must come from the node it is injected into.
  run(seaNode, ["--experimental-sea-config", seaConfig], work);
  await makeExecutable(seaNode, blob, executable);
}

main().catch((error) => {
  console.error(`build-plugin: ${error.message}`);
  process.exit(1);
});
