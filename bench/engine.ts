/**
 * `npm run bench`: ApplicationSecret at scale on the real engine, against the emulator, next to two
 * dynamic resources with the same inputs (same engine, same N, same run): the no-op, whose provider
 * does nothing, and the fair no-op, whose provider makes the GenAuth calls the product must make
 * with a bare axios client (`support/fairNoopProvider.js`). For each N and each of four `pulumi
 * up`s — create, no change, rotate all, rotate one — prints the median over runs of: GenAuth calls,
 * wall time (ours / no-op and ours / fair no-op, as the ratio of the medians and as the median of
 * each run's own ratio), and the dynamic-provider process's peak memory; then state bytes and
 * `__provider` bytes per resource.
 *
 * Options (environment): BENCH_SIZES (default "10,100,300"), BENCH_RUNS (default 3), BENCH_PHASES
 * (a comma-separated subset of the four, in that order; default all four: e.g.
 * `BENCH_SIZES=1000 BENCH_PHASES="create,no change,rotate one"`). Wall time is also printed per
 * resource (ms / N), ours and the no-op's, so growth with N shows. BENCH_FAIR_SHAPE=product (a
 * diagnostic) makes the fair no-op's outputs carry the product's bookkeeping keys too.
 * Needs `npm run build` (the npm script does it) and the Pulumi CLI (scripts/pulumi-cli.sh).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, RunningEmulator, startEmulator } from "../emulator";
import { ApplicationSecret } from "../provider";
import { E2eStack } from "../harness/stack";
import { createWorkDir, removeWorkDir } from "../harness/workdir";
import { markdownTable, median, perRunRatio } from "./support/stats";
import { CallCounts, sameCalls, totalCalls } from "./support/calls";
import { NoopSecret } from "./support/noopResource";
import { FairNoopSecret } from "./support/fairNoopResource";

const SIZES = (process.env.BENCH_SIZES ?? "10,100,300").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ALL_PHASES = ["create", "no change", "rotate all", "rotate one"] as const;
type Phase = (typeof ALL_PHASES)[number];
const PHASES: readonly Phase[] = phasesFrom(process.env.BENCH_PHASES);

/** The phases named in `text` (comma-separated), in their fixed order; all four by default. */
function phasesFrom(text: string | undefined): Phase[] {
  if (!text) return [...ALL_PHASES];
  const named = text.split(",").map((p) => p.trim());
  const unknown = named.filter((p) => !(ALL_PHASES as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`BENCH_PHASES: unknown ${unknown.join(", ")}; use ${ALL_PHASES.join(", ")}`);
  if (!named.includes("create"))
    throw new Error("BENCH_PHASES: create must be among the phases (the others start from it)");
  return ALL_PHASES.filter((p) => named.includes(p));
}
/**
 * "before": with BENCH_BASELINE_DIR, another checkout of this package (built: `lib/`), e.g. a git
 * worktree of the commit before a change, run in the same runs as ours and the no-op: its
 * ApplicationSecret in the program and its runtime in the provider process.
 */
type Variant = "ours" | "noop" | "fair" | "before";
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR
  ? path.resolve(process.env.BENCH_BASELINE_DIR)
  : undefined;
const VARIANTS: Variant[] = BASELINE_DIR ? ["ours", "noop", "fair", "before"] : ["ours", "noop", "fair"];
/** The baseline's resource class, loaded from its sources as ours is. */
const BeforeSecret: typeof ApplicationSecret | undefined = BASELINE_DIR
  ? // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.join(BASELINE_DIR, "provider")) as { ApplicationSecret: typeof ApplicationSecret })
      .ApplicationSecret
  : undefined;

/** One `up`'s figures. */
interface UpFigures {
  wallMs: number;
  calls: CallCounts;
  peakRssMiB: number;
}

/** One run of the four ups for one variant and N. */
interface RunFigures {
  ups: Record<Phase, UpFigures>;
  stateBytesPerResource: number;
  providerBytesPerResource: number;
}

const appIds = (n: number) => Array.from({ length: n }, (_, i) => `65b0${i.toString(16).padStart(20, "0")}`);

/** One variant's stack for one run: opened once, then stepped through the phases. */
interface BenchStack {
  up(phase: Phase): Promise<UpFigures>;
  /** State figures after the last phase; removes the work directory. */
  finish(): RunFigures;
}

async function openBenchStack(emulator: RunningEmulator, variant: Variant, n: number): Promise<BenchStack> {
  const ids = appIds(n);
  const triggers = ids.map(() => 1);
  const program = async () => {
    ids.forEach((appId, i) => {
      const args = { appId, rotationTrigger: triggers[i] };
      if (variant === "ours") new ApplicationSecret(`app-${i}`, args);
      else if (variant === "before") new BeforeSecret!(`app-${i}`, args);
      else if (variant === "fair") new FairNoopSecret(`app-${i}`, args);
      else new NoopSecret(`app-${i}`, args);
    });
  };
  const workDir = variant === "before" ? createWorkDir(BASELINE_DIR) : createWorkDir();
  const probeDir = mkdtempSync(path.join(os.tmpdir(), "genauth-bench-probe-"));
  const cleanUp = () => {
    rmSync(probeDir, { recursive: true, force: true });
    removeWorkDir(workDir);
  };
  try {
    const stack = await E2eStack.open(workDir, {
      program,
      projectName: "bench",
      env: {
        NODE_OPTIONS: `--require ${path.join(__dirname, "support", "memoryProbe.js")}`,
        GENAUTH_BENCH_PROBE_DIR: probeDir,
      },
    });
    await stack.setConfig({
      "genauth:host": { value: emulator.url },
      "genauth:accessKeyId": { value: POOL_A_ID },
      "genauth:accessKeySecret": { value: POOL_A_SECRET, secret: true },
    });
    const ups = {} as Record<Phase, UpFigures>; // only the phases run
    return {
      async up(phase) {
        if (phase === "rotate all") triggers.fill(2);
        if (phase === "rotate one") triggers[0] = 3;
        rmSync(probeDir, { recursive: true, force: true });
        mkdirSync(probeDir);
        emulator.control.resetCalls();
        const started = process.hrtime.bigint();
        await stack.up();
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        ups[phase] = { wallMs, calls: emulator.control.calls(), peakRssMiB: peakRssMiB(probeDir) };
        stack.log.length = 0; // keep the harness's captured output from growing across runs
        return ups[phase];
      },
      finish() {
        try {
          return { ups, ...stateFigures(stack.rawStateText(), n) };
        } finally {
          cleanUp();
        }
      },
    };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

function stateFigures(
  stateText: string,
  n: number,
): { stateBytesPerResource: number; providerBytesPerResource: number } {
  const resources = (JSON.parse(stateText).checkpoint.latest.resources ?? []) as Array<{
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  }>;
  const ours = resources.filter(
    (r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"),
  );
  const providerBytes = ours.reduce(
    (sum, r) => sum + byteLength(r.inputs?.__provider) + byteLength(r.outputs?.__provider),
    0,
  );
  return {
    stateBytesPerResource: ours.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0) / n,
    providerBytesPerResource: providerBytes / n,
  };
}

function byteLength(value: unknown): number {
  return typeof value === "string" ? Buffer.byteLength(value) : 0;
}

/** The largest peak RSS any dynamic-provider process reported (there is one per `up`). */
function peakRssMiB(dir: string): number {
  const peaks = readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map(
      (file) => (JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { maxRssKiB: number }).maxRssKiB,
    );
  return peaks.length === 0 ? NaN : Math.max(...peaks) / 1024;
}

/**
 * The physical minimum of GenAuth calls for a phase: one token per provider process, then a create
 * reads each secret before rotating it (so a lost answer can be confirmed) and an update rotates.
 */
function minimumCalls(phase: Phase, n: number): number {
  switch (phase) {
    case "create":
      return 2 * n + 1;
    case "rotate all":
      return n + 1;
    case "rotate one":
      return 2;
    case "no change":
      return 0;
  }
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

/**
 * The runs of every variant at one N. The variants step through the phases together, each phase's
 * ups back to back, and which goes first rotates by run: on a shared machine the load changes
 * over minutes.
 */
async function runAll(emulator: RunningEmulator, n: number): Promise<Record<Variant, RunFigures[]>> {
  const runs: Record<Variant, RunFigures[]> = { ours: [], noop: [], fair: [], before: [] };
  for (let run = 0; run < RUNS; run++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]);
    const stacks = {} as Record<Variant, BenchStack>;
    for (const variant of order) stacks[variant] = await openBenchStack(emulator, variant, n);
    try {
      for (const phase of PHASES) for (const variant of order) await stacks[variant].up(phase);
    } finally {
      for (const variant of order) {
        const figures = stacks[variant].finish();
        runs[variant].push(figures);
        const walls = PHASES.map((p) => `${p} ${fmt(figures.ups[p]?.wallMs ?? NaN)} ms`).join(", ");
        console.log(`N=${n} run ${run + 1} ${variant}: ${walls}`);
      }
    }
  }
  return runs;
}

/** The columns of {@link upRow}. */
const UP_HEADER = [
  "N",
  "up",
  "GenAuth calls",
  "ours ms",
  "no-op ms",
  "ours / no-op",
  "per-run ratio: median (range)",
  "ours ms/resource",
  "no-op ms/resource",
  "provider peak RSS MiB",
  "no-op RSS MiB",
  "fair no-op calls",
  "fair no-op ms",
  "ours / fair no-op",
  "per-run ours / fair no-op: median (range)",
  "fair no-op RSS MiB",
  "RSS ours / no-op",
  "RSS ours / fair no-op",
  "per-run RSS ours / fair no-op: median (range)",
  ...(BASELINE_DIR ? ["before ms", "before / no-op", "before RSS MiB"] : []),
];

/** One phase's figures at one N: medians over runs, ratios against both no-ops. */
function upRow(n: number, phase: Phase, runs: Record<Variant, RunFigures[]>): string[] {
  const all = (variant: Variant, pick: (u: UpFigures) => number) =>
    runs[variant].map((r) => pick(r.ups[phase]));
  const med = (variant: Variant, pick: (u: UpFigures) => number) => median(all(variant, pick));
  const wall = (u: UpFigures) => u.wallMs;
  const rss = (u: UpFigures) => u.peakRssMiB;
  const [ours, noop, fair] = [med("ours", wall), med("noop", wall), med("fair", wall)];
  const [oursRss, noopRss, fairRss] = [med("ours", rss), med("noop", rss), med("fair", rss)];
  const calls = (variant: Variant) => runs[variant].map((r) => r.ups[phase].calls);
  return [
    String(n),
    phase,
    `${fmt(med("ours", (u) => totalCalls(u.calls)))} (min ${minimumCalls(phase, n)})`,
    fmt(ours),
    fmt(noop),
    fmt(ours / noop, 2),
    perRunRatio(all("ours", wall), all("noop", wall)),
    fmt(ours / n, 2),
    fmt(noop / n, 2),
    fmt(oursRss, 1),
    fmt(noopRss, 1),
    `${fmt(med("fair", (u) => totalCalls(u.calls)))} (${sameCalls(calls("ours"), calls("fair"))})`,
    fmt(fair),
    fmt(ours / fair, 2),
    perRunRatio(all("ours", wall), all("fair", wall)),
    fmt(fairRss, 1),
    fmt(oursRss / noopRss, 2),
    fmt(oursRss / fairRss, 2),
    perRunRatio(all("ours", rss), all("fair", rss)),
    ...(BASELINE_DIR
      ? [fmt(med("before", wall)), fmt(med("before", wall) / noop, 2), fmt(med("before", rss), 1)]
      : []),
  ];
}

/** State figures at one N: ours and the no-op's (the fair no-op's state is the no-op's plus a secret). */
function stateRow(n: number, runs: Record<Variant, RunFigures[]>): string[] {
  const med = (variant: Variant, pick: (r: RunFigures) => number) => fmt(median(runs[variant].map(pick)));
  return [
    String(n),
    med("ours", (r) => r.stateBytesPerResource),
    med("noop", (r) => r.stateBytesPerResource),
    med("ours", (r) => r.providerBytesPerResource),
    med("noop", (r) => r.providerBytesPerResource),
  ];
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  for (const appId of appIds(Math.max(...SIZES))) emulator.control.addApp({ appId, userPoolId: POOL_A_ID });
  console.log(
    `sizes ${SIZES.join(", ")}; ${RUNS} runs each; ${os.cpus().length} CPUs, node ${process.version}`,
  );
  const upRows: string[][] = [];
  const stateRows: string[][] = [];
  try {
    for (const n of SIZES) {
      const runs = await runAll(emulator, n);
      for (const phase of PHASES) upRows.push(upRow(n, phase, runs));
      stateRows.push(stateRow(n, runs));
    }
  } finally {
    await emulator.stop();
  }
  console.log(`\nMedians of ${RUNS} runs. Wall time of the whole \`up\` (CLI start to finish).\n`);
  console.log(markdownTable(UP_HEADER, upRows));
  console.log(
    "\nState per resource (bytes of its JSON in the state file; `__provider` in inputs + outputs):\n",
  );
  console.log(
    markdownTable(
      ["N", "state B/resource", "no-op state B/resource", "`__provider` B/resource", "no-op `__provider`"],
      stateRows,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
