/**
 * Where settings come from and how they resolve: a resource's `connection`, then the stack's
 * `genauth:*` config, then the `GENAUTH_*` environment; each setting from the first source that
 * sets it, the key pair whole from one source. What the settings are is {@link SETTINGS}.
 */
import type { ClientSettings } from "../client/client";
import { caCertificatesProblem } from "./caCertificates";
import { describe } from "./describe";
import { DEFAULT_HOST, hostProblem, resolveHost } from "./hostSetting";
import {
  CONFIG_KEYS,
  CONNECTION_SETTINGS,
  ENV_VARS,
  SETTING_NAMES,
  SettingName,
  settingRow,
  SETTINGS,
  SettingValues,
} from "./settings";
import { ConnectionInputs } from "./types";
import { userPoolIdProblem } from "./userPoolId";

/** Per-request timeout when none is configured. */
export const DEFAULT_TIMEOUT_MS = SETTINGS.requestTimeoutMs.default;

/** Every setting, as the raw text one source gives it. */
export type SettingsSource = { [K in SettingName]?: string };

/** A source of settings and how to name each of its fields in an error message. */
export interface LabeledSource {
  values: SettingsSource;
  label: (key: SettingName) => string;
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
 * GenAuth refuses can be reported by where it came from) and every value by setting name (what
 * tells two clients apart), or every problem found.
 */
export type ResolvedSettings =
  | { ok: true; settings: ClientSettings; keyPair: KeyPairLabels; values: SettingValues }
  | { ok: false; problems: SettingsProblem[] };

/** Reads Pulumi config through the dynamic provider's `config.get`. */
export function configSource(get: (key: string) => unknown): LabeledSource {
  return {
    values: readValues(SETTING_NAMES, (key) => get(CONFIG_KEYS[key])),
    label: (key) => CONFIG_KEYS[key],
  };
}

/** Reads the `GENAUTH_*` environment variables. */
export function envSource(env: NodeJS.ProcessEnv): LabeledSource {
  return { values: readValues(SETTING_NAMES, (key) => env[ENV_VARS[key]]), label: (key) => ENV_VARS[key] };
}

/**
 * The per-resource `connection` input: its fields only. Its two booleans may arrive as booleans or,
 * from other SDKs and config, as the text "true" or "false": both read alike.
 */
export function connectionSource(connection: ConnectionInputs | undefined): LabeledSource {
  const c: Partial<Record<SettingName, unknown>> = connection ?? {};
  return { values: readValues(CONNECTION_SETTINGS, (key) => c[key]), label: (key) => `connection.${key}` };
}

/**
 * Resolves settings from sources in priority order (connection, config, environment). The key pair
 * comes whole from the first source with an access key id, never mixed across sources; every other
 * setting from the first source that sets it. Problems are reported in a fixed order: the flags,
 * the CA certificates, the user pool id, the host, the key pair, the numbers.
 */
export function resolveSettings(sources: LabeledSource[]): ResolvedSettings {
  const problems: SettingsProblem[] = [];
  const allowInsecureHttp = readFlag(sources, "allowInsecureHttp", problems);
  const tlsInsecureSkipVerify = readFlag(sources, "tlsInsecureSkipVerify", problems);
  const tlsCaCertificates = readCaCertificates(sources, problems);
  problems.push(...userPoolIdProblems(sources));
  problems.push(...hostProblems(sources, allowInsecureHttp));
  const keySource = first(sources, "accessKeyId");
  problems.push(...keyPairProblems(sources, keySource));
  const numbers = {
    requestTimeoutMs: readInteger(sources, "requestTimeoutMs", problems),
    maxAttempts: readInteger(sources, "maxAttempts", problems),
    retryBaseDelayMs: readInteger(sources, "retryBaseDelayMs", problems),
    retryBudgetMs: readInteger(sources, "retryBudgetMs", problems),
    maxProcessingDelayMs: readInteger(sources, "maxProcessingDelayMs", problems),
  };
  if (problems.length > 0 || !keySource) return { ok: false, problems };
  const values: SettingValues = {
    host: hostOf(sources),
    accessKeyId: keySource.values.accessKeyId!,
    accessKeySecret: keySource.values.accessKeySecret!,
    userPoolId: first(sources, "userPoolId")?.values.userPoolId,
    ...numbers,
    tlsCaCertificates,
    tlsInsecureSkipVerify,
    allowInsecureHttp,
  };
  const keyPair = {
    accessKeyId: keySource.label("accessKeyId"),
    accessKeySecret: keySource.label("accessKeySecret"),
  };
  return { ok: true, keyPair, values, settings: clientSettings(values) };
}

/** The client's settings for resolved values: the same values, grouped as the client takes them. */
function clientSettings(v: SettingValues): ClientSettings {
  return {
    host: v.host,
    accessKeyId: v.accessKeyId,
    accessKeySecret: v.accessKeySecret,
    userPoolId: v.userPoolId,
    timeoutMs: v.requestTimeoutMs,
    retry: { maxAttempts: v.maxAttempts, baseDelayMs: v.retryBaseDelayMs, budgetMs: v.retryBudgetMs },
    maxProcessingDelayMs: v.maxProcessingDelayMs,
    tls: {
      ...(v.tlsCaCertificates !== undefined ? { caCertificates: v.tlsCaCertificates } : {}),
      insecureSkipVerify: v.tlsInsecureSkipVerify,
    },
    allowInsecureHttp: v.allowInsecureHttp,
  };
}

/** The first source that sets `key`: the one a setting is taken from. */
function first(sources: LabeledSource[], key: SettingName): LabeledSource | undefined {
  return sources.find((s) => s.values[key] !== undefined);
}

/** A boolean setting; a value that is not true or false is a problem, and reads as the default. */
function readFlag(
  sources: LabeledSource[],
  key: "tlsInsecureSkipVerify" | "allowInsecureHttp",
  problems: SettingsProblem[],
): boolean {
  const source = first(sources, key);
  if (!source) return SETTINGS[key].default;
  const value = parseFlag(source.values[key]!);
  if (value !== undefined) return value;
  problems.push({
    property: source.label(key),
    // Short values only: a long one may be something pasted in the wrong place, such as a secret.
    reason: `must be true or false, got ${describe(source.values[key]!, { maxLength: 8, noun: "value" })}`,
  });
  return SETTINGS[key].default;
}

/** An integer setting of at least its row's `min`; anything else is a problem, and reads as the default. */
function readInteger(
  sources: LabeledSource[],
  key: "requestTimeoutMs" | "maxAttempts" | "retryBaseDelayMs" | "retryBudgetMs" | "maxProcessingDelayMs",
  problems: SettingsProblem[],
): number {
  const { default: fallback, min } = SETTINGS[key];
  const source = first(sources, key);
  if (!source) return fallback;
  const raw = source.values[key]!;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min) return value;
  problems.push({
    property: source.label(key),
    reason: `must be an integer of at least ${min}, got "${raw}"`,
  });
  return fallback;
}

/** The CA certificates set first, if any; a value {@link caCertificatesProblem} refuses is a problem. */
function readCaCertificates(sources: LabeledSource[], problems: SettingsProblem[]): string | undefined {
  const source = first(sources, "tlsCaCertificates");
  if (!source) return undefined;
  const reason = caCertificatesProblem(source.values.tlsCaCertificates!);
  if (reason) problems.push({ property: source.label("tlsCaCertificates"), reason });
  return source.values.tlsCaCertificates;
}

/** The user pool id's problem, checked against the secret of the key pair it would be sent with. */
function userPoolIdProblems(sources: LabeledSource[]): SettingsProblem[] {
  const source = first(sources, "userPoolId");
  if (!source) return [];
  // The key pair's source is the first with an access key id (see keyPairProblems).
  const pairSecret = first(sources, "accessKeyId")?.values.accessKeySecret;
  const reason = userPoolIdProblem(source.values.userPoolId!, pairSecret);
  return reason ? [{ property: source.label("userPoolId"), reason }] : [];
}

/** The host's problem; plain `http://` beyond loopback needs `allowInsecureHttp`. */
function hostProblems(sources: LabeledSource[], allowInsecureHttp: boolean): SettingsProblem[] {
  const source = first(sources, "host");
  const reason = source && hostProblem(source.values.host!, allowInsecureHttp);
  return source && reason ? [{ property: source.label("host"), reason }] : [];
}

/** Why the key pair cannot be used: half of it set, or none of it anywhere. */
function keyPairProblems(sources: LabeledSource[], keySource: LabeledSource | undefined): SettingsProblem[] {
  // A secret set without its id where it outranks the key pair in use (or where no id is set at
  // all) would be silently ignored: the pair is never combined across sources, so say so.
  const keyRank = keySource ? sources.indexOf(keySource) : sources.length;
  const loneSecret = sources
    .slice(0, keyRank)
    .find((s) => s.values.accessKeySecret !== undefined && s.values.accessKeyId === undefined);
  const problems = loneSecret ? [halfPair(loneSecret, "accessKeyId", "accessKeySecret")] : [];
  if (!keySource && !loneSecret) problems.push({ property: "accessKeyId", reason: NO_CREDENTIALS });
  if (keySource && keySource.values.accessKeySecret === undefined) {
    problems.push(halfPair(keySource, "accessKeySecret", "accessKeyId"));
  }
  return problems;
}

/** One half of the key pair missing where the other is set. */
function halfPair(
  source: LabeledSource,
  missing: "accessKeyId" | "accessKeySecret",
  set: "accessKeyId" | "accessKeySecret",
): SettingsProblem {
  return {
    property: source.label(missing),
    reason: `is missing while ${source.label(set)} is set; set both in the same place (a key pair is never combined from two sources)`,
  };
}

/** No key pair in any source: every place one may be set. */
const NO_CREDENTIALS =
  `no GenAuth credentials: set ${CONFIG_KEYS.accessKeyId} and ${CONFIG_KEYS.accessKeySecret} ` +
  `(pulumi config set ${CONFIG_KEYS.accessKeyId} <id>; pulumi config set --secret ${CONFIG_KEYS.accessKeySecret} <secret>), ` +
  `or the environment variables ${ENV_VARS.accessKeyId} and ${ENV_VARS.accessKeySecret}, or the resource's connection input`;

/**
 * The warning a program prints for every run whose resource skips certificate verification, naming
 * the host; undefined when it does not (or the setting is unusable, which `check` reports). Read with
 * the provider's own rule: the first of these sources that sets `tlsInsecureSkipVerify`.
 */
export function insecureSkipVerifyWarning(sources: LabeledSource[]): string | undefined {
  const source = first(sources, "tlsInsecureSkipVerify");
  if (!source || parseFlag(source.values.tlsInsecureSkipVerify!) !== true) return undefined;
  return (
    `${source.label("tlsInsecureSkipVerify")} is true: the certificate of ${hostOf(sources)} is not verified, ` +
    `so anyone on the network path can read and change what is sent to it, the key pair and the secrets ` +
    `included. Trust its CA with ${CONFIG_KEYS.tlsCaCertificates} (or NODE_EXTRA_CA_CERTS) instead`
  );
}

/**
 * The warning for a key secret kept in plaintext in the stack's config (`pulumi config set
 * --plaintext`): the stack's config file holds it readable, and the dynamic resource's default
 * provider records it in state unencrypted. Undefined when it is a secret or not in the config.
 * The dynamic face's program prints it (the SDK tells it which config keys are secret). The native
 * plugin is never told (the engine sends it the config plain either way) and keeps the key
 * encrypted in state regardless.
 */
export function plaintextKeySecretWarning(inConfig: boolean, secret: boolean): string | undefined {
  if (!inConfig || secret) return undefined;
  const key = CONFIG_KEYS.accessKeySecret;
  return (
    `${key} is set in plaintext (pulumi config set --plaintext): the stack's config file holds it ` +
    `readable, and with the dynamic ApplicationSecret it is stored unencrypted in state. Set it as ` +
    `a secret: pulumi config set --secret ${key} <value>`
  );
}

/** Reads a boolean setting: "true" or "false" (any case), or undefined for anything else. */
export function parseFlag(raw: string): boolean | undefined {
  const value = raw.toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
}

/**
 * The base URL the provider calls for these sources: the first host set, normalised by
 * {@link resolveHost}, else {@link DEFAULT_HOST}. The program-side duplicate guard uses it too, so
 * both sides mean one host by one spelling.
 */
export function hostOf(sources: LabeledSource[]): string {
  const source = first(sources, "host");
  return source ? resolveHost(source.values.host!) : DEFAULT_HOST;
}

/** The text of each of `keys` that `get` gives, by {@link setting}. */
function readValues(keys: readonly SettingName[], get: (key: SettingName) => unknown): SettingsSource {
  const values: SettingsSource = {};
  for (const key of keys) values[key] = setting(key, get(key));
  return values;
}

/**
 * The text of one setting. A `pem` setting keeps a set but blank value as "" so that
 * {@link caCertificatesProblem} refuses it; every other blank setting reads as unset.
 */
function setting(key: SettingName, value: unknown): string | undefined {
  if (settingRow(key).kind === "pem" && typeof value === "string" && value.trim() === "") return "";
  return text(value);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}
