/**
 * The real `pulumi` CLI in a program directory, for the native provider's tests: the plugin built
 * by `npm run build:plugin`, the language hosts from the shared `build.sh`, a scenario's hermetic
 * backend and home, and a record of everything printed (CLI output and the plugin's own stdout
 * and stderr) for the leak scans.
 */
import { execFile, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET } from "../../../emulator";
import { REPO_ROOT } from "../../../harness/programModules";
import { keepOutput } from "../../../harness/evidence";
import { WorkDir } from "../../../harness/workdir";
import { descendants } from "./processes";

/** The plugin tarball `npm run build:plugin` writes for this package version. */
export function pluginTarball(): string {
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  return path.join(REPO_ROOT, "dist", `pulumi-resource-genauth-v${version}-linux-amd64.tar.gz`);
}

/** The unpacked plugin directory `npm run build:plugin` leaves (what `plugins.providers` names). */
export const PLUGIN_DIR = path.join(REPO_ROOT, "dist", "plugin");

/**
 * Runs `npm run build:plugin`: the single executable (~15 s) when its bundle changed, else only
 * the esbuild bundle (~1 s) to see that it did not, so each test file can call this.
 */
export async function buildPlugin(): Promise<void> {
  const run = await exec(process.execPath, [path.join(REPO_ROOT, "scripts/build-plugin.js")], {
    cwd: REPO_ROOT,
  });
  if (run.code !== 0) throw new Error(`npm run build:plugin failed:\n${run.stderr}`);
}

/**
 * The directories holding the language hosts `langs` (a PATH fragment): each host's real directory,
 * from beside the CLI or on PATH (scripts/pulumi-cli.sh puts every host the tests need beside the
 * CLI), so that files a host expects beside it (`pulumi-language-python-exec`) are found too.
 */
function hostsDir(workDir: WorkDir, langs: readonly string[]): string {
  const dirs = [path.dirname(workDir.cliBinary), ...(process.env.PATH ?? "").split(path.delimiter)];
  const found = langs.map((lang) => {
    for (const dir of dirs.filter(Boolean)) {
      const candidate = path.join(dir, `pulumi-language-${lang}`);
      if (existsSync(candidate)) return path.dirname(realpathSync(candidate));
    }
    throw new Error(
      `no pulumi-language-${lang} beside the CLI or on PATH: install the Pulumi CLI the usual way ` +
        "(it ships the hosts), or run `bash scripts/pulumi-cli.sh` and put what it prints on PATH",
    );
  });
  return [...new Set(found)].join(path.delimiter);
}

/** The environment variable naming where a tapped plugin's output goes (see {@link tapPlugin}). */
const PLUGIN_LOG_ENV = "GENAUTH_NATIVE_PLUGIN_LOG_DIR";

/**
 * Puts a tap in front of the plugin executable `exe`, for the leak scans: a shell script takes its
 * name, appends everything the plugin writes to stdout and stderr to `$GENAUTH_NATIVE_PLUGIN_LOG_DIR/<pid>.log`
 * and passes it on. The plugin ignores NODE_OPTIONS (its SEA config sets execArgvExtension: none),
 * so a preload cannot do this. `exec` keeps the pid, so the engine's signals reach the plugin itself.
 */
export function tapPlugin(exe: string): void {
  renameSync(exe, `${exe}.untapped`);
  writeFileSync(
    exe,
    [
      "#!/bin/bash",
      "# Test tap (test/e2e/support/nativeCli.ts): copies the plugin's output for the leak scans.",
      `log="\${${PLUGIN_LOG_ENV}:?}/$$.log"`,
      `/bin/mkdir -p "\${${PLUGIN_LOG_ENV}}"`,
      `printf '# %s\\n' "$0 $*" >> "$log"`,
      `exec "$0.untapped" "$@" > >(/usr/bin/tee -a "$log") 2> >(/usr/bin/tee -a "$log" >&2)`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
}

/**
 * A copy of {@link PLUGIN_DIR} under `dir` with its executable tapped ({@link tapPlugin}): what a
 * test's `plugins.providers` path names.
 */
export function tappedPluginDir(dir: string): string {
  const copy = path.join(dir, "plugin");
  cpSync(PLUGIN_DIR, copy, { recursive: true });
  tapPlugin(path.join(copy, "pulumi-resource-genauth"));
  return copy;
}

/** What one CLI run printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CLI run a test kills (see {@link NativeProject.start}). */
export interface KillableRun {
  /**
   * Records the processes `pulumi` has started (plugins, language host), then sends SIGKILL to
   * `pulumi` alone, as `kill -9` does; resolves once it has ended, with those processes, which the
   * test must end (`killAll`) once it has looked at them.
   */
  kill(): Promise<{ run: CliRun; orphans: number[] }>;
  /** Resolves when the run ends. */
  readonly done: Promise<CliRun>;
}

/** A program directory with its environment. */
export class NativeProject {
  /** Every CLI run's output, in order. */
  readonly printed: string[] = [];
  readonly env: Record<string, string>;
  private readonly pluginLogs: string;

  constructor(
    readonly workDir: WorkDir,
    /** The program directory (holds Pulumi.yaml). */
    readonly dir: string,
    languages: readonly string[],
  ) {
    mkdirSync(dir, { recursive: true });
    this.pluginLogs = path.join(workDir.root, "plugin-logs");
    this.env = {
      ...workDir.env,
      PATH: [path.dirname(workDir.cliBinary), hostsDir(workDir, languages), process.env.PATH ?? ""].join(
        path.delimiter,
      ),
      [PLUGIN_LOG_ENV]: this.pluginLogs,
      HOME: process.env.HOME ?? "",
      GOPATH: process.env.GOPATH ?? path.join(process.env.HOME ?? "", "go"),
      GOCACHE: process.env.GOCACHE ?? path.join(process.env.HOME ?? "", ".cache", "go-build"),
    };
  }

  /**
   * Runs `pulumi <args> --non-interactive`; rejects on a non-zero exit unless `allowFailure`. `env`
   * overrides variables of the project's environment for this run.
   */
  async pulumi(
    args: string[],
    options: { allowFailure?: boolean; env?: Record<string, string> } = {},
  ): Promise<CliRun> {
    const run = await exec(this.workDir.cliBinary, [...args, "--non-interactive"], {
      cwd: this.dir,
      env: { ...this.env, ...options.env },
    });
    // The command line of `config set --secret <key> <value>` would hold the value itself.
    const shown = args.some((a) => a === "--secret" || a === "--plaintext")
      ? [...args.slice(0, -1), "[secret value]"]
      : args;
    const text = `$ pulumi ${shown.join(" ")}\n${run.stdout}\n${run.stderr}`;
    this.printed.push(text);
    keepOutput(`native ${args.slice(0, 2).join(" ")}`, text);
    if (run.code !== 0 && !options.allowFailure) {
      throw new Error(`pulumi ${shown.join(" ")} exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
    }
    return run;
  }

  /** Starts `pulumi <args> --non-interactive` without waiting for it: for a run a test kills. */
  start(args: string[]): KillableRun {
    const child = spawn(this.workDir.cliBinary, [...args, "--non-interactive"], {
      cwd: this.dir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<CliRun>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => {
        const text = `$ pulumi ${args.join(" ")}\n${stdout}\n${stderr}`;
        this.printed.push(text);
        keepOutput(`native ${args.slice(0, 2).join(" ")}`, text);
        resolve({ code: code ?? 1, stdout, stderr });
      });
    });
    return {
      done,
      async kill() {
        // Before the signal: once pulumi is gone its children are reparented, no longer its descendants.
        const orphans = child.pid === undefined ? [] : descendants(child.pid);
        child.kill("SIGKILL");
        return { run: await done, orphans };
      },
    };
  }

  /**
   * `pulumi plugin install` of the archive `npm run build:plugin` wrote (see {@link buildPlugin}),
   * then, unless `tap` is false, {@link tapPlugin} on the installed executable.
   */
  async installPlugin({ tap = true }: { tap?: boolean } = {}): Promise<void> {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    await this.pulumi(["plugin", "install", "resource", "genauth", version, "--file", pluginTarball()]);
    if (tap) this.tapInstalledPlugin();
  }

  /** {@link tapPlugin} on the plugin installed in this project's PULUMI_HOME (however it got there). */
  tapInstalledPlugin(): void {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    const dir = path.join(this.env.PULUMI_HOME, "plugins", `resource-genauth-v${version}`);
    tapPlugin(path.join(dir, "pulumi-resource-genauth"));
  }

  /**
   * `stack init dev`, then the emulator at `url` and a key pair (pool A's unless given) as stack
   * config, with fast retries; the key secret with `--secret`, unless `secretFlag` says otherwise.
   */
  async initStack(
    url: string,
    keyPair: { accessKeyId: string; accessKeySecret: string } = {
      accessKeyId: POOL_A_ID,
      accessKeySecret: POOL_A_SECRET,
    },
    secretFlag: "--secret" | "--plaintext" = "--secret",
  ): Promise<void> {
    await this.pulumi(["stack", "init", "dev"]);
    for (const [key, value] of [
      ["genauth:host", url],
      ["genauth:accessKeyId", keyPair.accessKeyId],
      ["genauth:requestTimeoutMs", "2000"],
      ["genauth:retryBaseDelayMs", "20"],
      ["genauth:maxProcessingDelayMs", "100"],
    ]) {
      await this.pulumi(["config", "set", key, value]);
    }
    await this.pulumi(["config", "set", secretFlag, "genauth:accessKeySecret", keyPair.accessKeySecret]);
  }

  /**
   * As users have it: the CLI acquires missing plugins itself, from where `override` (a release
   * server's `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES` value) sends the plugin's download URL.
   */
  acquirePluginsFrom(override: string): void {
    delete this.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
    this.env.PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES = override;
  }

  /** Runs another command in the program directory with the project's environment. */
  async exec(command: string, args: string[]): Promise<CliRun> {
    const run = await exec(command, args, { cwd: this.dir, env: this.env });
    if (run.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${run.code}:\n${run.stderr}`);
    return run;
  }

  /** Everything the plugin processes wrote to stdout and stderr (kept for the final leak scan too). */
  pluginOutput(): string {
    if (!existsSync(this.pluginLogs)) return "";
    const text = readdirSync(this.pluginLogs)
      .map((f) => readFileSync(path.join(this.pluginLogs, f), "utf8"))
      .join("\n");
    keepOutput("native plugin output", text);
    return text;
  }

  /** Where a leak scan looks: every backend file, everything the CLI printed, the plugin's output. */
  leakPlaces(): Record<string, string> {
    return {
      state: this.backendFiles(),
      "CLI output": this.printed.join("\n"),
      "plugin output": this.pluginOutput(),
    };
  }

  /** The stack's state as `pulumi stack export` prints it (secrets encrypted). */
  async exportState(): Promise<{ deployment: { resources: StateResource[] } }> {
    return JSON.parse((await this.pulumi(["stack", "export"])).stdout);
  }

  /** Writes a YAML program: its `Pulumi.yaml` is the whole program. */
  writeYaml(text: string): void {
    writeFileSync(path.join(this.dir, "Pulumi.yaml"), text);
  }

  /** The resource of `type` named `name` in the stack's state; the test fails if there is none. */
  async resourceInState(type: string, name: string): Promise<StateResource> {
    const state = await this.exportState();
    const found = state.deployment.resources.find((r) => r.urn.endsWith(`${type}::${name}`));
    if (!found) throw new Error(`no ${type} named ${name} in the stack's state`);
    return found;
  }

  /** The raw text of every file of the backend (state, backups, history). */
  backendFiles(): string {
    return Object.values(this.backendFileTexts()).join("\n");
  }

  /** Each file of the backend (state, backups, history), by path, with its raw text. */
  backendFileTexts(): Record<string, string> {
    const texts: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else texts[file] = readFileSync(file, "latin1");
      }
    };
    walk(this.workDir.backend);
    return texts;
  }
}

/** One resource of exported state. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

function exec(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { ...options, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
