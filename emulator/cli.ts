/**
 * The pure parts of the `genauth-emulator` command: flag parsing, help text and the start-up banner, kept
 * apart from bin.ts (which only wires them to the process) so they can be tested without spawning.
 */
import { createSecureContext } from "node:tls";
import { parseArgs } from "node:util";
import type { RateLimitSettings } from "./rateLimit";
import { SECRET_LOG_ENV } from "./secretRecord";
import type { EmulatorState } from "./state";

/** The parsed command line. */
export interface CliOptions {
  /** @default 8787 (0 picks a free port) */
  port: number;
  /** @default "127.0.0.1" */
  host: string;
  /** Token lifetime in seconds. @default 7200 */
  tokenLifetimeSeconds?: number;
  /** Path of a JSON Seed file. @default the built-in seed */
  seedFile?: string;
  /** API calls admitted per user pool per second (`--rate-limit`, `--retry-after`). @default no limit */
  rateLimit?: RateLimitSettings;
  /** Files of the PEM certificate and key to serve HTTPS with (`--tls-cert`, `--tls-key`). @default HTTP */
  tlsFiles?: { cert: string; key: string };
  /** Put a requestId in successful answers too (`--request-id-on-success`). */
  requestIdOnSuccess: boolean;
  /** File to append every issued app secret and token to (`--secret-log`). @default $GENAUTH_EMULATOR_SECRET_LOG */
  secretLogFile?: string;
  /** No banner on stderr. */
  quiet: boolean;
  /** One line per API call on stderr. */
  logRequests: boolean;
  /** Print the help and exit. */
  help: boolean;
}

/** The default port, friendlier for people than a random one. */
export const DEFAULT_PORT = 8787;

/** The help text. */
export const HELP = `Usage: genauth-emulator [options]

An offline emulator of the GenAuth (Authing) V3 management API, for tests and demos.

Options:
  --port <n>               TCP port (default ${DEFAULT_PORT}; 0 picks a free port)
  --host <address>         interface to listen on (default 127.0.0.1)
  --token-lifetime <s>     management token lifetime in seconds (default 7200)
  --seed <file.json>       start from this seed instead of the built-in one
  --rate-limit <n>         answer HTTP 429 beyond n API calls per second per user pool (GenAuth: 300)
  --retry-after            send those 429s with a Retry-After header, which GenAuth does not
                           document (needs --rate-limit)
  --tls-cert <file.pem>    serve HTTPS with this certificate (needs --tls-key), like a private
                           deployment; the URL printed then starts with https://
  --tls-key <file.pem>     the certificate's private key
  --request-id-on-success  put a requestId in successful answers too (GenAuth documents it only
                           for failures, which always have one)
  --secret-log <file>      append every issued app secret and token to file, one per line
                           (default: the file named by ${SECRET_LOG_ENV}, if set)
  --log-requests           print one line per API call to stderr (never secrets or tokens)
  --quiet                  do not print the seeded pools, keys and apps to stderr
  --help                   show this help

Prints "genauth-emulator listening on <url>" to stdout once ready. Stops on SIGINT/SIGTERM.
Control API: <url>/__emulator/ (reset, apps, calls, faults, requests, token-lifetime, tokens/expire,
rate-limit, outage, issued-secrets).`;

/** Parses argv (without node and script); throws an Error naming the bad flag. */
export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "token-lifetime": { type: "string" },
      seed: { type: "string" },
      "rate-limit": { type: "string" },
      // A flag of its own: parseArgs negates booleans only from Node 20.16, and engines allow any 20.
      "retry-after": { type: "boolean", default: false },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      "request-id-on-success": { type: "boolean", default: false },
      "secret-log": { type: "string" },
      quiet: { type: "boolean", default: false },
      "log-requests": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const options: CliOptions = {
    port: values.port === undefined ? DEFAULT_PORT : integer(values.port, "--port", 0, 65535),
    host: values.host ?? "127.0.0.1",
    quiet: values.quiet ?? false,
    logRequests: values["log-requests"] ?? false,
    help: values.help ?? false,
    requestIdOnSuccess: values["request-id-on-success"] ?? false,
  };
  const lifetime = values["token-lifetime"];
  if (lifetime !== undefined) options.tokenLifetimeSeconds = integer(lifetime, "--token-lifetime", 1);
  if (values.seed !== undefined) options.seedFile = values.seed;
  const rate = values["rate-limit"];
  if (rate !== undefined) {
    options.rateLimit = {
      requestsPerSecond: integer(rate, "--rate-limit", 1),
      retryAfter: values["retry-after"] ?? false,
    };
  } else if (values["retry-after"]) {
    throw new Error("--retry-after needs --rate-limit");
  }
  const cert = values["tls-cert"];
  const key = values["tls-key"];
  if ((cert === undefined) !== (key === undefined)) {
    throw new Error(cert === undefined ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
  }
  if (cert !== undefined && key !== undefined) options.tlsFiles = { cert, key };
  if (values["secret-log"] !== undefined) options.secretLogFile = values["secret-log"];
  return options;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * The texts of the `--tls-cert` and `--tls-key` files, checked before the server starts: each holds
 * what its flag needs (two files swapped or one file given twice is the usual slip) and the key is
 * the certificate's. Throws an Error naming the flag, the file and the fix; never shows the key.
 */
export function checkedTlsFiles(
  files: { cert: string; key: string },
  texts: { cert: string; key: string },
): { cert: string; key: string } {
  if (!PEM_CERTIFICATE.test(texts.cert)) {
    throw new Error(
      PEM_PRIVATE_KEY.test(texts.cert)
        ? `--tls-cert ${files.cert}: holds a private key, not a certificate; give the certificate's file to --tls-cert and the key's to --tls-key`
        : `--tls-cert ${files.cert}: holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the server certificate's PEM file`,
    );
  }
  if (!PEM_PRIVATE_KEY.test(texts.key)) {
    throw new Error(
      PEM_CERTIFICATE.test(texts.key)
        ? `--tls-key ${files.key}: holds a certificate, not a private key; give the key's file to --tls-key and the certificate's to --tls-cert`
        : `--tls-key ${files.key}: holds no PEM private key (-----BEGIN PRIVATE KEY-----); give the certificate's key file`,
    );
  }
  try {
    createSecureContext({ cert: texts.cert, key: texts.key });
  } catch (error) {
    const reason = (error as Error).message.replace(/\s+/g, " ").slice(0, 200);
    throw new Error(
      `--tls-cert ${files.cert} and --tls-key ${files.key} do not make a usable pair (${reason}); ` +
        `give the certificate and the key it was issued for`,
    );
  }
  return texts;
}

/** The stdout line that tells scripts where the emulator is (the only stdout output). */
export function listeningLine(url: string): string {
  return `genauth-emulator listening on ${url}`;
}

/**
 * The stderr banner: pools, key pairs with their secrets (fixed, public, emulator-only test credentials
 * a developer needs to configure a client) and apps — but never app secrets, which are what is tested.
 */
export function banner(state: EmulatorState): string {
  const lines: string[] = [];
  for (const userPoolId of state.userPoolIds()) {
    lines.push(`user pool ${userPoolId}`);
    for (const key of state.listAccessKeys().filter((k) => k.userPoolId === userPoolId)) {
      const kind = key.accessKeyId === userPoolId ? "user pool key" : "collaborator key";
      lines.push(`  ${kind}: accessKeyId=${key.accessKeyId} accessKeySecret=${key.accessKeySecret}`);
    }
    for (const app of state.listApps(userPoolId)) {
      lines.push(`  app ${app.appId} (${app.appName})`);
    }
  }
  lines.push("app secrets: GET <url>/__emulator/apps/<appId>");
  return lines.join("\n");
}

function integer(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${flag} must be an integer from ${min} to ${max}; got ${JSON.stringify(text)}`);
  }
  return value;
}
