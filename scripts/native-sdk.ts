/**
 * Generates the native provider's SDKs from the committed schema with `pulumi package gen-sdk`:
 * `sdk/go` (module `.../sdk/go`, package `genauth`) and `sdk/python` (`pulumi_genauth`). No Node.js
 * SDK: TypeScript programs use the dynamic `ApplicationSecret` of this npm package (see README).
 *
 *   npx tsx scripts/native-sdk.ts        regenerates sdk/
 *
 * Needs the Pulumi CLI (`scripts/pulumi-cli.sh`) and the go and python language hosts, which
 * `gen-sdk` asks to generate (a Pulumi install has them; here the shared `build.sh` builds them).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SCHEMA_FILE } from "./native-schema";

const ROOT = path.resolve(__dirname, "..");
/** Where the SDKs are committed. */
export const SDK_DIR = path.join(ROOT, "sdk");
/** The SDK languages, each a directory under {@link SDK_DIR}. */
export const SDK_LANGUAGES = ["go", "python"] as const;

/** The directory holding `pulumi` (what `scripts/pulumi-cli.sh` prints). */
export function pulumiCliDir(): string {
  return run("bash", [path.join(ROOT, "scripts/pulumi-cli.sh")]);
}

/**
 * The directory holding the language hosts `langs`, built by the shared `build.sh` found at
 * `$PULUMI_LANGUAGE_HOSTS_SRC`, `<repo>/../shared/pulumi-language-hosts` or
 * `/work/shared/pulumi-language-hosts` (cached: seconds once built).
 */
export function languageHostsDir(langs: readonly string[]): string {
  const candidates = [
    process.env.PULUMI_LANGUAGE_HOSTS_SRC,
    path.join(ROOT, "..", "shared", "pulumi-language-hosts"),
    "/work/shared/pulumi-language-hosts",
  ].filter((c): c is string => !!c);
  const src = candidates.find((c) => existsSync(path.join(c, "build.sh")));
  if (!src) {
    throw new Error(
      `no pulumi-language-hosts/build.sh in ${candidates.join(", ")}: set PULUMI_LANGUAGE_HOSTS_SRC, ` +
        `or put pulumi-language-${langs.join("/")} on PATH from a Pulumi install`,
    );
  }
  return run("bash", [path.join(src, "build.sh"), ...langs]);
}

/** PATH with the CLI and the language hosts first. */
export function toolPath(langs: readonly string[]): string {
  return [pulumiCliDir(), languageHostsDir(langs), process.env.PATH ?? ""].join(path.delimiter);
}

/** Writes the SDKs of {@link SDK_LANGUAGES} under `outDir` (`outDir/go`, `outDir/python`). */
export function generateSdks(outDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const home = mkdtempSync(path.join(os.tmpdir(), "genauth-gen-sdk-home-"));
  try {
    const toolEnv = {
      ...env,
      PATH: toolPath(SDK_LANGUAGES),
      PULUMI_HOME: home,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    for (const lang of SDK_LANGUAGES) {
      rmSync(path.join(outDir, lang), { recursive: true, force: true });
      run("pulumi", ["package", "gen-sdk", SCHEMA_FILE, "--language", lang, "-o", outDir], toolEnv);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(command, args, {
    cwd: ROOT,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

if (require.main === module) {
  generateSdks(SDK_DIR);
  console.log(`wrote ${SDK_LANGUAGES.map((l) => `sdk/${l}`).join(", ")}`);
}
