/**
 * `npm run bench:native`: the native plugin (`pulumi-resource-genauth`, built by `npm run
 * build:plugin`) on the real engine, from a Node.js program run by the CLI, next to the dynamic
 * `ApplicationSecret` and three baselines in the same run: a no-op native provider written the same
 * way (`bench/support/noopNativeProvider.js`: `@pulumi/pulumi/provider`, the same schema shape, does
 * nothing), the fair no-op native provider (`bench/support/fairNoopNativeProvider.js`: the same, plus
 * the GenAuth calls the product must make, with a bare axios client) and the no-op dynamic
 * resource. The program is the same for all five (N resources with
 * an appId and a trigger; the native ones registered with `new pulumi.CustomResource` by token,
 * which needs no generated SDK). The three plugins are named by
 * `plugins.providers` in Pulumi.yaml. For each N and phase (create, no change, rotate one) prints
 * the median wall time of the whole `pulumi up --skip-preview`, ms per resource, the ratios, GenAuth
 * calls, the provider process's peak RSS and the state file's bytes per resource; then the same
 * against the fair no-op, and whether it made the same calls as the native plugin.
 *
 * Options (environment): BENCH_SIZES (default "100,300"), BENCH_RUNS (default 5), BENCH_VARIANTS
 * (default all), BENCH_FAIR_SHAPE=product (the fair no-op returns the product's output shape).
 * Needs `npm run build:plugin` and the Pulumi CLI with the Node.js language host (scripts/pulumi-cli.sh).
 */
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, RunningEmulator, startEmulator } from "../emulator";
import { createWorkDir, removeWorkDir, WorkDir } from "../harness/workdir";
import { markdownTable, median, perRunRatio } from "./support/stats";
import { CallCounts, sameCalls, totalCalls } from "./support/calls";

const SIZES = (process.env.BENCH_SIZES ?? "100,300").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PHASES = ["create", "no change", "rotate one"] as const;
type Phase = (typeof PHASES)[number];
const VARIANTS = ["native", "dynamic", "native no-op", "dynamic no-op", "native fair no-op"] as const;
type Variant = (typeof VARIANTS)[number];
/**
 * BENCH_VARIANTS (comma-separated, default all): a diagnostic run of some variants only, e.g.
 * "native,native fair no-op"; the other variants' columns read n/a.
 */
const RUN_VARIANTS = runVariants(process.env.BENCH_VARIANTS);

const REPO = path.resolve(__dirname, "..");
const PLUGIN_DIR = path.join(REPO, "dist", "plugin");
const NOOP_PLUGIN_DIR = path.join(__dirname, "support", "noopNative");
const FAIR_PLUGIN_DIR = path.join(__dirname, "support", "fairNative");

/** Which process the memory probe watches, per variant (a substring of its arguments). */
const PROVIDER_PROCESS: Record<Variant, string> = {
  native: path.join("plugin", "pulumi-resource-genauth"),
  dynamic: "dynamic-provider",
  "native no-op": "noopNativeProvider.js",
  "dynamic no-op": "dynamic-provider",
  "native fair no-op": "fairNoopNativeProvider.js",
};

/** The program: N resources; the variant, N and triggers come from the environment. */
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const n = Number(process.env.BENCH_N);
const variant = process.env.BENCH_VARIANT;
const trigger = process.env.BENCH_TRIGGER;
const first = process.env.BENCH_TRIGGER_FIRST || trigger;
const nativePackage = { native: "genauth", "native no-op": "genauthnoop", "native fair no-op": "genauthfair" };
const noopProvider = {
  create: async (inputs) => ({ id: String(inputs.appId), outs: inputs }),
  diff: async (_id, olds, news) => ({
    changes: JSON.stringify(olds.rotationTrigger) !== JSON.stringify(news.rotationTrigger),
  }),
  update: async (_id, _olds, news) => ({ outs: news }),
};
for (let i = 0; i < n; i++) {
  const props = {
    appId: "65b0" + i.toString(16).padStart(20, "0"),
    rotationTrigger: i === 0 ? first : trigger,
    secret: undefined,
  };
  if (variant === "dynamic") new (require("pulumi-genauth").ApplicationSecret)("app-" + i, { appId: props.appId, rotationTrigger: props.rotationTrigger });
  else if (variant === "dynamic no-op") new pulumi.dynamic.Resource(noopProvider, "app-" + i, props, {}, "bench:NoopSecret");
  else new pulumi.CustomResource(nativePackage[variant] + ":index:ApplicationSecret", "app-" + i, props);
}
`;

const PROJECT = `name: bench-native
runtime: nodejs
main: index.js
plugins:
  providers:
    - name: genauth
      path: ${PLUGIN_DIR}
    - name: genauthnoop
      path: ${NOOP_PLUGIN_DIR}
    - name: genauthfair
      path: ${FAIR_PLUGIN_DIR}
`;

interface UpFigures {
  wallMs: number;
  calls: CallCounts;
  peakRssMiB: number;
  /**
   * CPU time of this process during the up: the emulator's, as the program and the plugins run in
   * the CLI's processes. On a 2-core machine it competes with them; GenAuth's own servers do not.
   */
  emulatorCpuMs: number;
  /** Bytes of the stack's state file per resource after this up. */
  stateBytesPerResource: number;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${path.basename(command)} ${args.join(" ")}: ${stderr || stdout}`))
        : resolve(stdout),
    ),
  );
}

/** One variant's stack for one run: set up once, then stepped through the phases. */
interface NativeStack {
  up(phase: Phase): Promise<UpFigures>;
  /** Removes the work directory. */
  close(): void;
}

async function openStack(emulator: RunningEmulator, variant: Variant, n: number): Promise<NativeStack> {
  // The dynamic ApplicationSecret loads this package from the work directory's node_modules.
  const workDir: WorkDir = createWorkDir(variant === "dynamic" ? undefined : null);
  const dir = path.join(workDir.root, "program");
  const probeDir = mkdtempSync(path.join(os.tmpdir(), "genauth-bench-probe-"));
  const close = () => {
    rmSync(probeDir, { recursive: true, force: true });
    removeWorkDir(workDir);
  };
  mkdirSync(dir);
  writeFileSync(path.join(dir, "Pulumi.yaml"), PROJECT);
  writeFileSync(path.join(dir, "index.js"), PROGRAM);
  // The program resolves @pulumi/pulumi from the work directory's node_modules (createWorkDir).
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...workDir.env,
    NODE_OPTIONS: `--require ${path.join(__dirname, "support", "memoryProbe.js")}`,
    GENAUTH_BENCH_PROBE_DIR: probeDir,
    GENAUTH_BENCH_PROBE_MATCH: PROVIDER_PROCESS[variant],
    BENCH_N: String(n),
    BENCH_VARIANT: variant,
    // The fair no-op plugin's connection (the SDK's plugin server does not pass Configure on).
    BENCH_FAIR_HOST: emulator.url,
    BENCH_FAIR_ACCESS_KEY_ID: POOL_A_ID,
    BENCH_FAIR_ACCESS_KEY_SECRET: POOL_A_SECRET,
  };
  const pulumi = (args: string[], extra: Record<string, string> = {}) =>
    run(workDir.cliBinary, [...args, "--non-interactive"], dir, { ...env, ...extra });
  const triggers: Record<Phase, Record<string, string>> = {
    create: { BENCH_TRIGGER: "1" },
    "no change": { BENCH_TRIGGER: "1" },
    "rotate one": { BENCH_TRIGGER: "1", BENCH_TRIGGER_FIRST: "3" },
  };
  try {
    await pulumi(["stack", "init", "dev"]);
    await pulumi(["config", "set", "genauth:host", emulator.url]);
    await pulumi(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
    await pulumi(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
  } catch (error) {
    close();
    throw error;
  }
  return {
    async up(phase) {
      rmSync(probeDir, { recursive: true, force: true });
      mkdirSync(probeDir);
      emulator.control.resetCalls();
      const started = process.hrtime.bigint();
      const cpuBefore = process.cpuUsage();
      await pulumi(["up", "--yes", "--skip-preview"], triggers[phase]);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = process.cpuUsage(cpuBefore);
      const emulatorCpuMs = (cpu.user + cpu.system) / 1000;
      const calls = emulator.control.calls();
      const stateFile = path.join(workDir.backend, ".pulumi", "stacks", "bench-native", "dev.json");
      const stateBytesPerResource = statSync(stateFile).size / n;
      return { wallMs, calls, peakRssMiB: peakRssMiB(probeDir), emulatorCpuMs, stateBytesPerResource };
    },
    close,
  };
}

/** The largest peak RSS any watched process reported. */
function peakRssMiB(dir: string): number {
  const peaks = readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map(
      (file) => (JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { maxRssKiB: number }).maxRssKiB,
    );
  return peaks.length === 0 ? NaN : Math.max(...peaks) / 1024;
}

/** The variants BENCH_VARIANTS names, checked against {@link VARIANTS}; all when unset. */
function runVariants(list: string | undefined): readonly Variant[] {
  if (list === undefined) return VARIANTS;
  const names = list.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(VARIANTS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`BENCH_VARIANTS: unknown ${unknown.join(", ")}; use ${VARIANTS.join(", ")}`);
  return names as Variant[];
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

type Runs = Record<Variant, Array<Record<Phase, UpFigures>>>;

/**
 * The runs of every variant at one N. The variants step through the phases together, each phase's
 * ups back to back, and which goes first rotates by run: on a shared machine the load changes over
 * minutes.
 */
async function runAll(emulator: RunningEmulator, n: number): Promise<Runs> {
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, []])) as unknown as Runs;
  for (let r = 0; r < RUNS; r++) {
    const order = RUN_VARIANTS.map((_, i) => RUN_VARIANTS[(i + r) % RUN_VARIANTS.length]);
    const stacks = new Map<Variant, NativeStack>();
    const ups = new Map(order.map((v) => [v, {} as Record<Phase, UpFigures>]));
    try {
      for (const variant of order) stacks.set(variant, await openStack(emulator, variant, n));
      for (const phase of PHASES) {
        for (const variant of order) ups.get(variant)![phase] = await stacks.get(variant)!.up(phase);
      }
    } finally {
      for (const stack of stacks.values()) stack.close();
    }
    for (const variant of order) {
      const figures = ups.get(variant)!;
      runs[variant].push(figures);
      console.log(
        `N=${n} run ${r + 1} ${variant}: ${PHASES.map((p) => `${p} ${fmt(figures[p].wallMs)} ms`).join(", ")}`,
      );
    }
  }
  return runs;
}

/** The columns of {@link upRow}: the first fifteen as before the fair no-op, then its own. */
const HEADER = [
  "N",
  "up",
  "GenAuth calls",
  "emulator CPU ms (native)",
  "native ms",
  "dynamic ms",
  "native no-op ms",
  "dynamic no-op ms",
  "native / dynamic",
  "native / native no-op",
  "per-run native / native no-op: median (range)",
  "native / dynamic no-op",
  "ms/resource (native / native no-op / dynamic no-op)",
  "provider peak RSS MiB (same order)",
  "state B/resource (native / dynamic / dynamic no-op)",
  "fair no-op calls",
  "native fair no-op ms",
  "native / native fair no-op",
  "per-run native / native fair no-op: median (range)",
  "native fair no-op peak RSS MiB",
  "RSS native / native fair no-op",
];

/** One phase's figures at one N: medians over runs, ratios against the baselines. */
function upRow(n: number, phase: Phase, runs: Runs): string[] {
  const all = (v: Variant, pick: (u: UpFigures) => number) => runs[v].map((u) => pick(u[phase]));
  const ran = (v: Variant) => runs[v].length > 0;
  const med = (v: Variant, pick: (u: UpFigures) => number) => (ran(v) ? median(all(v, pick)) : NaN);
  const perRun = (a: Variant, b: Variant) =>
    ran(a) && ran(b) ? perRunRatio(all(a, wall), all(b, wall)) : "n/a";
  const wall = (u: UpFigures) => u.wallMs;
  const rss = (u: UpFigures) => u.peakRssMiB;
  const ms = (v: Variant) => med(v, wall);
  const mib = (v: Variant) => fmt(med(v, rss), 1);
  const bytes = (v: Variant) => fmt(med(v, (u) => u.stateBytesPerResource));
  const calls = (v: Variant) => runs[v].map((u) => u[phase].calls);
  const fair = "native fair no-op";
  return [
    String(n),
    phase,
    fmt(med("native", (u) => totalCalls(u.calls))),
    fmt(med("native", (u) => u.emulatorCpuMs)),
    fmt(ms("native")),
    fmt(ms("dynamic")),
    fmt(ms("native no-op")),
    fmt(ms("dynamic no-op")),
    fmt(ms("native") / ms("dynamic"), 2),
    fmt(ms("native") / ms("native no-op"), 2),
    perRun("native", "native no-op"),
    fmt(ms("native") / ms("dynamic no-op"), 2),
    `${fmt(ms("native") / n, 2)} / ${fmt(ms("native no-op") / n, 2)} / ${fmt(ms("dynamic no-op") / n, 2)}`,
    `${mib("native")} / ${mib("native no-op")} / ${mib("dynamic no-op")}`,
    `${bytes("native")} / ${bytes("dynamic")} / ${bytes("dynamic no-op")}`,
    ran(fair)
      ? `${fmt(med(fair, (u) => totalCalls(u.calls)))} (${sameCalls(calls("native"), calls(fair))})`
      : "n/a",
    fmt(ms(fair)),
    fmt(ms("native") / ms(fair), 2),
    perRun("native", fair),
    mib(fair),
    fmt(med("native", rss) / med(fair, rss), 2),
  ];
}

async function main(): Promise<void> {
  if (!existsSync(path.join(PLUGIN_DIR, "pulumi-resource-genauth"))) {
    throw new Error("dist/plugin is not built: run `npm run build:plugin` first (the npm script does)");
  }
  const emulator = await startEmulator();
  for (let i = 0; i < Math.max(...SIZES); i++) {
    emulator.control.addApp({ appId: `65b0${i.toString(16).padStart(20, "0")}`, userPoolId: POOL_A_ID });
  }
  console.log(
    `sizes ${SIZES.join(", ")}; ${RUNS} runs each; ${os.cpus().length} CPUs, node ${process.version}`,
  );
  const rows: string[][] = [];
  try {
    for (const n of SIZES) {
      const runs = await runAll(emulator, n);
      for (const phase of PHASES) rows.push(upRow(n, phase, runs));
    }
  } finally {
    await emulator.stop();
  }
  console.log(`\nMedians of ${RUNS} runs. Wall time of the whole \`pulumi up --skip-preview\`.\n`);
  console.log(markdownTable(HEADER, rows));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
