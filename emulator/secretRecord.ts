/**
 * A record of every secret an emulator has issued — app secrets (seeded, added, rotated through the API
 * or in the console) and management tokens — for leak scans: a test that knows every secret can search
 * logs, state files and program output for each of them. The server hands one record to every state it
 * builds, so the record survives resets. When given a file (`GENAUTH_EMULATOR_SECRET_LOG`), it also appends
 * each new value as one line, synchronously, so the value is on disk before the response carrying it is
 * sent: a harness then collects the secrets of every emulator of every test file, in any process.
 */
import { appendFileSync } from "node:fs";

/** The environment variable naming a file that every issued secret is appended to. */
export const SECRET_LOG_ENV = "GENAUTH_EMULATOR_SECRET_LOG";

/** Every secret issued so far, each once, oldest first. */
export interface IssuedSecrets {
  /** Every value any app secret has had. */
  appSecrets: string[];
  /** Every management token issued. */
  tokens: string[];
}

/** The secret log file the environment names, if any (an empty value names none). */
export function secretLogFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[SECRET_LOG_ENV] || undefined;
}

/** What is told of each secret as it is issued (a SecretRecord, or a test's own collector). */
export interface SecretSink {
  /** An app secret was seeded, added or rotated. */
  appSecret(value: string): void;
  /** A management token was issued. */
  token(value: string): void;
}

/** Collects issued secrets in memory and, optionally, in a file. Only grows: nothing is ever forgotten. */
export class SecretRecord implements SecretSink {
  private readonly appSecrets = new Set<string>();
  private readonly tokens = new Set<string>();

  /** @param logFile a file to append each new value to as one line (created if missing) */
  constructor(private readonly logFile?: string) {}

  /** Records an app secret; a value already recorded (a fixed seed secret after a reset) is not repeated. */
  appSecret(value: string): void {
    this.add(this.appSecrets, value);
  }

  /** Records a management token. */
  token(value: string): void {
    this.add(this.tokens, value);
  }

  /** Copies of everything recorded, oldest first. */
  issued(): IssuedSecrets {
    return { appSecrets: [...this.appSecrets], tokens: [...this.tokens] };
  }

  private add(set: Set<string>, value: string): void {
    if (set.has(value)) return;
    set.add(value);
    // Synchronous on purpose: the line must exist before the caller can receive (and leak) the value.
    if (this.logFile !== undefined) appendFileSync(this.logFile, `${value}\n`);
  }
}
