import { ClientSettings } from "./client/client";
import { DEFAULT_RETRY_POLICY } from "./client/retry";
import { ConnectionInputs } from "./types";

/** The GenAuth public cloud: the host when nothing else sets one. */
export const DEFAULT_HOST = "https://api.genauth.ai";
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
  for (const key of Object.keys(CONFIG_KEYS) as Key[]) values[key] = text(get(CONFIG_KEYS[key]));
  return { values, label: (key) => CONFIG_KEYS[key] };
}

/** Reads the `GENAUTH_*` environment variables. */
export function envSource(env: NodeJS.ProcessEnv): LabeledSource {
  const values: SettingsSource = {};
  for (const key of Object.keys(ENV_VARS) as Key[]) values[key] = text(env[ENV_VARS[key]]);
  return { values, label: (key) => ENV_VARS[key] };
}

/** The per-resource `connection` input. */
export function connectionSource(connection: ConnectionInputs | undefined): LabeledSource {
  const c = connection ?? {};
  return {
    values: {
      host: text(c.host),
      accessKeyId: text(c.accessKeyId),
      accessKeySecret: text(c.accessKeySecret),
      userPoolId: text(c.userPoolId),
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

  const hostSource = first("host");
  const host = hostSource
    ? checkHost(hostSource.values.host!, hostSource.label("host"), problems)
    : DEFAULT_HOST;

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
    },
  };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:\/\//i;

/** Validates a host URL and returns it without trailing slashes. */
function checkHost(raw: string, property: string, problems: SettingsProblem[]): string {
  const reason = hostProblem(raw);
  if (reason) problems.push({ property, reason });
  return raw.replace(/\/+$/, "");
}

/**
 * What is wrong with a host value, or undefined. Each reason ends with the base URL to use instead,
 * built from the value itself, so a private deployment is not told to use the public cloud. A value
 * with user info, a query or a fragment is not echoed: those parts may hold a password or token.
 */
function hostProblem(raw: string): string | undefined {
  const hasScheme = HAS_SCHEME.test(raw);
  let url: URL;
  try {
    // Without "//", URL would read "localhost:8787" as scheme "localhost:"; parse it as a host.
    url = new URL(hasScheme ? raw : `https://${raw}`);
  } catch {
    return `${JSON.stringify(raw)} is not a URL; use GenAuth's base URL, e.g. ${DEFAULT_HOST}`;
  }
  const loopback = LOOPBACK.test(url.hostname);
  const scheme = loopback && (url.protocol === "http:" || !hasScheme) ? "http" : "https";
  const path = url.pathname.replace(/\/+$/, "");
  const fix = `${scheme}://${url.host}${path}`;
  if (url.username || url.password) {
    return `carries a user name or password; GenAuth takes credentials only as an access key pair, never in the URL: use ${fix}`;
  }
  const extras = [url.search && "a query string", url.hash && "a fragment"].filter(Boolean);
  if (extras.length > 0) return `has ${extras.join(" and ")}; use the base URL alone: ${fix}`;
  const shown = JSON.stringify(raw);
  if (!hasScheme) return `${shown} has no scheme; use ${fix}`;
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return `${shown} must be an http(s) URL; use ${fix}`;
  if (url.protocol === "http:" && !loopback) {
    return `${shown} uses plain http to a non-loopback host, which would send credentials unencrypted; use ${fix}`;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}
