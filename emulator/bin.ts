#!/usr/bin/env node
/**
 * `genauth-emulator`: runs the emulator until SIGINT/SIGTERM. See cli.ts for flags and output.
 */
import { readFileSync } from "node:fs";
import { banner, checkedTlsFiles, HELP, listeningLine, parseCli } from "./cli";
import { parseSeed, Seed } from "./seed";
import { startEmulator } from "./server";

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const seed = options.seedFile === undefined ? undefined : readSeed(options.seedFile);
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    seed,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    quiet: !options.logRequests,
    rateLimit: options.rateLimit,
    secretLogFile: options.secretLogFile,
    tls:
      options.tlsFiles &&
      checkedTlsFiles(options.tlsFiles, {
        cert: readText(options.tlsFiles.cert, "--tls-cert"),
        key: readText(options.tlsFiles.key, "--tls-key"),
      }),
    requestIdOnSuccess: options.requestIdOnSuccess,
  });
  process.stdout.write(`${listeningLine(emulator.url)}\n`);
  if (!options.quiet) process.stderr.write(`${banner(emulator.state)}\n`);
  const stop = () => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${flag} ${file}: ${(error as Error).message}`);
  }
}

function readSeed(file: string): Seed {
  try {
    return parseSeed(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    throw new Error(`--seed ${file}: ${(error as Error).message}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`genauth-emulator: ${(error as Error).message}\n`);
  process.exit(2);
});
