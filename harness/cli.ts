/**
 * Finds the Pulumi CLI the end-to-end suite runs. The only source is `scripts/pulumi-cli.sh` (which
 * reuses a recent `pulumi` on PATH or the cached build, and in CI is run by `.ci/run` beforehand), so
 * a missing CLI fails the suite with the script's own explanation instead of skipping it.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

import { REPO_ROOT } from "./programModules";

/** Where the CLI lives. */
export interface PulumiCli {
  /**
   * The directory holding `pulumi`, `pulumi-resource-pulumi-nodejs` and (unless the user's own is
   * elsewhere on PATH) `pulumi-language-nodejs`: first on PATH.
   */
  dir: string;
  /** The `pulumi` binary. */
  binary: string;
}

let cached: PulumiCli | undefined;

/**
 * Runs `scripts/pulumi-cli.sh` once per process and checks that it delivered the CLI, the
 * dynamic-provider plugin and the Node.js language host. Throws (failing the test) when one is missing.
 */
export function locatePulumiCli(): PulumiCli {
  if (cached) return cached;
  let dir: string;
  try {
    dir = execFileSync("bash", [path.join(REPO_ROOT, "scripts/pulumi-cli.sh")], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 90 * 60_000,
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(
      `The end-to-end suite needs the Pulumi CLI, and scripts/pulumi-cli.sh could not provide it ` +
        `(install the Pulumi CLI, or run the script where Go can reach the module proxy):\n${stderr}`,
    );
  }
  const binary = path.join(dir, "pulumi");
  for (const file of [binary, path.join(dir, "pulumi-resource-pulumi-nodejs")]) {
    if (!existsSync(file)) throw new Error(`scripts/pulumi-cli.sh printed ${dir}, but ${file} is missing`);
  }
  const pathDirs = [dir, ...(process.env.PATH ?? "").split(path.delimiter)];
  if (!pathDirs.some((d) => d && existsSync(path.join(d, "pulumi-language-nodejs")))) {
    throw new Error(
      `scripts/pulumi-cli.sh printed ${dir}, but no pulumi-language-nodejs is there or on PATH`,
    );
  }
  cached = { dir, binary };
  return cached;
}
