/**
 * `npm run bench:throttle`: rotating many secrets in one `pulumi up --parallel P` against a
 * rate-limited GenAuth (the emulator's per-pool limiter answers 429 beyond the limit, without
 * Retry-After, as GenAuth documents it). For each limit: the time the rotating `up` took against
 * the floor (rotations / limit), how many 429s the provider absorbed per rotation, and a check that
 * every secret rotated exactly once and state holds GenAuth's current secret.
 *
 * Options (environment): BENCH_APPS (default 500), BENCH_PARALLEL (default 2000),
 * BENCH_LIMITS (requests/s, default "300,10"), BENCH_BUDGET_MS (`genauth:retryBudgetMs`, default
 * 300000: at 10 requests/s, 500 rotations need 50 s, close to the 60 s default budget),
 * BENCH_RETRY_AFTER=1 (the limiter sends Retry-After, as the emulator did by default before).
 */
import * as os from "node:os";
import { POOL_A_ID, POOL_A_SECRET, startEmulator } from "../emulator";
import { ApplicationSecret } from "../provider";
import { E2eStack } from "../harness/stack";
import { plainSecret } from "../harness/state";
import { createWorkDir, removeWorkDir } from "../harness/workdir";
import { markdownTable } from "./support/stats";

const APPS = Number(process.env.BENCH_APPS ?? 500);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2000);
const LIMITS = (process.env.BENCH_LIMITS ?? "300,10").split(",").map(Number);
const BUDGET_MS = process.env.BENCH_BUDGET_MS ?? "300000";
const RETRY_AFTER = process.env.BENCH_RETRY_AFTER === "1";

const appIds = Array.from({ length: APPS }, (_, i) => `65c0${i.toString(16).padStart(20, "0")}`);

async function main(): Promise<void> {
  console.log(
    `${APPS} secrets, --parallel ${PARALLEL}, limits ${LIMITS.join(", ")} req/s, ` +
      `${RETRY_AFTER ? "with" : "without"} Retry-After; ${os.cpus().length} CPUs`,
  );
  const emulator = await startEmulator();
  for (const appId of appIds) emulator.control.addApp({ appId, userPoolId: POOL_A_ID });
  let trigger = 1;
  const program = async () => {
    appIds.forEach((appId, i) => new ApplicationSecret(`app-${i}`, { appId, rotationTrigger: trigger }));
  };
  const workDir = createWorkDir();
  const rows: string[][] = [];
  try {
    const stack = await E2eStack.open(workDir, { program, projectName: "throttle" });
    await stack.setConfig({
      "genauth:host": { value: emulator.url },
      "genauth:accessKeyId": { value: POOL_A_ID },
      "genauth:accessKeySecret": { value: POOL_A_SECRET, secret: true },
      "genauth:retryBudgetMs": { value: BUDGET_MS },
    });
    await stack.up({ parallel: PARALLEL }); // create, unthrottled
    for (const limit of LIMITS) {
      trigger++;
      const before = appIds.map((id) => emulator.control.app(id).rotations);
      emulator.control.setRateLimit({ requestsPerSecond: limit, retryAfter: RETRY_AFTER });
      emulator.control.resetThrottled();
      emulator.control.resetCalls();
      const started = Date.now();
      let error = "";
      await stack.up({ parallel: PARALLEL }).catch((e: Error) => (error = e.message.split("\n")[0]));
      const seconds = (Date.now() - started) / 1000;
      const throttled = emulator.control.rateLimit().throttled;
      const calls = emulator.control.calls();
      emulator.control.clearRateLimit();
      const rotatedOnce = appIds.filter(
        (id, i) => emulator.control.app(id).rotations === before[i] + 1,
      ).length;
      const plain = await stack.plainState();
      const matching = appIds.filter(
        (id, i) => plainSecret(plain, `app-${i}`) === emulator.control.app(id).secret,
      );
      console.log(
        `limit ${limit}: ${seconds.toFixed(1)} s, calls ${JSON.stringify(calls)}, 429s ${throttled}`,
      );
      const floor = APPS / limit;
      rows.push([
        String(limit),
        error ? `failed: ${error}` : "succeeded",
        seconds.toFixed(1),
        floor.toFixed(1),
        (seconds / floor).toFixed(2),
        String(throttled),
        (throttled / APPS).toFixed(2),
        String(calls["refresh-application-secret"] ?? 0),
        `${rotatedOnce} / ${APPS}`,
        `${matching.length} / ${APPS}`,
      ]);
      stack.log.length = 0;
    }
  } finally {
    await emulator.stop();
    removeWorkDir(workDir);
  }
  console.log("");
  console.log(
    markdownTable(
      [
        "limit req/s",
        "up",
        "seconds",
        "floor s",
        "× floor",
        "429s absorbed",
        "429s per rotation",
        "refresh calls",
        "rotated exactly once",
        "state = GenAuth",
      ],
      rows,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
