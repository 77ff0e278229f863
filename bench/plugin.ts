/**
 * `npm run bench:plugin`: the released plugin (the single executable `npm run build:plugin` writes,
 * on the plugin line's Node.js) against two baselines built in the same run from the same esbuild
 * bundle: the executable on Node.js `BENCH_BASE_NODE` (default 20.20.2, what 0.1 embedded; built by
 * `build-plugin.js --sea-node`) and the pre-0.1 plugin (a shell script running `node` on the
 * bundle, `build-plugin.js --script`). Archive and unpacked sizes, cold start
 * (spawn to the port on stdout, as the engine waits for it) and the peak RSS of a process that
 * served one `GetSchema`. Runs alternate between the two, so load on a shared machine hits both.
 *
 *   npm run bench:plugin            BENCH_RUNS=10, BENCH_BASE_NODE=20.20.2 (defaults)
 */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startFakeEngine } from "../test/support/fakeEngine";

const REPO = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BASE_NODE = process.env.BENCH_BASE_NODE ?? "20.20.2";
const NAME = "pulumi-resource-genauth";

interface Sample {
  startMs: number;
  peakRssMiB: number;
}

/** One cold start: spawn, wait for the port, one GetSchema, peak RSS from /proc, kill. */
async function sample(executable: string, env: NodeJS.ProcessEnv, engine: string): Promise<Sample> {
  const started = process.hrtime.bigint();
  const child = spawn(executable, [engine], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^(\d+)\n/.exec(out);
      if (line) resolve(line[1]);
    });
    child.once("exit", (code) => reject(new Error(`${executable} exited ${code}: ${stderr}`)));
  });
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const schema = await new Promise<string>((resolve, reject) =>
    client.getSchema(new provproto.GetSchemaRequest(), (error, response) =>
      error ? reject(error) : resolve(response.getSchema()),
    ),
  );
  if (JSON.parse(schema).name !== "genauth") throw new Error("GetSchema answered something else");
  // VmHWM: the process's peak resident set (the shell script execs node, so the pid is node's).
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const peakRssMiB = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)![1]) / 1024;
  client.close();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  return { startMs, peakRssMiB };
}

function dirSize(dir: string): number {
  return readdirSync(dir)
    .filter((f) => !f.startsWith("."))
    .reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
  execFileSync(process.execPath, [path.join(REPO, "scripts/build-plugin.js")], { stdio: "inherit" });
  const work = mkdtempSync(path.join(os.tmpdir(), "genauth-bench-plugin-"));
  const engine = await startFakeEngine();
  try {
    const scriptDir = path.join(work, "script");
    execFileSync(
      process.execPath,
      [path.join(REPO, "scripts/build-plugin.js"), "--script", "--out", scriptDir],
      {
        stdio: "ignore",
      },
    );
    const scriptArchive = path.join(work, "script.tar.gz");
    execFileSync("tar", ["-czf", scriptArchive, "-C", scriptDir, "."]);
    const baseDir = path.join(work, `sea-node-${BASE_NODE}`);
    execFileSync(
      process.execPath,
      [path.join(REPO, "scripts/build-plugin.js"), "--sea-node", BASE_NODE, "--out", baseDir],
      { stdio: "ignore" },
    );
    const baseArchive = path.join(work, "base.tar.gz");
    execFileSync("tar", ["-czf", baseArchive, "-C", baseDir, "."]);
    const seaDir = path.join(REPO, "dist", "plugin");
    const variants = {
      // No node on PATH at all: the executable needs none.
      sea: { exe: path.join(seaDir, NAME), env: { PATH: "/nonexistent" }, dir: seaDir },
      [`sea on Node ${BASE_NODE}`]: {
        exe: path.join(baseDir, NAME),
        env: { PATH: "/nonexistent" },
        dir: baseDir,
      },
      script: {
        exe: path.join(scriptDir, NAME),
        env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` },
        dir: scriptDir,
      },
    };
    const archives: Record<keyof typeof variants, string> = {
      sea: path.join(REPO, "dist", `${NAME}-v${version}-linux-amd64.tar.gz`),
      [`sea on Node ${BASE_NODE}`]: baseArchive,
      script: scriptArchive,
    };
    const names = Object.keys(variants);
    const samples: Record<keyof typeof variants, Sample[]> = Object.fromEntries(names.map((v) => [v, []]));
    for (const v of Object.keys(variants) as Array<keyof typeof variants>) {
      await sample(variants[v].exe, variants[v].env, engine.address); // warm the page cache once
    }
    for (let run = 0; run < RUNS; run++) {
      // Rotated, so that each variant runs first, second and third equally often.
      const order = names.map((_, i) => names[(i + run) % names.length]);
      for (const v of order) samples[v].push(await sample(variants[v].exe, variants[v].env, engine.address));
    }
    console.log(`\n${RUNS} runs each, alternating; load average ${os.loadavg()[0].toFixed(1)}\n`);
    console.log(
      "| plugin | archive MiB | unpacked MiB | cold start ms, median (min–max) | peak RSS after GetSchema MiB, median |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    for (const v of Object.keys(variants) as Array<keyof typeof variants>) {
      const starts = samples[v].map((s) => s.startMs);
      console.log(
        `| ${v} | ${mib(statSync(archives[v]).size)} | ${mib(dirSize(variants[v].dir))} | ` +
          `${median(starts).toFixed(0)} (${Math.min(...starts).toFixed(0)}–${Math.max(...starts).toFixed(0)}) | ` +
          `${median(samples[v].map((s) => s.peakRssMiB)).toFixed(1)} |`,
      );
    }
  } finally {
    await engine.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
