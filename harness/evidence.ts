/**
 * The e2e run's evidence for the final leak scan (`99-leak-scan.test.ts`): everything the CLI
 * printed in every run, a copy of every backend's state files, every dynamic-provider process's
 * stdout and stderr, and (through the emulator's secret log) every secret GenAuth issued. The e2e
 * global setup creates the directory; without it (a suite run on its own) nothing is kept.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import * as path from "node:path";

/** The variable naming the evidence directory. */
export const EVIDENCE_ENV = "GENAUTH_E2E_EVIDENCE_DIR";

/** The evidence directory's parts. */
export const EVIDENCE = {
  /** CLI output and engine events, one file per operation. */
  output: "output",
  /** Backend directories (state, backups, history) and stack config files. */
  state: "state",
  /** stdout and stderr of each dynamic-provider process (written by `providerTap.js`). */
  provider: "provider",
  /** Every app secret and management token the emulators issued, one per line. */
  secrets: "issued-secrets.log",
} as const;

let sequence = 0;
/** Each test file has its own module registry, hence its own `sequence`: the random part tells them apart. */
const FILE_TAG = randomBytes(3).toString("hex");

/** The evidence directory, if this run keeps evidence. */
export function evidenceDir(): string | undefined {
  return process.env[EVIDENCE_ENV] || undefined;
}

/** Keeps `text`, what one operation printed, under a label naming the operation. */
export function keepOutput(label: string, text: string): void {
  const dir = evidenceDir();
  if (!dir) return;
  mkdirSync(path.join(dir, EVIDENCE.output), { recursive: true });
  appendFileSync(path.join(dir, EVIDENCE.output, `${uniqueName()}-${slug(label)}.log`), text);
}

/** Copies a work directory's backend and stack config files before the directory is removed. */
export function keepState(workRoot: string, backend: string): void {
  const dir = evidenceDir();
  if (!dir || !existsSync(backend)) return;
  const target = path.join(dir, EVIDENCE.state, uniqueName());
  cpSync(backend, path.join(target, "backend"), { recursive: true });
  for (const file of readdirSync(workRoot).filter((f) => /^Pulumi\..*\.yaml$/.test(f))) {
    cpSync(path.join(workRoot, file), path.join(target, file));
  }
}

function uniqueName(): string {
  return `${process.pid}-${FILE_TAG}-${++sequence}`;
}

function slug(label: string): string {
  return label.replace(/[^\w.-]+/g, "-").slice(0, 60);
}
