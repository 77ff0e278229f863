import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root (the `pulumi-genauth` package). */
export const REPO_ROOT = path.resolve(__dirname, "../..");

/**
 * Makes a temporary program directory laid out as a user's project: `node_modules/@pulumi/pulumi`
 * and `node_modules/pulumi-genauth` (this repo; its `lib/` must be built) as symlinks, so the shim's
 * `require("pulumi-genauth/provider-runtime")` resolves the way it does after `npm install`.
 */
export function makeProgramDir(prefix = "genauth-program-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
  fs.symlinkSync(
    path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
    path.join(dir, "node_modules", "@pulumi", "pulumi"),
  );
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "pulumi-genauth"));
  if (!fs.existsSync(path.join(REPO_ROOT, "lib", "provider", "runtime.js"))) {
    throw new Error("lib/ is not built: run `npm run build` first (the README's test command does)");
  }
  return dir;
}
