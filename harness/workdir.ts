/**
 * A hermetic place for one scenario: a temp directory with a `file://` backend, its own PULUMI_HOME,
 * a passphrase secrets provider, and a `node_modules` through which the dynamic-provider plugin finds
 * `@pulumi/pulumi` and `pulumi-genauth/provider-runtime` (both resolved from the program directory).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { linkProgramModules, REPO_ROOT } from "./programModules";
import { locatePulumiCli } from "./cli";
import { EVIDENCE_ENV, evidenceDir } from "./evidence";

/** The passphrase of every test stack (a test value, not a secret). */
export const TEST_PASSPHRASE = "pulumi-genauth-e2e-passphrase";

/** A scenario's directory layout and environment. */
export interface WorkDir {
  /** The temp directory: workspace, program directory (`main`) and Pulumi.yaml live here. */
  root: string;
  /** The `file://` backend directory (raw state files under `.pulumi/`). */
  backend: string;
  /** A directory with `bin/` → the CLI directory, as `PulumiCommand.get({ root })` expects. */
  cliRoot: string;
  /** The `pulumi` binary. */
  cliBinary: string;
  /** Environment for every CLI run (and for the plugin it starts). */
  env: Record<string, string>;
}

/**
 * Creates a fresh work directory. `packageDir` is what `node_modules/pulumi-genauth` points to
 * (default: this repository, whose `exports` map the runtime to `lib/`; run `npm run build` first);
 * `null` links no package (a project that installs its own).
 */
export function createWorkDir(packageDir: string | null = REPO_ROOT): WorkDir {
  const cli = locatePulumiCli();
  const root = mkdtempSync(path.join(os.tmpdir(), "genauth-e2e-"));
  const backend = path.join(root, "backend");
  const home = path.join(root, "pulumi-home");
  const cliRoot = path.join(root, "cli");
  for (const dir of [backend, home, cliRoot]) {
    mkdirSync(dir, { recursive: true });
  }
  symlinkSync(cli.dir, path.join(cliRoot, "bin"));
  linkProgramModules(root, packageDir);
  const env = {
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${cli.dir}${path.delimiter}${process.env.PATH ?? ""}`,
    ...providerTapEnv(),
  };
  return { root, backend, cliRoot, cliBinary: cli.binary, env };
}

/** The preload that copies a provider process's output into the evidence (`providerTap.js`). */
export const PROVIDER_TAP = path.join(__dirname, "providerTap.js");

/** With an evidence directory, preloads `providerTap.js` into the dynamic-provider process. */
function providerTapEnv(): Record<string, string> {
  const dir = evidenceDir();
  if (!dir) return {};
  return { [EVIDENCE_ENV]: dir, NODE_OPTIONS: `--require ${PROVIDER_TAP}` };
}

/** Removes a work directory (never the linked targets: rmSync does not follow symlinks). */
export function removeWorkDir(dir: WorkDir): void {
  rmSync(dir.root, { recursive: true, force: true });
}
