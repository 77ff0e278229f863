/**
 * Program directories run by the `pulumi` binary itself, as users run it: `cd` into a directory
 * holding `Pulumi.yaml` and type `pulumi <command>`. No Automation API: every command is a child
 * process with the hermetic environment of a {@link WorkDir} (file backend, passphrase, its own
 * PULUMI_HOME, no update check, no plugin downloads), `--non-interactive` and `--color never`.
 * Everything a run prints, and the verbose log files `-v` makes the CLI write, goes to the
 * evidence the final leak scan searches.
 */
import { ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { programPulumiSdk, REPO_ROOT } from "../../../harness/programModules";
import { evidenceDir, keepOutput, keepState } from "../../../harness/evidence";
import { WorkDir } from "../../../harness/workdir";
import { descendants, killAll } from "./processes";

/** What one CLI (or npm) run did. */
export interface CliRun {
  /** The arguments after the command name, as given (without the flags every run gets). */
  args: string[];
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  /** The signal that ended the process, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout, then stderr. */
  output: string;
  /** What the CLI wrote to its verbose log files during the run (with `-v`; else ""). */
  logs: string;
}

/** Options of one run. */
export interface RunOptions {
  /** Environment on top of the program directory's (a value of `""` is passed as empty). */
  env?: Record<string, string>;
  /** Removes these variables from the environment of this run. */
  unsetEnv?: string[];
  /** The run is killed (SIGKILL) after this long. @default 170_000 */
  timeoutMs?: number;
  /** Names the run in the evidence; default: the command and its first arguments. */
  label?: string;
  /**
   * The run prints secrets on purpose (`--show-secrets`): its output is left out of the evidence,
   * which the leak scan requires to hold none.
   */
  printsSecrets?: boolean;
}

/** A CLI run started with {@link ProgramDir.start}, still going. */
export interface RunningCli {
  /** The `pulumi` process. */
  readonly child: ChildProcess;
  /** Everything printed so far (stdout and stderr, interleaved as received). */
  printed(): string;
  /** Resolves once the printed text matches `pattern`; rejects if the process ends first. */
  waitForOutput(pattern: RegExp | string): Promise<void>;
  /**
   * Sends `signal` (default SIGKILL, as `kill -9`) to the `pulumi` process, or with `tree` to it and
   * every process it started (language host, program, provider plugins; the CLI puts plugins in
   * process groups of their own, and after a kill of the CLI alone they live on as orphans), and
   * resolves with the run once `pulumi` ended.
   */
  kill(signal?: NodeJS.Signals, options?: { tree?: boolean }): Promise<CliRun>;
  /**
   * The processes `pulumi` had started when {@link kill} sent its signal (recorded just before):
   * after a kill of `pulumi` alone, the orphans a test must look at and then {@link reap}.
   */
  orphans(): readonly number[];
  /** Kills (SIGKILL) whatever of {@link orphans} still runs, with everything those started. */
  reap(): void;
  /** Resolves when the process ends by itself (or is killed). */
  readonly done: Promise<CliRun>;
}

/** How to create a program directory. */
export interface ProgramDirOptions {
  /** Files to write into it: path relative to the directory → text (objects are written as JSON). */
  files?: Record<string, string | object>;
  /**
   * Use this existing directory (e.g. the repository root) instead of a new temp directory. It is
   * never removed; only the stack config files (`Pulumi.<stack>.yaml`) the runs created are.
   */
  dir?: string;
  /** Environment for every run, on top of the work directory's. */
  env?: Record<string, string>;
}

/** Flags every `pulumi` run gets: no prompts, no colour codes in what tests read. */
export const CLI_FLAGS = ["--non-interactive", "--color", "never"];

/** The default time one run may take before it is killed. */
const RUN_TIMEOUT_MS = 170_000;

/** A program directory and the hermetic environment its CLI runs use. */
export class ProgramDir {
  private constructor(
    /** The program directory: the working directory of every run. */
    readonly dir: string,
    /** Backend, PULUMI_HOME and environment (shared with the scenario that made it). */
    readonly workDir: WorkDir,
    private readonly env: Record<string, string>,
    private readonly owned: boolean,
    private readonly configFilesBefore: Set<string>,
  ) {}

  /** Creates a program directory (a new temp directory unless `options.dir`) and writes its files. */
  static create(workDir: WorkDir, options: ProgramDirOptions = {}): ProgramDir {
    // Outside the work directory on purpose: its node_modules must not stand in for the project's own.
    const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), "genauth-program-"));
    const tmp = path.join(workDir.root, "tmp");
    mkdirSync(tmp, { recursive: true });
    // TMPDIR: where `-v` makes the CLI write its log files, collected after each run.
    const env = { ...workDir.env, TMPDIR: tmp, ...options.env };
    const program = new ProgramDir(dir, workDir, env, !options.dir, new Set(stackConfigFiles(dir)));
    program.write(options.files ?? {});
    return program;
  }

  /** Writes files (relative path → text, or an object written as JSON), creating directories. */
  write(files: Record<string, string | object>): void {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(this.dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
    }
  }

  /** Reads a file of the program directory. */
  read(name: string): string {
    return readFileSync(path.join(this.dir, name), "utf8");
  }

  /** Runs `pulumi <args>` in the directory and resolves with the run, whatever its exit code. */
  async run(args: string[], options: RunOptions = {}): Promise<CliRun> {
    return this.start(args, options).done;
  }

  /** Runs `pulumi <args>` and throws (with everything it printed) unless it exits 0. */
  async ok(args: string[], options: RunOptions = {}): Promise<CliRun> {
    const run = await this.run(args, options);
    if (run.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${run.code ?? run.signal}:\n${run.output}`);
    }
    return run;
  }

  /** Starts `pulumi <args>` without waiting for it: for commands a test interrupts or kills. */
  start(args: string[], options: RunOptions = {}): RunningCli {
    const env: Record<string, string | undefined> = { ...process.env, ...this.env, ...options.env };
    for (const name of options.unsetEnv ?? []) delete env[name];
    const child = spawn(this.workDir.cliBinary, [...CLI_FLAGS, ...args], {
      cwd: this.dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return track(child, args, options, () => this.collectLogs());
  }

  /** Runs npm in the directory (`npm <args>`); throws unless it exits 0. */
  async npm(args: string[]): Promise<CliRun> {
    try {
      const { stdout, stderr } = await promisify(execFile)("npm", args, {
        cwd: this.dir,
        env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" },
        timeout: RUN_TIMEOUT_MS,
      });
      keepOutput(`npm-${args[0]}`, `${stdout}\n${stderr}`);
      return { args, code: 0, signal: null, stdout, stderr, output: `${stdout}${stderr}`, logs: "" };
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm ${args.join(" ")} failed:\n${stdout}${stderr}`);
    }
  }

  /**
   * Keeps the backend and the directory's stack config files for the leak scan, then removes the
   * directory (a temp one) or the stack config files the runs created (an existing one).
   */
  remove(): void {
    this.collectLogs();
    keepState(this.dir, this.workDir.backend);
    if (this.owned) {
      rmSync(this.dir, { recursive: true, force: true });
      return;
    }
    for (const file of stackConfigFiles(this.dir)) {
      if (!this.configFilesBefore.has(file)) rmSync(path.join(this.dir, file), { force: true });
    }
  }

  /** Moves the CLI's verbose log files (`pulumi.*.log.*` in TMPDIR) into the evidence; returns their text. */
  private collectLogs(): string {
    const tmp = this.env.TMPDIR;
    if (!existsSync(tmp)) return "";
    let logs = "";
    for (const name of readdirSync(tmp).filter((f) => /^pulumi.*\.log\./.test(f))) {
      const file = path.join(tmp, name);
      const text = readFileSync(file, "utf8");
      keepOutput("cli-log-debug", text);
      logs += text;
      rmSync(file, { force: true });
    }
    return logs;
  }
}

/** The `Pulumi.<stack>.yaml` files in `dir`. */
function stackConfigFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f));
}

/** Collects a child's output into a {@link RunningCli}; each ended run goes to the evidence. */
function track(child: ChildProcess, args: string[], options: RunOptions, ended: () => string): RunningCli {
  let stdout = "";
  let stderr = "";
  let printed = "";
  const waiters: Array<{ test: (text: string) => boolean; resolve: () => void; reject: (e: Error) => void }> =
    [];
  const received = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    if (stream === "stdout") stdout += text;
    else stderr += text;
    printed += text;
    for (const waiter of [...waiters]) {
      if (waiter.test(printed)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.on("data", received("stdout"));
  child.stderr?.on("data", received("stderr"));
  const killTree = (signal: NodeJS.Signals) => {
    for (const pid of child.pid === undefined ? [] : [child.pid, ...descendants(child.pid)]) {
      try {
        process.kill(pid, signal);
      } catch {
        // it has ended already
      }
    }
  };
  const timer = setTimeout(() => killTree("SIGKILL"), options.timeoutMs ?? RUN_TIMEOUT_MS);
  let orphans: number[] = [];
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const output = `${stdout}${stderr}`;
      const kept = options.printsSecrets
        ? "(output left out: the command prints secrets on request)"
        : output;
      keepOutput(options.label ?? defaultLabel(args), `$ pulumi ${printable(args)}\n${kept}`);
      const run: CliRun = { args, code, signal, stdout, stderr, output, logs: ended() };
      for (const waiter of waiters.splice(0)) {
        waiter.reject(
          new Error(`pulumi ${args.join(" ")} ended before printing the awaited text:\n${printed}`),
        );
      }
      resolve(run);
    });
  });
  return {
    child,
    printed: () => printed,
    waitForOutput(pattern) {
      const test = (text: string) =>
        typeof pattern === "string" ? text.includes(pattern) : pattern.test(text);
      if (test(printed)) return Promise.resolve();
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.reject(new Error(`pulumi ${args.join(" ")} has ended:\n${printed}`));
      }
      return new Promise<void>((resolve, reject) => waiters.push({ test, resolve, reject }));
    },
    async kill(signal: NodeJS.Signals = "SIGKILL", killOptions: { tree?: boolean } = {}) {
      // Recorded before the signal: once pulumi is gone, its children are reparented and no
      // longer found as its descendants.
      if (child.pid !== undefined) orphans = descendants(child.pid);
      if (killOptions.tree) killTree(signal);
      else child.kill(signal);
      return done;
    },
    orphans: () => orphans,
    reap: () => killAll(orphans),
    done,
  };
}

/** The arguments with the value of `config set --secret <key> <value>` masked (it is a secret). */
function printable(args: string[]): string {
  if (args[0] !== "config" || args[1] !== "set" || !args.includes("--secret")) return args.join(" ");
  const takesValue = new Set(["--stack", "-s", "--config-file"]);
  const positional = args.filter((a, i) => !a.startsWith("-") && !takesValue.has(args[i - 1]));
  return args.map((a) => (a === positional[3] ? "[secret]" : a)).join(" ");
}

/** `cli-up`, `cli-config-set`, …; `-debug` at the end for verbose runs (the leak scan counts them). */
function defaultLabel(args: string[]): string {
  const words = args.filter((a) => !a.startsWith("-")).slice(0, 2);
  const verbose = args.some((a) => a === "--debug" || /^-v=?\d/.test(a) || a === "--verbose");
  return `cli-${words.join("-")}${verbose ? "-debug" : ""}`;
}

let packed: string | undefined;

/**
 * The tarball `npm pack` makes of this repository (built `lib/` required), made once per e2e run:
 * kept in the evidence directory's `pack/` (outside what the leak scan reads) so later test files
 * reuse it, or in a temp directory when the run keeps no evidence.
 */
export function packedTarball(): string {
  if (packed && existsSync(packed)) return packed;
  if (!existsSync(path.join(REPO_ROOT, "lib/provider/runtime.js"))) {
    throw new Error("lib/ is missing: run `npm run build` before the end-to-end suite");
  }
  const evidence = evidenceDir();
  const dir = evidence ? path.join(evidence, "pack") : mkdtempSync(path.join(os.tmpdir(), "genauth-pack-"));
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (existing) return (packed = path.join(dir, existing));
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
  return (packed = path.join(dir, filename));
}

/**
 * The packages a project gets from this repository's node_modules instead of the registry, so the
 * installs are fast and work offline: the peer `@pulumi/pulumi` (this repository's pinned version;
 * the registry's newest needs Node 22) and the TypeScript toolchain.
 */
export const LINKED_PACKAGES = ["@pulumi/pulumi", "typescript", "@types/node"];

/**
 * `npm install <tarball>` in a project, as a user installs the package (`--legacy-peer-deps`: the
 * peer comes from this repository). {@link LINKED_PACKAGES} are linked before the install, so npm
 * keeps them where they satisfy the project's ranges, and again after it where npm dropped them.
 */
export async function installPackage(program: ProgramDir, extraArgs: string[] = []): Promise<CliRun> {
  linkRepoPackages(program.dir);
  const run = await program.npm(["install", "--legacy-peer-deps", ...extraArgs, packedTarball()]);
  linkRepoPackages(program.dir);
  return run;
}

/** Links {@link LINKED_PACKAGES} from this repository into `dir`'s node_modules where missing. */
export function linkRepoPackages(dir: string): void {
  for (const name of LINKED_PACKAGES) {
    const target = path.join(dir, "node_modules", name);
    if (existsSync(target)) continue;
    rmSync(target, { force: true }); // a dangling link
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(
      name === "@pulumi/pulumi" ? programPulumiSdk() : path.join(REPO_ROOT, "node_modules", name),
      target,
    );
  }
}
