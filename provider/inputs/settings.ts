/**
 * The provider's settings, one row each: everything else that lists them derives from this table
 * (the config keys and environment variables read, the `connection` input's fields and their
 * check, the client cache key, the native schema's configuration, `ConnectionInputs` and
 * `ProviderConfig`). A row's doc comment is the setting's description: IDEs show it on
 * `ConnectionInputs`, and `scripts/native-schema.ts` writes it into the schema and the SDKs. The
 * table of `docs/installation-configuration.md` stays hand-written (its prose says more than a
 * row); `test/provider/inputs/settings.test.ts` keeps its keys, variables and defaults those of
 * this table. Adding a setting means adding a row here, then reading it where it is used
 * (`resolveSettings`), then `npm run schema` and `npm run sdk`.
 */
import { DEFAULT_HOST } from "./hostSetting";

/**
 * How a setting's text is read. `text` as is; `pem` as PEM text, a set but blank value kept (so it
 * can be refused rather than read as unset); `integer` as a whole number of at least `min`;
 * `boolean` as "true" or "false", any case (a `connection` field may also be a boolean).
 */
export type SettingKind = "text" | "pem" | "integer" | "boolean";

/** One row of {@link SETTINGS}. */
export interface SettingRow {
  kind: SettingKind;
  /** The environment variable read when neither the connection nor the config sets it. */
  env: string;
  /** Whether the per-resource `connection` input has a field of this name. */
  connection: boolean;
  /** Whether the value is a secret: the schema marks it so, and it is never shown. */
  secret?: boolean;
  /** The value when no source sets it; absent when unset means "none" (or, if required, a problem). */
  default?: string | number | boolean;
  /** Whether resolution fails when no source sets it. */
  required?: boolean;
  /** The smallest value accepted, for an `integer`. */
  min?: number;
}

/** Every setting, in the order the documentation and the schema list them. */
export const SETTINGS = {
  /** GenAuth base URL, e.g. `https://api.genauth.ai`. */
  host: { kind: "text", env: "GENAUTH_HOST", connection: true, default: DEFAULT_HOST },
  /** User pool id or collaborator key id. Taken together with `accessKeySecret`. */
  accessKeyId: { kind: "text", env: "GENAUTH_ACCESS_KEY_ID", connection: true, required: true },
  /** The secret of `accessKeyId`. */
  accessKeySecret: {
    kind: "text",
    env: "GENAUTH_ACCESS_KEY_SECRET",
    connection: true,
    secret: true,
    required: true,
  },
  /** User pool to address (else the token's user pool). */
  userPoolId: { kind: "text", env: "GENAUTH_USER_POOL_ID", connection: true },
  /** Per-request timeout, in milliseconds. */
  requestTimeoutMs: {
    kind: "integer",
    env: "GENAUTH_REQUEST_TIMEOUT_MS",
    connection: false,
    default: 10_000,
    min: 1,
  },
  /** Attempts per GenAuth call, the first included; throttled (429) attempts are not counted. */
  maxAttempts: { kind: "integer", env: "GENAUTH_MAX_ATTEMPTS", connection: false, default: 5, min: 1 },
  /** First backoff delay between attempts, in milliseconds (doubles each time, full jitter). */
  retryBaseDelayMs: {
    kind: "integer",
    env: "GENAUTH_RETRY_BASE_DELAY_MS",
    connection: false,
    default: 500,
    min: 0,
  },
  /** No retry starts after this many milliseconds. */
  retryBudgetMs: {
    kind: "integer",
    env: "GENAUTH_RETRY_BUDGET_MS",
    connection: false,
    default: 60_000,
    min: 0,
  },
  /**
   * The longest GenAuth takes to process a request after it was sent, in milliseconds (a gateway
   * may hold one and forward it after the client gave up). A rotation whose answer was lost is
   * sent again, or reported as not made, only once the secret reads back unchanged this long after
   * the attempt failed.
   */
  maxProcessingDelayMs: {
    kind: "integer",
    env: "GENAUTH_MAX_PROCESSING_DELAY_MS",
    connection: false,
    default: 30_000,
    min: 0,
  },
  /** PEM text of CA certificates trusted besides Node's, for a private deployment's internal CA. */
  tlsCaCertificates: { kind: "pem", env: "GENAUTH_TLS_CA_CERTIFICATES", connection: true },
  /**
   * Accept any certificate of the host (self-signed, unknown CA, wrong name); every run warns.
   * Programs in other languages may send the text "true" or "false"; it reads the same.
   */
  tlsInsecureSkipVerify: {
    kind: "boolean",
    env: "GENAUTH_TLS_INSECURE_SKIP_VERIFY",
    connection: true,
    default: false,
  },
  /**
   * Allow `http://` to a host other than loopback (no TLS: a network you trust only). The text
   * "true" or "false" reads the same.
   */
  allowInsecureHttp: {
    kind: "boolean",
    env: "GENAUTH_ALLOW_INSECURE_HTTP",
    connection: true,
    default: false,
  },
} as const satisfies Record<string, SettingRow>;

type Table = typeof SETTINGS;

/** The name of a setting: its `connection` field and the part of its config key after `genauth:`. */
export type SettingName = keyof Table;

/** The settings the `connection` input has a field for. */
export type ConnectionField = {
  [K in SettingName]: Table[K]["connection"] extends true ? K : never;
}[SettingName];

/** The value a setting of this kind holds once read. */
export type KindValue<K extends SettingKind> = K extends "integer"
  ? number
  : K extends "boolean"
    ? boolean
    : string;

/** A setting's value as a `connection` field or an explicit provider's input (each doc comment kept). */
export type SettingInputs<Names extends SettingName> = {
  [K in keyof Table as K extends Names ? K : never]?: KindValue<Table[K]["kind"]>;
};

/**
 * Every setting's value once resolved, by name: undefined only for a setting that is neither
 * required nor defaulted and that no source sets.
 */
export type SettingValues = {
  [K in SettingName]:
    | KindValue<Table[K]["kind"]>
    | (Table[K] extends { default: unknown } | { required: true } ? never : undefined);
};

/** The names of every setting, in table order. */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** The fields `connection` may have, in table order. */
export const CONNECTION_SETTINGS = SETTING_NAMES.filter(
  (name): name is ConnectionField => SETTINGS[name].connection,
);

/** The Pulumi config key of a setting (`pulumi config set genauth:...`). */
export function configKey<K extends SettingName>(name: K): `genauth:${K}` {
  return `genauth:${name}`;
}

/** The row of a setting, widened for code that reads any row. */
export function settingRow(name: SettingName): SettingRow {
  return SETTINGS[name];
}

/** Pulumi config keys (`pulumi config set genauth:...`), by setting. */
export const CONFIG_KEYS = byName((name) => configKey(name));

/** Environment variables, the last source, by setting. */
export const ENV_VARS = byName((name) => SETTINGS[name].env);

function byName(value: (name: SettingName) => string): Record<SettingName, string> {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, value(name)])) as Record<SettingName, string>;
}

/**
 * One text per distinct set of resolved values (every setting, in table order): resources whose
 * settings give the same text can share a client, its management token and its pace.
 */
export function settingsKey(values: SettingValues): string {
  return JSON.stringify(SETTING_NAMES.map((name) => values[name] ?? null));
}
