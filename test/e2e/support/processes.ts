/**
 * The processes a test starts or orphans. `pulumi` puts the plugins and language hosts it starts in
 * process groups of their own, so when a test kills `pulumi` (`kill -9`), nothing ends them: they
 * are reparented and may run for as long as the machine does (a CI run once left two
 * `pulumi-resource-pulumi-nodejs` 28 minutes behind). Tests record what a run started before
 * killing it and reap it afterwards; every scenario, and the whole e2e run, ends with a check that
 * nothing it started survives (`assertNoSurvivors`).
 *
 * Linux only (`/proc`), like the rest of the e2e suite.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** A running process: its pid and command line. */
export interface ProcessInfo {
  pid: number;
  args: string;
}

/** Every process descended from `pid` (from `ps`), children before grandchildren. */
export function descendants(pid: number): number[] {
  const table = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  for (let i = -1; i < found.length; i++) {
    const parent = i < 0 ? pid : found[i];
    for (const [child, ppid] of table) if (ppid === parent && !found.includes(child)) found.push(child);
  }
  return found;
}

/** Whether `pid` still runs (a zombie, ended but not yet reaped, does not). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name in parentheses, which may itself hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The command line of `pid`, or "" once it has ended. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "";
  }
}

/** Sends SIGKILL to each pid that still runs and to everything they started. */
export function killAll(pids: readonly number[]): void {
  const all = new Set(pids);
  for (const pid of pids) if (isRunning(pid)) for (const d of descendants(pid)) all.add(d);
  for (const pid of all) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // it has ended already
    }
  }
}

/** Resolves once none of `pids` runs, or after `ms`; returns those still running. */
export async function waitForExit(pids: readonly number[], ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  for (;;) {
    const running = pids.filter(isRunning);
    if (running.length === 0 || Date.now() >= end) return running;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The processes (other than this one) whose environment holds `name=value` exactly: everything a
 * test started with that environment, whoever its parent is now. Processes of other users, or of
 * other test runs on the same machine, do not match.
 */
export function processesWithEnv(name: string, value: string): ProcessInfo[] {
  const entry = `${name}=${value}`;
  const found: ProcessInfo[] = [];
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, "utf8");
    } catch {
      continue; // ended meanwhile, or not ours to read
    }
    if (environ.split("\0").includes(entry) && isRunning(pid)) found.push({ pid, args: commandLine(pid) });
  }
  return found;
}

/**
 * Fails (after killing them) when processes whose environment holds `name=value` still run `graceMs`
 * after the check started: a test left them behind. `ignore` leaves out processes that may rightly
 * carry the same environment (jest's own workers).
 */
export async function assertNoSurvivors(
  name: string,
  value: string,
  where: string,
  options: { graceMs?: number; ignore?: (p: ProcessInfo) => boolean } = {},
): Promise<void> {
  const find = () => processesWithEnv(name, value).filter((p) => !options.ignore?.(p));
  const first = find();
  if (first.length === 0) return;
  // Processes a run has just ended (plugins the engine is closing) get a moment to go.
  await waitForExit(
    first.map((p) => p.pid),
    options.graceMs ?? 5_000,
  );
  const survivors = find();
  if (survivors.length === 0) return;
  killAll(survivors.map((p) => p.pid));
  throw new Error(
    `${where}: ${survivors.length} process(es) started by the tests outlived them (killed now; ` +
      `a test must end what it starts or orphans):\n` +
      survivors.map((p) => `  ${p.pid} ${p.args}`).join("\n"),
  );
}
