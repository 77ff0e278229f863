/**
 * One stack of an inline program, run by the real engine through the Automation API. Every
 * operation's text (stdout, stderr, engine events, error messages) is kept in `log`, so a test can
 * search everything the CLI printed for leaked secrets.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import * as auto from "@pulumi/pulumi/automation";
import { APPLICATION_SECRET_TYPE } from "../provider/program/applicationSecret";
import { keepOutput } from "./evidence";
import { WorkDir } from "./workdir";

/** The resource type the engine records for `ApplicationSecret`. */
export const SECRET_TYPE = APPLICATION_SECRET_TYPE;

/** The steps one operation took for each ApplicationSecret (from engine events), by resource name. */
export type Steps = Record<string, auto.OpType[]>;

/** An operation's result, with the steps it took. */
export type Ran<T> = T & { steps: Steps };

/** How to open a stack. */
export interface StackOptions {
  program: auto.PulumiFn;
  /** @default "e2e" */
  projectName?: string;
  /** @default "dev" */
  stackName?: string;
  /** Extra environment for the CLI and the provider it starts (e.g. GENAUTH_* variables). */
  env?: Record<string, string>;
}

/** A stack plus everything needed to inspect it. */
export class E2eStack {
  /**
   * All text the CLI printed (stdout, stderr, error messages) and every engine event, debug
   * diagnostics included, across operations: secrets must never appear in it.
   */
  readonly log: string[] = [];

  private constructor(
    /** The Automation API stack. */
    readonly stack: auto.Stack,
    private readonly workDir: WorkDir,
    private readonly env: Record<string, string>,
    /** The project name (part of every URN and of the state file path). */
    readonly projectName: string,
  ) {}

  /** Creates (or selects) the stack in `workDir`, with the CLI found by the harness. */
  static async open(workDir: WorkDir, options: StackOptions): Promise<E2eStack> {
    const projectName = options.projectName ?? "e2e";
    const env = { ...workDir.env, ...options.env };
    const pulumiCommand = await auto.PulumiCommand.get({ root: workDir.cliRoot, skipVersionCheck: true });
    const stack = await auto.LocalWorkspace.createOrSelectStack(
      { projectName, stackName: options.stackName ?? "dev", program: options.program },
      {
        workDir: workDir.root,
        pulumiCommand,
        envVars: env,
        // The plugin runs in `main` and resolves @pulumi/pulumi and pulumi-genauth from there; the
        // default for inline programs would be this process's cwd.
        projectSettings: { name: projectName, runtime: "nodejs", main: workDir.root },
      },
    );
    return new E2eStack(stack, workDir, env, projectName);
  }

  /** Replaces the inline program used by the next operations. */
  setProgram(program: auto.PulumiFn): void {
    (this.stack.workspace as auto.LocalWorkspace).program = program;
  }

  /** Sets stack config values (`{ value, secret }` per key). */
  async setConfig(config: auto.ConfigMap): Promise<void> {
    await this.stack.setAllConfig(config);
  }

  /** `pulumi up`. */
  async up(options: auto.UpOptions = {}): Promise<Ran<auto.UpResult>> {
    return this.run("up", options, (capture) => this.stack.up({ ...options, ...capture }));
  }

  /** `pulumi preview` (no `--refresh`). */
  async preview(options: auto.PreviewOptions = {}): Promise<Ran<auto.PreviewResult>> {
    return this.run("preview", options, (capture) => this.stack.preview({ ...options, ...capture }));
  }

  /** `pulumi refresh`. */
  async refresh(options: auto.RefreshOptions = {}): Promise<Ran<auto.RefreshResult>> {
    return this.run("refresh", options, (capture) => this.stack.refresh({ ...options, ...capture }));
  }

  /** `pulumi destroy`. */
  async destroy(options: auto.DestroyOptions = {}): Promise<Ran<auto.DestroyResult>> {
    return this.run("destroy", options, (capture) => this.stack.destroy({ ...options, ...capture }));
  }

  /** Runs an operation that must fail; returns its error text (also kept in `log`). */
  async failing(operation: (stack: this) => Promise<unknown>): Promise<string> {
    try {
      await operation(this);
    } catch (error) {
      return String((error as Error).message ?? error);
    }
    throw new Error("the operation was expected to fail, but it succeeded");
  }

  /** `pulumi stack export` (secrets encrypted, as users share it). Kept in `log`. */
  exportState(): auto.Deployment {
    const text = this.cli(["stack", "export", "--stack", this.stack.name]);
    this.log.push(text);
    keepOutput("stack-export", text);
    return JSON.parse(text) as auto.Deployment;
  }

  /**
   * `pulumi stack export --show-secrets` (what the Automation API's `exportStack` runs): for
   * comparing secrets with GenAuth and for editing state. Never kept in `log`.
   */
  async plainState(): Promise<auto.Deployment> {
    return this.stack.exportStack();
  }

  /** `pulumi stack import` (plaintext secrets in `deployment` are encrypted again on import). */
  async importState(deployment: auto.Deployment): Promise<void> {
    await this.stack.importStack(deployment);
  }

  /**
   * Moves the schedule of the ApplicationSecret `name` back to `at`: where it counts from
   * (`scheduledFrom`, an input `check` computes and an output) and `rotatedAt`. How the suite makes
   * a schedule due without waiting.
   */
  async backdateSchedule(name: string, at: string): Promise<void> {
    const deployment = this.exportState();
    const resources = (deployment.deployment.resources ?? []) as Array<Record<string, unknown>>;
    const target = resources.find((r) => r.type === SECRET_TYPE && r.urn === this.urn(name));
    if (!target) throw new Error(`no ApplicationSecret "${name}" in state to backdate`);
    target.inputs = { ...(target.inputs as object), scheduledFrom: at };
    target.outputs = { ...(target.outputs as object), scheduledFrom: at, rotatedAt: at };
    await this.importState(deployment);
  }

  /** The raw state file of this stack in the `file://` backend. */
  rawStateText(): string {
    const file = path.join(
      this.workDir.backend,
      ".pulumi",
      "stacks",
      this.projectName,
      `${this.stack.name}.json`,
    );
    return readFileSync(file, "utf8");
  }

  /** Every file the backend wrote (state, backups, history), concatenated. */
  backendText(): string {
    return filesUnder(this.workDir.backend)
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
  }

  /** Everything the CLI and engine printed so far. */
  logText(): string {
    return this.log.join("\n");
  }

  /** The URN of an ApplicationSecret named `name` in this stack. */
  urn(name: string, type: string = SECRET_TYPE): string {
    return `urn:pulumi:${this.stack.name}::${this.projectName}::${type}::${name}`;
  }

  /** Runs the CLI in the work directory with the stack's environment; returns stdout. */
  cli(args: string[]): string {
    return execFileSync(this.workDir.cliBinary, args, {
      cwd: this.workDir.root,
      env: { ...process.env, ...this.env },
      encoding: "utf8",
    });
  }

  private async run<T>(
    name: string,
    options: { debug?: boolean },
    operation: (capture: {
      onOutput: (text: string) => void;
      onError: (text: string) => void;
      onEvent: (event: auto.EngineEvent) => void;
    }) => Promise<T>,
  ): Promise<Ran<T>> {
    const steps: Steps = {};
    const printed: string[] = [];
    const capture = {
      onOutput: (text: string) => printed.push(text),
      onError: (text: string) => printed.push(text),
      onEvent: (event: auto.EngineEvent) => {
        printed.push(JSON.stringify(event));
        const meta = event.resourcePreEvent?.metadata;
        if (meta && meta.type === SECRET_TYPE) (steps[meta.urn.split("::").pop()!] ??= []).push(meta.op);
      },
    };
    try {
      const result = await operation(capture);
      return { ...result, steps };
    } catch (error) {
      printed.push(String((error as Error).message ?? error));
      throw error;
    } finally {
      this.log.push(...printed);
      keepOutput(`${name}${options.debug ? "-debug" : ""}`, printed.join("\n"));
    }
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}
