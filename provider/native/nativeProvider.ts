/**
 * The native face of `genauth:index:ApplicationSecret`: the {@link ApplicationSecretProvider} that the
 * dynamic face runs, adapted to a resource provider plugin. The lifecycle is not repeated here:
 * this class only translates the wire (secrets arrive and leave wrapped; ids and URNs are extra
 * arguments; the shared methods decode the records, and the methods here that decide alone decode
 * them with the same state model, `core/state.ts`), drops the computed inputs the dynamic face
 * needs and this one does not, and adds a detailed diff.
 */
import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import type * as provider from "@pulumi/pulumi/provider";
import { isUnknown } from "../core/lifecycle/check";
import { decideDiff } from "../core/lifecycle/diff";
import { plain } from "../core/plainErrors";
import { ApplicationSecretProvider, ProviderEnvironment } from "../core/provider";
import { ApplicationClaims } from "../inputs/applicationClaims";
import { decodeInputs, decodeState, encodeState } from "../core/state";
import { PlannedInputs } from "../inputs/types";
import { DetailedDiff, detailedDiff } from "./detailedDiff";
import { EngineWarn, engineWarn } from "./engineLog";
import { unwrapProperties, wrapProperties } from "./secrets";

/** The token of the one resource this provider serves. */
export const APPLICATION_SECRET_TOKEN = "genauth:index:ApplicationSecret";

/**
 * The computed inputs `check` plans for the dynamic face ({@link PlannedInputs}). The native face
 * drops them: its detailed diff says why a step rotates, `rotationReason` then counts a schedule
 * from the outputs (`scheduledFrom`, else `rotatedAt`), and `pulumi import` prints only inputs a
 * user sets.
 */
export const PLANNED_INPUT_KEYS: readonly (keyof PlannedInputs)[] = ["scheduledFrom", "scheduledRotation"];

/** The diff the plugin's server sends: the engine's fields plus the detailed diff. */
export interface NativeDiffResult extends provider.DiffResult {
  changes: boolean;
  replaces: string[];
  detailedDiff: DetailedDiff;
}

/** What `read` returns: no id when the application is gone. */
export interface NativeReadResult {
  id: string;
  props: Record<string, unknown>;
  inputs?: Record<string, unknown>;
}

/** Which properties the schema marks secret: they always leave the provider wrapped as secrets. */
export interface SecretProperties {
  inputs: readonly string[];
  outputs: readonly string[];
  /** The provider's own configuration keys (`accessKeySecret`). */
  config: readonly string[];
}

/** What the plugin is made of: its version, the schema it serves, where it gets time and env, where it warns. */
export interface NativeProviderOptions {
  version: string;
  schema: string;
  environment?: ProviderEnvironment;
  /** Where a resource's warnings go. @default stderr */
  warn?: EngineWarn;
}

/** Implements the `@pulumi/pulumi/provider` contract over the shared lifecycle. One per process. */
export class NativeProvider implements provider.Provider {
  readonly version: string;
  readonly schema: string;
  private readonly core: ApplicationSecretProvider;
  private readonly now: () => Date;
  private readonly secrets: SecretProperties;
  private readonly warn: EngineWarn;
  /** The duplicate guard's claims: one set per provider instance (a plugin process serves one). */
  private readonly claims = new ApplicationClaims();
  /** Warnings already printed, once per configuration, as the program prints them once per run. */
  private readonly warned = new Set<string>();
  /** The warning that the engine asked for another plugin version (see {@link configure}). */
  private versionWarning: string | undefined;

  constructor(options: NativeProviderOptions) {
    const environment = options.environment ?? { env: process.env, now: () => new Date() };
    this.version = options.version;
    this.schema = options.schema;
    this.core = new ApplicationSecretProvider(environment);
    this.now = environment.now;
    this.secrets = secretProperties(options.schema);
    this.warn = options.warn ?? engineWarn(undefined);
  }

  /**
   * The provider's configuration as state keeps it (the default provider's from `genauth:*`
   * config, an explicit provider's inputs): the keys the schema marks secret wrapped, so a key
   * secret set with `pulumi config set --plaintext` is encrypted in state all the same.
   */
  checkConfig(news: Record<string, unknown>): Record<string, unknown> {
    const given = unwrapProperties(news);
    return wrapProperties(given.values, [...this.secrets.config, ...given.secretKeys]);
  }

  /**
   * Keeps the provider's own configuration (stack config `genauth:*`, or an explicit provider
   * resource's inputs): `values` maps each key that is set (`host`, `accessKeyId`, ...) to its text.
   */
  async configure(values: Readonly<Record<string, string>>, requestedVersion?: string): Promise<void> {
    const get = (key: string) => values[key.replace(/^genauth:/, "")];
    this.warned.clear();
    this.versionWarning = versionMismatchWarning(this.version, requestedVersion);
    await this.core.configure({ config: { get } as ConfigureRequest["config"] });
  }

  /**
   * The shared `check`, without the planned inputs; secret inputs stay secret. Then what the
   * dynamic face's program does for it: the duplicate guard (resource names are in the URN) and
   * the warning for skipped certificate verification, sent to the engine's log.
   */
  async check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const next = unwrapProperties(news);
    return this.guard(urn, async () => {
      const result = await this.core.check(unwrapProperties(olds).values, next.values);
      if (result.failures && result.failures.length > 0) return result;
      const checked = decodeInputs(result.inputs);
      if (
        typeof checked.appId === "string" &&
        !isUnknown(checked.appId) &&
        !holdsUnknown(checked.connection)
      ) {
        const host = this.core.hostFor(checked.connection);
        const refusal = this.claims.claim(resourceName(urn), checked.appId, host, urn);
        if (refusal !== undefined)
          return { inputs: news, failures: [{ property: "appId", reason: refusal }] };
        await this.warnOnce(urn, this.core.connectionWarning(checked.connection));
        await this.warnOnce(urn, this.versionWarning);
      }
      const inputs = withoutPlanned(result.inputs);
      return { inputs: wrapProperties(inputs, [...this.secrets.inputs, ...next.secretKeys]), failures: [] };
    });
  }

  /** The shared diff decision, with the detailed diff `preview --diff` shows. */
  async diff(
    _id: string,
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<NativeDiffResult> {
    const state = decodeState(unwrapProperties(olds).values);
    const inputs = decodeInputs(unwrapProperties(news).values);
    return this.guard(urn, async () => {
      const decision = decideDiff(state, inputs, this.now());
      return {
        changes: decision.changes,
        replaces: decision.replaces,
        deleteBeforeReplace: false,
        detailedDiff: detailedDiff(decision, state, inputs),
      };
    });
  }

  /** The shared create; its outputs carry the secret (and `connection`) as secrets. */
  async create(urn: string, inputs: Record<string, unknown>) {
    const given = unwrapProperties(inputs);
    return this.guard(
      urn,
      async () => {
        const { id, outs } = await this.core.create(given.values);
        return { id, outs: this.outputs(encodeState(outs), given.secretKeys) };
      },
      given.secretKeys,
    );
  }

  /** The shared read (refresh and `pulumi import`); the inputs it returns are those a user sets. */
  async read(id: string, urn: string, props: Record<string, unknown> | undefined): Promise<NativeReadResult> {
    const state = unwrapProperties(props);
    return this.guard(urn, async () => {
      const result = await this.core.read(id, state.values);
      if (!result.id) return { id: "", props: {} };
      const inputs = withoutPlanned((result.inputs ?? {}) as Record<string, unknown>);
      return {
        id: result.id,
        props: this.outputs(result.props as Record<string, unknown>, state.secretKeys),
        inputs: wrapProperties(inputs, [...this.secrets.inputs, ...state.secretKeys]),
      };
    });
  }

  /** The shared update. */
  async update(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const state = unwrapProperties(olds).values;
    const given = unwrapProperties(news);
    return this.guard(
      urn,
      async () => {
        const { outs } = await this.core.update(id, state, given.values);
        return { outs: this.outputs(encodeState(outs), given.secretKeys) };
      },
      given.secretKeys,
    );
  }

  /** The shared delete. */
  async delete(id: string, urn: string, props: Record<string, unknown>): Promise<void> {
    const state = unwrapProperties(props).values;
    await this.guard(urn, () => this.core.delete(id, state));
  }

  private async warnOnce(urn: string, message: string | undefined): Promise<void> {
    if (message === undefined || this.warned.has(message)) return;
    this.warned.add(message);
    await this.warn(message, urn);
  }

  /** Outputs as they leave: the schema's secret outputs, and every input given as a secret, wrapped. */
  private outputs(outs: Record<string, unknown>, secretInputs: readonly string[]): Record<string, unknown> {
    return wrapProperties(outs, [...this.secrets.outputs, ...secretInputs]);
  }

  /** Runs `step`, turning its failure into what the plugin's server sends (see {@link nativeError}). */
  private async guard<T>(
    urn: string,
    step: () => Promise<T>,
    secretInputs: readonly string[] = [],
  ): Promise<T> {
    try {
      assertToken(urn);
      return await step();
    } catch (error) {
      throw nativeError(error, (properties) => this.outputs(properties, secretInputs));
    }
  }
}

/**
 * A failure as the plugin sends it: without this package's stack trace (the server prints
 * `${error}: ${error.stack}` for some methods, and the CLI shows the plugin's stderr), and, for a
 * partial-state failure (`id`, `properties`, `reasons`: an {@link UnconfirmedRotationError}), with
 * its properties wrapped for the wire. The server turns such an error into an initialization
 * failure, so the engine records the resource with those properties.
 */
export function nativeError(
  error: unknown,
  wrap: (properties: Record<string, unknown>) => Record<string, unknown>,
): unknown {
  const cut = plain(error);
  if (!isPartialState(cut)) return cut;
  return Object.assign(cut, { properties: wrap(cut.properties) });
}

/** An error that carries the state of a resource GenAuth changed although the step failed. */
interface PartialStateError extends Error {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

function isPartialState(error: unknown): error is PartialStateError {
  const e = error as Partial<PartialStateError> | undefined;
  return (
    error instanceof Error &&
    typeof e?.id === "string" &&
    e.id !== "" &&
    e.properties !== null &&
    typeof e.properties === "object"
  );
}

/** The inputs without {@link PLANNED_INPUT_KEYS}. */
function withoutPlanned(inputs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...inputs };
  for (const key of PLANNED_INPUT_KEYS) delete out[key];
  return out;
}

/** The properties of the ApplicationSecret resource, and the configuration keys, the schema marks secret. */
export function secretProperties(schema: string): SecretProperties {
  const parsed = JSON.parse(schema) as {
    resources?: Record<string, { properties?: Props; inputProperties?: Props }>;
    config?: { variables?: Props };
  };
  const resource = parsed.resources?.[APPLICATION_SECRET_TOKEN] ?? {};
  const secretKeys = (props: Props | undefined) =>
    Object.entries(props ?? {})
      .filter(([, p]) => p.secret === true)
      .map(([k]) => k);
  return {
    inputs: secretKeys(resource.inputProperties),
    outputs: secretKeys(resource.properties),
    config: secretKeys(parsed.config?.variables),
  };
}

/** A resource's name: the last `::` part of its URN. */
function resourceName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** True when the engine does not know `value`, or a field of it, yet (a preview). */
function holdsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  return value !== null && typeof value === "object" && Object.values(value).some(isUnknown);
}

type Props = Record<string, { secret?: boolean }>;

/** Refuses a resource type this provider does not serve (a URN's type is its third `::` part). */
function assertToken(urn: string): void {
  const type = urn.split("::")[2]?.split("$").pop();
  if (type !== undefined && type !== APPLICATION_SECRET_TOKEN) {
    throw new Error(`unknown resource type ${type}: this provider serves only ${APPLICATION_SECRET_TOKEN}`);
  }
}

/**
 * The warning for a plugin that runs under another version's name (an archive of one version
 * installed as another): the engine asked for `requested`, and this executable is `own`. Undefined
 * when they agree or the engine did not say.
 */
export function versionMismatchWarning(own: string, requested: string | undefined): string | undefined {
  if (requested === undefined || requested.replace(/^v/, "") === own) return undefined;
  return (
    `pulumi-resource-genauth ${own} is running where version ${requested} was asked for: the plugin ` +
    `installed as ${requested} is another version's executable. Install the right one: ` +
    `pulumi plugin rm resource genauth ${requested} --yes, then pulumi plugin install resource genauth ` +
    `${requested} --server github://api.github.com/pulumi-genauth`
  );
}
