/**
 * Runs inline-program operations in a child `node` process (see `inline-runner.js`): for programs
 * that must load `@pulumi/pulumi` and `pulumi-genauth` the way a user's driver does, and for
 * failures whose unhandled rejections Pulumi handles in a plain process but jest would report.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { keepOutput } from "../../../harness/evidence";
import { WorkDir } from "../../../harness/workdir";

const run = promisify(execFile);

/** The result of one operation in the child. */
export interface ChildResult {
  op: string;
  ok: boolean;
  /** stdout and stderr of the operation. */
  output: string;
  /** The error message, when it failed. */
  error?: string;
  /** Stack outputs (`up` only), secrets in plaintext. */
  outputs?: Record<string, { value: unknown; secret: boolean }>;
  summary?: { resourceChanges?: Record<string, number> };
}

/** What to run in the child. */
export interface ChildJob {
  /** Where node_modules (with @pulumi/pulumi and pulumi-genauth) and the program live. */
  projectDir: string;
  /** The program module, relative to `projectDir` (plain JavaScript). */
  programModule: string;
  /** @default "program" */
  programExport?: string;
  /** @default "e2e" */
  projectName?: string;
  /** @default "dev" */
  stackName?: string;
  /** Stack config, as `setAllConfig` takes it. */
  config: Record<string, { value: string; secret?: boolean }>;
  operations: Array<"up" | "preview" | "refresh" | "destroy">;
  /** Extra environment for the CLI. */
  env?: Record<string, string>;
}

/** Runs `job` in `workDir` (its backend, home and CLI) and returns one result per operation. */
export async function runInChild(workDir: WorkDir, job: ChildJob): Promise<ChildResult[]> {
  const jobFile = path.join(workDir.root, `job-${Date.now()}.json`);
  const resultFile = `${jobFile}.result`;
  const full = {
    projectName: "e2e",
    stackName: "dev",
    ...job,
    workDir: workDir.root,
    cliRoot: workDir.cliRoot,
    env: { ...workDir.env, ...job.env },
    resultFile,
  };
  writeFileSync(jobFile, JSON.stringify(full));
  const runner = path.join(__dirname, "inline-runner.js");
  try {
    await run(process.execPath, [runner, jobFile], { cwd: job.projectDir, timeout: 170_000 });
  } catch (error) {
    throw new Error(`inline-runner failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  const results = JSON.parse(readFileSync(resultFile, "utf8")) as ChildResult[];
  for (const result of results) keepOutput(`child-${result.op}`, `${result.output}\n${result.error ?? ""}`);
  return results;
}
