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

/** Settings ready for the client, or every problem found. */
export type ResolvedSettings =
  { ok: true; settings: ClientSettings } | { ok: false; problems: SettingsProblem[] };

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
  if (!keySource) {
    problems.push({
      property: "accessKeyId",
      reason:
        `no GenAuth credentials: set ${CONFIG_KEYS.accessKeyId} and ${CONFIG_KEYS.accessKeySecret} ` +
        `(pulumi config set ${CONFIG_KEYS.accessKeyId} <id>; pulumi config set --secret ${CONFIG_KEYS.accessKeySecret} <secret>), ` +
        `or the environment variables ${ENV_VARS.accessKeyId} and ${ENV_VARS.accessKeySecret}, or the resource's connection input`,
    });
  } else if (keySource.values.accessKeySecret === undefined) {
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

/** Validates a host URL and returns it without trailing slashes. */
function checkHost(raw: string, property: string, problems: SettingsProblem[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push({ property, reason: `"${raw}" is not a URL; use the base URL, e.g. ${DEFAULT_HOST}` });
    return raw;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push({ property, reason: `"${raw}" must be an http(s) URL, e.g. ${DEFAULT_HOST}` });
  } else if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    problems.push({
      property,
      reason: `"${raw}" uses plain http to a non-loopback host, which would send credentials unencrypted; use https://${url.host}${url.pathname === "/" ? "" : url.pathname}`,
    });
  } else if (url.search || url.hash || url.username) {
    problems.push({
      property,
      reason: `"${url.origin}${url.pathname}" must not carry a query, fragment or user info`,
    });
  }
  return raw.replace(/\/+$/, "");
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}
