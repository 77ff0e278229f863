import { X509Certificate } from "node:crypto";
import { ClientSettings } from "../client/client";
import { DEFAULT_RETRY_POLICY } from "../client/retry";
import { pemCertificates } from "../client/tls";
import { describe } from "./describe";
import { DEFAULT_HOST, hostProblem, resolveHost } from "./hostSetting";
import { ConnectionInputs } from "./types";
import { userPoolIdProblem } from "./userPoolId";

export { DEFAULT_HOST } from "./hostSetting";
/** Per-request timeout when none is configured. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Every setting, as the raw text one source gives it. */
export interface SettingsSource {
  host?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  userPoolId?: string;
  requestTimeoutMs?: string;
  maxAttempts?: string;
  retryBaseDelayMs?: string;
  retryBudgetMs?: string;
  tlsCaCertificates?: string;
  tlsInsecureSkipVerify?: string;
  allowInsecureHttp?: string;
}

type Key = keyof SettingsSource;

/** Pulumi config keys (`pulumi config set genauth:...`). */
export const CONFIG_KEYS: Record<Key, string> = {
  host: "genauth:host",
  accessKeyId: "genauth:accessKeyId",
  accessKeySecret: "genauth:accessKeySecret",
  userPoolId: "genauth:userPoolId",
  requestTimeoutMs: "genauth:requestTimeoutMs",
  maxAttempts: "genauth:maxAttempts",
  retryBaseDelayMs: "genauth:retryBaseDelayMs",
  retryBudgetMs: "genauth:retryBudgetMs",
  tlsCaCertificates: "genauth:tlsCaCertificates",
  tlsInsecureSkipVerify: "genauth:tlsInsecureSkipVerify",
  allowInsecureHttp: "genauth:allowInsecureHttp",
};

/** Environment variables, the last source. */
export const ENV_VARS: Record<Key, string> = {
  host: "GENAUTH_HOST",
  accessKeyId: "GENAUTH_ACCESS_KEY_ID",
  accessKeySecret: "GENAUTH_ACCESS_KEY_SECRET",
  userPoolId: "GENAUTH_USER_POOL_ID",
  requestTimeoutMs: "GENAUTH_REQUEST_TIMEOUT_MS",
  maxAttempts: "GENAUTH_MAX_ATTEMPTS",
  retryBaseDelayMs: "GENAUTH_RETRY_BASE_DELAY_MS",
  retryBudgetMs: "GENAUTH_RETRY_BUDGET_MS",
  tlsCaCertificates: "GENAUTH_TLS_CA_CERTIFICATES",
  tlsInsecureSkipVerify: "GENAUTH_TLS_INSECURE_SKIP_VERIFY",
  allowInsecureHttp: "GENAUTH_ALLOW_INSECURE_HTTP",
};

/** A source of settings and how to name each of its fields in an error message. */
export interface LabeledSource {
  values: SettingsSource;
  label: (key: Key) => string;
}

/** A setting that cannot be used, named the way the user set it. */
export interface SettingsProblem {
  /** Where the value came from: `connection.host`, `genauth:host`, `GENAUTH_HOST`, ... */
  property: string;
  reason: string;
}

/** How the key pair's two settings are named where they were found, e.g. `GENAUTH_ACCESS_KEY_ID`. */
export interface KeyPairLabels {
  accessKeyId: string;
  accessKeySecret: string;
}

/**
 * Settings ready for the client, with the names of the key pair as the user set it (so a key pair
 * GenAuth refuses can be reported by where it came from), or every problem found.
 */
export type ResolvedSettings =
  { ok: true; settings: ClientSettings; keyPair: KeyPairLabels } | { ok: false; problems: SettingsProblem[] };

/** Reads Pulumi config through the dynamic provider's `config.get`. */
export function configSource(get: (key: string) => unknown): LabeledSource {
  const values: SettingsSource = {};
  for (const key of Object.keys(CONFIG_KEYS) as Key[]) values[key] = setting(key, get(CONFIG_KEYS[key]));
  return { values, label: (key) => CONFIG_KEYS[key] };
}

/** Reads the `GENAUTH_*` environment variables. */
export function envSource(env: NodeJS.ProcessEnv): LabeledSource {
  const values: SettingsSource = {};
  for (const key of Object.keys(ENV_VARS) as Key[]) values[key] = setting(key, env[ENV_VARS[key]]);
  return { values, label: (key) => ENV_VARS[key] };
}

/**
 * The per-resource `connection` input. Its two booleans may arrive as booleans or, from other
 * SDKs and config, as the text "true" or "false": both read alike.
 */
export function connectionSource(connection: ConnectionInputs | undefined): LabeledSource {
  const c = connection ?? {};
  return {
    values: {
      host: text(c.host),
      accessKeyId: text(c.accessKeyId),
      accessKeySecret: text(c.accessKeySecret),
      userPoolId: text(c.userPoolId),
      tlsCaCertificates: setting("tlsCaCertificates", c.tlsCaCertificates),
      tlsInsecureSkipVerify: text(c.tlsInsecureSkipVerify),
      allowInsecureHttp: text(c.allowInsecureHttp),
    },
    label: (key) => `connection.${key}`,
  };
}

/**
 * Resolves settings from sources in priority order (connection, config, environment). The key pair
 * comes whole from the first source with an access key id, never mixed across sources; every other
 * setting from the first source that sets it.
 */
export function resolveSettings(sources: LabeledSource[]): ResolvedSettings {
  const problems: SettingsProblem[] = [];
  const first = (key: Key) => sources.find((s) => s.values[key] !== undefined);

  const flag = (key: "tlsInsecureSkipVerify" | "allowInsecureHttp") => {
    const source = first(key);
    if (!source) return false;
    const value = parseFlag(source.values[key]!);
    if (value !== undefined) return value;
    problems.push({
      property: source.label(key),
      // Short values only: a long one may be something pasted in the wrong place, such as a secret.
      reason: `must be true or false, got ${describe(source.values[key]!, { maxLength: 8, noun: "value" })}`,
    });
    return false;
  };
  const allowInsecureHttp = flag("allowInsecureHttp");
  const insecureSkipVerify = flag("tlsInsecureSkipVerify");
  const caSource = first("tlsCaCertificates");
  const caReason = caSource && caCertificatesProblem(caSource.values.tlsCaCertificates!);
  if (caSource && caReason)
    problems.push({ property: caSource.label("tlsCaCertificates"), reason: caReason });

  const poolSource = first("userPoolId");
  if (poolSource) {
    // The secret the id would be sent with: the key pair's source is found below, by the same rule.
    const pairSecret = first("accessKeyId")?.values.accessKeySecret;
    const reason = userPoolIdProblem(poolSource.values.userPoolId!, pairSecret);
    if (reason) problems.push({ property: poolSource.label("userPoolId"), reason });
  }

  const hostSource = first("host");
  if (hostSource) {
    const reason = hostProblem(hostSource.values.host!, allowInsecureHttp);
    if (reason) problems.push({ property: hostSource.label("host"), reason });
  }
  const host = hostOf(sources);

  const keySource = first("accessKeyId");
  // A secret set without its id where it outranks the key pair in use (or where no id is set at
  // all) would be silently ignored: the pair is never combined across sources, so say so.
  const keyRank = keySource ? sources.indexOf(keySource) : sources.length;
  const loneSecret = sources
    .slice(0, keyRank)
    .find((s) => s.values.accessKeySecret !== undefined && s.values.accessKeyId === undefined);
  if (loneSecret) {
    problems.push({
      property: loneSecret.label("accessKeyId"),
      reason: `is missing while ${loneSecret.label("accessKeySecret")} is set; set both in the same place (a key pair is never combined from two sources)`,
    });
  }
  if (!keySource && !loneSecret) {
    problems.push({
      property: "accessKeyId",
      reason:
        `no GenAuth credentials: set ${CONFIG_KEYS.accessKeyId} and ${CONFIG_KEYS.accessKeySecret} ` +
        `(pulumi config set ${CONFIG_KEYS.accessKeyId} <id>; pulumi config set --secret ${CONFIG_KEYS.accessKeySecret} <secret>), ` +
        `or the environment variables ${ENV_VARS.accessKeyId} and ${ENV_VARS.accessKeySecret}, or the resource's connection input`,
    });
  } else if (keySource && keySource.values.accessKeySecret === undefined) {
    problems.push({
      property: keySource.label("accessKeySecret"),
      reason: `is missing while ${keySource.label("accessKeyId")} is set; set both in the same place (a key pair is never combined from two sources)`,
    });
  }

  const number = (key: Key, fallback: number, min: number) => {
    const source = first(key);
    if (!source) return fallback;
    const raw = source.values[key]!;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min) return value;
    problems.push({
      property: source.label(key),
      reason: `must be an integer of at least ${min}, got "${raw}"`,
    });
    return fallback;
  };
  const timeoutMs = number("requestTimeoutMs", DEFAULT_TIMEOUT_MS, 1);
  const retry = {
    ...DEFAULT_RETRY_POLICY,
    maxAttempts: number("maxAttempts", DEFAULT_RETRY_POLICY.maxAttempts, 1),
    baseDelayMs: number("retryBaseDelayMs", DEFAULT_RETRY_POLICY.baseDelayMs, 0),
    budgetMs: number("retryBudgetMs", DEFAULT_RETRY_POLICY.budgetMs, 0),
  };

  if (problems.length > 0 || !keySource) return { ok: false, problems };
  return {
    ok: true,
    keyPair: {
      accessKeyId: keySource.label("accessKeyId"),
      accessKeySecret: keySource.label("accessKeySecret"),
    },
    settings: {
      host,
      accessKeyId: keySource.values.accessKeyId!,
      accessKeySecret: keySource.values.accessKeySecret!,
      userPoolId: first("userPoolId")?.values.userPoolId,
      timeoutMs,
      retry,
      tls: {
        ...(caSource ? { caCertificates: caSource.values.tlsCaCertificates! } : {}),
        insecureSkipVerify,
      },
      allowInsecureHttp,
    },
  };
}

/**
 * The warning a program prints for every run whose resource skips certificate verification, naming
 * the host; undefined when it does not (or the setting is unusable, which `check` reports). Read with
 * the provider's own rule: the first of these sources that sets `tlsInsecureSkipVerify`.
 */
export function insecureSkipVerifyWarning(sources: LabeledSource[]): string | undefined {
  const source = sources.find((s) => s.values.tlsInsecureSkipVerify !== undefined);
  if (!source || parseFlag(source.values.tlsInsecureSkipVerify!) !== true) return undefined;
  return (
    `${source.label("tlsInsecureSkipVerify")} is true: the certificate of ${hostOf(sources)} is not verified, ` +
    `so anyone on the network path can read and change what is sent to it, the key pair and the secrets ` +
    `included. Trust its CA with ${CONFIG_KEYS.tlsCaCertificates} (or NODE_EXTRA_CA_CERTS) instead`
  );
}

/** Reads a boolean setting: "true" or "false" (any case), or undefined for anything else. */
export function parseFlag(raw: string): boolean | undefined {
  const value = raw.toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
}

/** A PEM block of any private key: PKCS#8 (also encrypted), PKCS#1 RSA, SEC1 EC, DSA, OpenSSH. */
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * What is wrong with `tlsCaCertificates`, or undefined: it must be PEM text holding one or more
 * certificates that parse, and no private key. The value is not echoed (it is long, and may be
 * pasted in the wrong place). An empty value is refused rather than read as unset: it is what
 * `"$(cat missing.pem)"` sets, and a certificate error would then ask for the setting the user set.
 */
export function caCertificatesProblem(raw: string): string | undefined {
  if (raw.trim() === "") {
    return (
      "is set but empty (did the command that read the PEM file print nothing?); set it to the PEM text of " +
      'your CA certificates, e.g. pulumi config set genauth:tlsCaCertificates -- "$(cat ca.pem)", or remove ' +
      "the setting to trust Node's CAs only"
    );
  }
  if (PRIVATE_KEY_PEM.test(raw)) {
    return (
      "holds a PRIVATE KEY: this setting takes only the CA's certificates (-----BEGIN CERTIFICATE----- blocks), " +
      "never a key (the value is not shown); remove the key block and keep the certificates, and treat the key " +
      "as exposed wherever it was stored in plaintext"
    );
  }
  const blocks = pemCertificates(raw);
  if (blocks.length === 0) {
    return (
      "must be the PEM text of one or more CA certificates (-----BEGIN CERTIFICATE----- ... " +
      '-----END CERTIFICATE-----), not a file name; e.g. pulumi config set genauth:tlsCaCertificates -- "$(cat ca.pem)"'
    );
  }
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return `holds a certificate that does not parse (number ${index + 1} of ${blocks.length}); paste the CA's PEM text unchanged`;
    }
  }
  return undefined;
}

/**
 * The base URL the provider calls for these sources: the first host set, normalised by
 * {@link resolveHost}, else {@link DEFAULT_HOST}. The program-side duplicate guard uses it too, so
 * both sides mean one host by one spelling.
 */
export function hostOf(sources: LabeledSource[]): string {
  const source = sources.find((s) => s.values.host !== undefined);
  return source ? resolveHost(source.values.host!) : DEFAULT_HOST;
}

/**
 * The text of one setting. `tlsCaCertificates` keeps a set but blank value as "" so that
 * {@link caCertificatesProblem} refuses it; every other blank setting reads as unset.
 */
function setting(key: Key, value: unknown): string | undefined {
  if (key === "tlsCaCertificates" && typeof value === "string" && value.trim() === "") return "";
  return text(value);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}
