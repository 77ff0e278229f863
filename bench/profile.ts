/**
 * `npx tsx bench/profile.ts`: CPU profiles of the program and of the dynamic-provider process for
 * the "no change" and "rotate one" `up`s of N ApplicationSecrets, and of N no-op dynamic resources
 * (bench/support/noopResource.ts), then a summary: self time per owner (this package, @pulumi/pulumi,
 * node, ...), the top self-time entries, and the total time of this package's functions.
 *
 * The program is inline (Automation API), so it runs in this process: profiled here with the
 * inspector around each `up`. The provider process gets `bench/support/cpuProfiler.js` through
 * NODE_OPTIONS (Node 20 refuses `--cpu-prof` there). Profiles land in BENCH_PROFILE_DIR (default:
 * a new temp directory, printed), as `<variant>/<phase>/{program,provider-<pid>}.cpuprofile`.
 *
 * Options (environment): BENCH_N (default 300), BENCH_TOP (default 12).
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import * as inspector from "node:inspector";
import * as os from "node:os";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, startEmulator } from "../emulator";
import { ApplicationSecret } from "../provider";
import { E2eStack } from "../harness/stack";
import { createWorkDir, removeWorkDir } from "../harness/workdir";
import { byOwner, CpuProfile, readProfiles, selfTimes, totalTimes } from "./support/cpuProfile";
import { NoopSecret } from "./support/noopResource";
import { markdownTable } from "./support/stats";

const N = Number(process.env.BENCH_N ?? 300);
const TOP = Number(process.env.BENCH_TOP ?? 12);
const OUT = process.env.BENCH_PROFILE_DIR ?? mkdtempSync(path.join(os.tmpdir(), "genauth-profile-"));
const PROFILED = ["no change", "rotate one"] as const;
type Variant = "ours" | "noop";

const appIds = (n: number) => Array.from({ length: n }, (_, i) => `65b0${i.toString(16).padStart(20, "0")}`);

/** Runs `work` under the inspector's CPU profiler of this process. */
async function profiled<T>(work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 1000 });
  await post("Profiler.start");
  try {
    const result = await work();
    const { profile } = (await post("Profiler.stop")) as { profile: CpuProfile };
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

async function profileVariant(emulatorUrl: string, variant: Variant): Promise<void> {
  const ids = appIds(N);
  const triggers = ids.map(() => 1);
  const program = async () => {
    ids.forEach((appId, i) => {
      const args = { appId, rotationTrigger: triggers[i] };
      if (variant === "ours") new ApplicationSecret(`app-${i}`, args);
      else new NoopSecret(`app-${i}`, args);
    });
  };
  const workDir = createWorkDir();
  try {
    const open = (env: Record<string, string> = {}) =>
      E2eStack.open(workDir, { program, projectName: "bench", env });
    const stack = await open();
    await stack.setConfig({
      "genauth:host": { value: emulatorUrl },
      "genauth:accessKeyId": { value: POOL_A_ID },
      "genauth:accessKeySecret": { value: POOL_A_SECRET, secret: true },
    });
    await stack.up(); // create, not profiled
    for (const phase of PROFILED) {
      if (phase === "rotate one") triggers[0] = 3;
      const dir = path.join(OUT, variant, phase.replace(" ", "-"));
      mkdirSync(dir, { recursive: true });
      const phaseStack = await open({
        NODE_OPTIONS: `--require ${path.join(__dirname, "support", "cpuProfiler.js")}`,
        GENAUTH_BENCH_CPU_PROFILE_DIR: dir,
      });
      const started = process.hrtime.bigint();
      const { profile } = await profiled(() => phaseStack.up());
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      writeFileSync(path.join(dir, "program.cpuprofile"), JSON.stringify(profile));
      console.log(`${variant} ${phase}: ${ms.toFixed(0)} ms (profiled)`);
    }
  } finally {
    removeWorkDir(workDir);
  }
}

const fmt = (ms: number) => ms.toFixed(1);

function summarise(): void {
  for (const phase of PROFILED) {
    for (const proc of ["program", "provider"] as const) {
      const profilesOf = (variant: Variant) => {
        const dir = path.join(OUT, variant, phase.replace(" ", "-"));
        return readProfiles(
          readdirSync(dir)
            .filter((f) => f.startsWith(proc) && f.endsWith(".cpuprofile"))
            .map((f) => path.join(dir, f)),
        );
      };
      const ours = selfTimes(profilesOf("ours"));
      const noop = selfTimes(profilesOf("noop"));
      const owners = byOwner(ours);
      const noopOwners = new Map(byOwner(noop).map((o) => [o.owner, o.ms]));
      const sum = (t: { ms: number }[]) => t.reduce((a, b) => a + b.ms, 0);
      console.log(
        `\n### ${phase}, ${proc} process, N = ${N}: sampled ${fmt(sum(ours))} ms ours, ${fmt(sum(noop))} ms no-op\n`,
      );
      console.log(
        markdownTable(
          ["owner", "self ms ours", "self ms no-op"],
          owners.slice(0, 8).map((o) => [o.owner, fmt(o.ms), fmt(noopOwners.get(o.owner) ?? 0)]),
        ),
      );
      const ctor = (variant: Variant, owner: string, name: string) =>
        totalTimes(profilesOf(variant), owner).find((t) => t.entry.startsWith(`${name} (`))?.ms ?? 0;
      if (proc === "program") {
        console.log(
          `\nConstructor total time: ApplicationSecret ${fmt(ctor("ours", "this package", "ApplicationSecret"))} ms, ` +
            `NoopSecret ${fmt(ctor("noop", "bench harness", "NoopSecret"))} ms`,
        );
      }
      const mine = ours.filter((t) => t.owner === "this package").slice(0, TOP);
      console.log(`\nTop self time in this package:\n`);
      console.log(
        markdownTable(
          ["function", "self ms"],
          mine.map((t) => [t.entry, fmt(t.ms)]),
        ),
      );
      console.log(`\nTop total time (self + callees) of this package's functions:\n`);
      console.log(
        markdownTable(
          ["function", "total ms"],
          totalTimes(profilesOf("ours"), "this package")
            .slice(0, TOP)
            .map((t) => [t.entry, fmt(t.ms)]),
        ),
      );
    }
  }
}

async function main(): Promise<void> {
  console.log(`profiles in ${OUT}; N = ${N}`);
  if (!process.env.BENCH_SUMMARY_ONLY) {
    const emulator = await startEmulator();
    for (const appId of appIds(N)) emulator.control.addApp({ appId, userPoolId: POOL_A_ID });
    try {
      for (const variant of ["ours", "noop"] as const) await profileVariant(emulator.url, variant);
    } finally {
      await emulator.stop();
    }
  }
  summarise();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
