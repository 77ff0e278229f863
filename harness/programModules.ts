import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root (the `pulumi-genauth` package). */
export const REPO_ROOT = path.resolve(__dirname, "..");

/** The variable that names another `@pulumi/pulumi` for the programs (scripts/test.js sets it). */
export const PULUMI_SDK_ENV = "GENAUTH_E2E_PULUMI_SDK";

/**
 * The `@pulumi/pulumi` package directory programs get: this repository's pinned copy (the newest
 * in the peer range), or the one `$GENAUTH_E2E_PULUMI_SDK` names (the test command sets it to the
 * oldest in the peer range for a second run of the Node.js program tests).
 */
export function programPulumiSdk(): string {
  return process.env[PULUMI_SDK_ENV] || path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi");
}

/**
 * Gives `dir` the `node_modules` a user's project has: `@pulumi/pulumi` ({@link programPulumiSdk})
 * and, unless `packageDir` is null, `pulumi-genauth` (default: this repo, whose `lib/` must be
 * built), both as symlinks. The shim's `require("pulumi-genauth/provider-runtime")` and the
 * dynamic-provider plugin resolve from there, as they do after `npm install`.
 */
export function linkProgramModules(dir: string, packageDir: string | null = REPO_ROOT): void {
  const sdk = path.join(dir, "node_modules", "@pulumi", "pulumi");
  fs.mkdirSync(path.dirname(sdk), { recursive: true });
  fs.symlinkSync(programPulumiSdk(), sdk);
  if (packageDir === null) return;
  if (packageDir === REPO_ROOT && !fs.existsSync(path.join(REPO_ROOT, "lib", "provider", "runtime.js"))) {
    throw new Error("lib/ is not built: run `npm run build` first (the README's test command does)");
  }
  fs.symlinkSync(packageDir, path.join(dir, "node_modules", "pulumi-genauth"));
}

/** Makes a temporary program directory with {@link linkProgramModules}. */
export function makeProgramDir(prefix = "genauth-program-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  linkProgramModules(dir);
  return dir;
}
