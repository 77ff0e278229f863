/**
 * The plugin as users get it: `npm run build:plugin` writes an archive holding a self-contained
 * executable and the LICENSE, with its checksum in SHA256SUMS, and the Pulumi CLI gets the schema
 * from that executable with no `node` anywhere on PATH. The executable embeds the plugin line's
 * Node.js release and runs no code NODE_OPTIONS names. Builds for other platforms are refused with
 * where they are made, and an unchanged build is reused. The emulator ships the same way, for users
 * without Node.js.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET } from "../../emulator";
import { REPO_ROOT } from "../../harness/programModules";
import { locatePulumiCli } from "../../harness/cli";
import { buildPlugin, PLUGIN_DIR, pluginTarball } from "./support/nativeCli";
import { E2E_TIMEOUT_MS } from "./support/scenario";

jest.setTimeout(E2E_TIMEOUT_MS);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodejs = require("../../scripts/nodejs") as {
  PLUGIN_LINE: number;
  releaseOf(line: number): string;
  nodeBinary(version: string): string;
};

const NAME = "pulumi-resource-genauth";
const BUILD = path.join(REPO_ROOT, "scripts/build-plugin.js");

function runNode(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, args, { cwd: REPO_ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

beforeAll(() => buildPlugin());

test("the archive holds exactly the executable (0755) and the LICENSE (0644)", () => {
  const listing = execFileSync("tar", ["-tvzf", pluginTarball()], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.split(/\s+/))
    .map((f) => `${f[0]} ${f[f.length - 1]}`);
  expect(listing).toEqual(["-rw-r--r-- LICENSE", `-rwxr-xr-x ${NAME}`]);
  const out = mkdtempSync(path.join(os.tmpdir(), "genauth-archive-"));
  try {
    execFileSync("tar", ["-xzf", pluginTarball(), "-C", out]);
    expect(readFileSync(path.join(out, "LICENSE"), "utf8")).toBe(
      readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8"),
    );
    // The executable is a node binary with the plugin inside, not a script.
    const head = readFileSync(path.join(out, NAME)).subarray(0, 4);
    expect(head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))).toBe(true); // ELF
    expect(
      readFileSync(path.join(out, NAME)).includes("NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1"),
    ).toBe(true);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("SHA256SUMS holds the archive's checksum, in sha256sum -c format", () => {
  const sums = readFileSync(path.join(REPO_ROOT, "dist", "SHA256SUMS"), "utf8");
  const digest = createHash("sha256").update(readFileSync(pluginTarball())).digest("hex");
  expect(sums).toContain(`${digest}  ${path.basename(pluginTarball())}\n`);
  execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: path.join(REPO_ROOT, "dist"), stdio: "pipe" });
});

test("the CLI gets the schema from the executable with no node on PATH", () => {
  const cliDir = locatePulumiCli().dir;
  expect(existsSync(path.join(cliDir, "node"))).toBe(false);
  const home = mkdtempSync(path.join(os.tmpdir(), "genauth-sea-home-"));
  try {
    const text = execFileSync(
      path.join(cliDir, "pulumi"),
      ["package", "get-schema", path.join(PLUGIN_DIR, NAME)],
      {
        cwd: home,
        env: {
          PATH: cliDir,
          HOME: home,
          PULUMI_HOME: path.join(home, ".pulumi"),
          PULUMI_SKIP_UPDATE_CHECK: "true",
        },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const schema = JSON.parse(text);
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    expect(schema).toMatchObject({
      name: "genauth",
      version,
      pluginDownloadURL: "github://api.github.com/pulumi-genauth",
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test("the executable embeds the plugin line's Node.js release, not the Node that ran the build", () => {
  const release = nodejs.releaseOf(nodejs.PLUGIN_LINE);
  const exe = readFileSync(path.join(PLUGIN_DIR, NAME));
  expect(exe.includes(`node-v${release}`)).toBe(true);
  if (process.version !== `v${release}`) expect(exe.includes(`node-${process.version}`)).toBe(false);
});

test("NODE_OPTIONS runs no code in the plugin (it does in the same Node release outside it)", () => {
  const work = mkdtempSync(path.join(os.tmpdir(), "genauth-node-options-"));
  try {
    const marker = path.join(work, "ran");
    const preload = path.join(work, "foreign.js");
    writeFileSync(
      preload,
      `require("node:fs").appendFileSync(${JSON.stringify(marker)}, process.argv0 + "\\n");\n`,
    );
    const env = { PATH: process.env.PATH ?? "", HOME: work, NODE_OPTIONS: `--require ${preload}` };
    // The control: the Node release the plugin embeds obeys NODE_OPTIONS as plain node.
    execFileSync(nodejs.nodeBinary(nodejs.releaseOf(nodejs.PLUGIN_LINE)), ["-e", "0"], { env });
    expect(readFileSync(marker, "utf8")).toMatch(/node/);
    rmSync(marker);
    // The plugin, started by the CLI as in every run, with the same environment.
    const cliDir = locatePulumiCli().dir;
    const schema = execFileSync(
      path.join(cliDir, "pulumi"),
      ["package", "get-schema", path.join(PLUGIN_DIR, NAME)],
      {
        cwd: work,
        env: { ...env, PULUMI_HOME: path.join(work, ".pulumi"), PULUMI_SKIP_UPDATE_CHECK: "true" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    expect(JSON.parse(schema).name).toBe("genauth"); // the plugin did run
    expect(existsSync(marker)).toBe(false);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("the emulator archive holds its executable and the LICENSE, and SHA256SUMS covers both archives", () => {
  const archive = pluginTarball().replace(`${NAME}-v`, "genauth-emulator-v");
  const listing = execFileSync("tar", ["-tvzf", archive], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.split(/\s+/))
    .map((f) => `${f[0]} ${f[f.length - 1]}`);
  expect(listing).toEqual(["-rw-r--r-- LICENSE", "-rwxr-xr-x genauth-emulator"]);
  const sums = readFileSync(path.join(REPO_ROOT, "dist", "SHA256SUMS"), "utf8");
  expect(sums).toContain(`  ${path.basename(archive)}\n`);
  expect(sums).toContain(`  ${path.basename(pluginTarball())}\n`);
});

test("the emulator executable serves GenAuth's API with no node on PATH", async () => {
  const exe = path.join(REPO_ROOT, "dist", "emulator", "genauth-emulator");
  const child = spawn(exe, ["--port", "0"], {
    env: { PATH: "/nonexistent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^genauth-emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
        if (match) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const token = await fetch(`${url}/api/v3/get-management-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        accessKeyId: POOL_A_ID,
        accessKeySecret: POOL_A_SECRET,
      }),
    });
    expect(((await token.json()) as { statusCode: number }).statusCode).toBe(200);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
});

test("--all is refused, naming the release workflow that builds the other platforms", async () => {
  const run = await runNode([BUILD, "--all"]);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/only the host's platform.*release workflow.*linux-arm64, darwin-amd64/s);
});

test("a build with unchanged sources reuses the executable", async () => {
  const before = readFileSync(path.join(REPO_ROOT, "dist", "SHA256SUMS"), "utf8");
  const run = await runNode([BUILD]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("(up to date)");
  expect(readFileSync(path.join(REPO_ROOT, "dist", "SHA256SUMS"), "utf8")).toBe(before);
});
