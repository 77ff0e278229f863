/**
 * The ApplicationSecret resource provider: what the dynamic-provider host runs. Each method maps to
 * GenAuth calls as follows (no other calls are made):
 *
 * | method    | GenAuth calls                                                                     |
 * |-----------|-----------------------------------------------------------------------------------|
 * | configure | none (reads `genauth:*` config into memory)                                       |
 * | check     | none (validates inputs and credentials; plans a due schedule)                     |
 * | diff      | none (inputs, state and the clock decide)                                         |
 * | create    | get-application-secret, then refresh-application-secret (only the get with adopt) |
 * | update    | refresh-application-secret when it rotates; none otherwise; an unconfirmed        |
 * |           | rotation in state is confirmed first with get-application-secret                  |
 * | read      | get-application-secret (none for an unusable id)                                  |
 * | delete    | none; with `onDelete: "rotate"`: get-application-secret + refresh                 |
 *
 * The methods only orchestrate: every decision is a pure function of `lifecycle/` (whether a step
 * rotates: `decideRotation`; whether a rotation happened: `rotationHappened`). Every rotation
 * follows one order: plan (resolve settings, read what is needed, compute the outputs but the
 * secret), call (each attempt only while the engine that started this process is alive), record.
 * Nothing that can fail runs between GenAuth's answer and the returned outputs. When GenAuth may
 * have rotated and the provider cannot confirm it, the step fails with an
 * {@link UnconfirmedRotationError}, which the host turns into partial state that the next `up`
 * settles (`settlePending`).
 *
 * Credentials live only in memory. This module is loaded by package path from the installed
 * package (see `shim.ts`), so it is never copied into state.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { GenAuthClient } from "../client/client";
import { GenAuthError, isAppNotFound, isKeyPairRefused } from "../client/errors";
import { mayHaveRotated } from "../client/retry";
import { rotationHappened } from "../client/rotationEvidence";
import { appIdProblem } from "../inputs/appId";
import {
  configSource,
  envSource,
  hostOf,
  insecureSkipVerifyWarning,
  KeyPairLabels,
  LabeledSource,
} from "../inputs/config";
import { settingsKey } from "../inputs/settings";
import { ConnectionInputs, SecretInputs } from "../inputs/types";
import { AppNotFoundError } from "./appNotFoundError";
import { ConnectionSettings } from "./connectionSettings";
import { EngineLiveness, engineAddress, engineLiveness } from "./engineLiveness";
import { EngineWatchdog, processWatchdog } from "./engineWatchdog";
import { checkInputs } from "./lifecycle/check";
import { decideDiff } from "./lifecycle/diff";
import { observedOutputs } from "./lifecycle/observed";
import { carryOver, pickInputs, planRecord, recordSecret } from "./lifecycle/outputs";
import { isPending, settlePending, unconfirmedOutputs } from "./lifecycle/pending";
import { withRotationPlan } from "./lifecycle/plan";
import { decideRotation, StepRotationReason } from "./lifecycle/rotation";
import {
  decodeInputs,
  decodePartialInputs,
  decodePartialState,
  decodeState,
  EngineRecord,
  SecretOutputs,
  StoredOutputs,
  UnconfirmedOutputs,
} from "./state";
import { UnconfirmedRotationError } from "./unconfirmedRotationError";
import { WrongPoolError } from "./wrongPoolError";

type Dynamic = pulumi.dynamic.ResourceProvider;

/** Where the provider gets what is not an input: environment variables, the clock, the engine. */
export interface ProviderEnvironment {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Whether the engine that started this process is still there. @default probe of the host's engine address */
  engineAlive?: EngineLiveness;
  /**
   * Ends the process once its engine is gone. create, update, read and delete (the methods that
   * call GenAuth) run as calls it waits for; the first method called starts it.
   * @default none (see {@link processEnvironment})
   */
  watchdog?: EngineWatchdog;
}

/**
 * The environment of a provider process the engine started (the dynamic-provider host running
 * `provider-runtime`, the native plugin): this process's variables and clock, the probe of the
 * engine address among its arguments, and a watchdog on that same probe, so that an orphan left
 * by a killed `pulumi` neither rotates nor lives on. Outside the engine (no address) there is no
 * watchdog and the probe counts the engine as alive.
 */
export function processEnvironment(args: readonly string[] = process.argv.slice(2)): ProviderEnvironment {
  const engineAlive = engineLiveness(engineAddress(args));
  return {
    env: process.env,
    now: () => new Date(),
    engineAlive,
    watchdog: processWatchdog(args, engineAlive),
  };
}

/** A client with the settings it was made from. */
interface Session {
  client: GenAuthClient;
  host: string;
  keyPair: KeyPairLabels;
}

/** Implements the dynamic-provider contract for `ApplicationSecret`. One instance per process. */
export class ApplicationSecretProvider implements Dynamic {
  private config: LabeledSource = { values: {}, label: (key) => `genauth:${key}` };
  /** Config then environment, built once per `configure`, with each resolution it has made. */
  private settings?: ConnectionSettings;
  private readonly clients = new Map<string, GenAuthClient>();
  private readonly environment: Required<Omit<ProviderEnvironment, "watchdog">>;
  private readonly watchdog?: EngineWatchdog;

  constructor(environment: ProviderEnvironment = { env: process.env, now: () => new Date() }) {
    const { watchdog, ...rest } = environment;
    this.environment = { engineAlive: engineLiveness(), ...rest };
    this.watchdog = watchdog;
  }

  /** Keeps the stack's `genauth:*` config (synchronously: the host may call methods before this returns). */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    // The dynamic face has no start-up hook of its own: its first call starts the watchdog.
    this.watchdog?.start();
    this.config = configSource((key) => req.config.get(key));
    this.settings = undefined;
  }

  /** Refuses bad inputs and missing credentials before any API call, and plans a due schedule. */
  async check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.CheckResult> {
    this.watchdog?.start();
    const result = checkInputs(news, this.connectionSettings());
    if (result.failures.length > 0) return result;
    const planned = withRotationPlan(
      decodePartialInputs(olds),
      decodeInputs(result.inputs),
      this.environment.now(),
    );
    return { inputs: planned, failures: [] };
  }

  /** `appId` replaces; trigger, due schedule and an unconfirmed rotation update; the rest updates in place. */
  async diff(_id: string, olds: EngineRecord, news: EngineRecord): Promise<pulumi.dynamic.DiffResult> {
    const decision = decideDiff(decodeState(olds), decodeInputs(news), this.environment.now());
    return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: false };
  }

  /**
   * Reads the current secret, then rotates once (with `adopt: true`, only reads it). The read
   * first lets a lost answer be confirmed instead of repeated, and proves the app and key pair.
   */
  async create(news: EngineRecord): Promise<{ id: string; outs: SecretOutputs }> {
    const inputs = decodeInputs(news);
    return this.inFlight(() => this.createNow(inputs));
  }

  private async createNow(inputs: SecretInputs): Promise<{ id: string; outs: SecretOutputs }> {
    const session = this.session(inputs.connection);
    const at = this.environment.now();
    const before = await this.call(session, (c) => c.getApplicationSecret(inputs.appId));
    const userPoolId = await this.call(session, (c) => c.userPoolId(inputs.appId));
    const decision = decideRotation(undefined, inputs, at);
    if (!decision.rotate) {
      return {
        id: inputs.appId,
        outs: recordSecret(undefined, inputs, { ...before, reason: "adopted", at, userPoolId }),
      };
    }
    const rotation = { reason: decision.reason, at, userPoolId, before: before.secret };
    return { id: inputs.appId, outs: await this.rotate(session, undefined, inputs, rotation) };
  }

  /**
   * Confirms an unconfirmed rotation in state first; then rotates when the trigger changed or the
   * schedule is due (at most once per step); otherwise only refreshes state.
   */
  async update(_id: string, olds: EngineRecord, news: EngineRecord): Promise<{ outs: SecretOutputs }> {
    const state = decodeState(olds);
    const inputs = decodeInputs(news);
    return this.inFlight(() => this.updateNow(state, inputs));
  }

  private async updateNow(olds: StoredOutputs, news: SecretInputs): Promise<{ outs: SecretOutputs }> {
    const now = this.environment.now();
    if (isPending(olds)) return { outs: await this.confirm(olds, news, now) };
    const decision = decideRotation(olds, news, now);
    if (!decision.rotate) return { outs: carryOver(olds, news) };
    const session = this.session(news.connection);
    const userPoolId = await this.call(session, (c) => c.userPoolId(news.appId));
    const rotation = { reason: decision.reason, at: now, userPoolId, before: olds.secret };
    return { outs: await this.rotate(session, olds, news, rotation) };
  }

  /**
   * Reads GenAuth's current secret, and records it with the user pool the credentials address. A
   * different secret is recorded as drift (or, with an unconfirmed rotation in state, as that
   * rotation). An unusable id (`pulumi import`, `ApplicationSecret.get`) fails before any call.
   * "Application does not exist" (apiCode 2011) reports the resource gone only when the credentials
   * address the user pool state recorded; with no state yet (an import) it fails naming the app and
   * the pool; any other failure fails and leaves state alone.
   */
  async read(id: string, props: EngineRecord): Promise<pulumi.dynamic.ReadResult> {
    const state = decodePartialState(props);
    return this.inFlight(() => this.readNow(id, state));
  }

  private async readNow(id: string, props: Partial<StoredOutputs>): Promise<pulumi.dynamic.ReadResult> {
    const appId = props.appId ?? id;
    const problem = appIdProblem(appId);
    if (problem) throw new Error(`appId (the resource id): ${problem}`);
    const session = this.session(props.connection);
    let current;
    try {
      current = await this.call(session, (c) => c.getApplicationSecret(appId));
    } catch (error) {
      if (isAppNotFound(error)) return this.appNotFound(session, appId, props, error);
      throw error;
    }
    const userPoolId = await this.call(session, (c) => c.userPoolId(appId));
    const inputs = pickInputs({ ...props, appId });
    const outs = observedOutputs(props, inputs, { ...current, userPoolId }, this.environment.now());
    return { id: appId, props: outs, inputs: pickInputs(outs) };
  }

  /**
   * By default does nothing: the application and its secret stay. With `onDelete: "rotate"`, rotates
   * once and discards the result, unless GenAuth no longer holds the secret in state (a replacement
   * already rotated it) or the application is gone.
   */
  async delete(id: string, props: EngineRecord): Promise<void> {
    const state = decodeState(props);
    return this.inFlight(() => this.deleteNow(id, state));
  }

  private async deleteNow(id: string, props: StoredOutputs): Promise<void> {
    if (props.onDelete !== "rotate") return;
    const appId = props.appId ?? id;
    const session = this.session(props.connection);
    try {
      const current = await this.call(session, (c) => c.getApplicationSecret(appId));
      // Rotating again would serve no one when state holds no secret or GenAuth already replaced it.
      const known = isPending(props) ? undefined : props.secret;
      if (known === undefined || rotationHappened({ secret: known }, current.secret)) return;
      const beforeAttempt = () => this.ensureEngine(appId);
      await this.call(session, (c) =>
        c.refreshApplicationSecret(appId, { knownSecret: known, beforeAttempt }),
      );
    } catch (error) {
      if (!isAppNotFound(error)) throw error;
    }
  }

  /**
   * The one rotation path: outputs planned, engine checked, then the call; an answer that may
   * have rotated without confirmation becomes an {@link UnconfirmedRotationError}.
   */
  private async rotate(
    session: Session,
    prev: SecretOutputs | undefined,
    inputs: SecretInputs,
    rotation: { reason: StepRotationReason; at: Date; userPoolId: string; before: string },
  ): Promise<SecretOutputs> {
    const record = planRecord(prev, inputs, rotation);
    const beforeAttempt = () => this.ensureEngine(inputs.appId);
    let result;
    try {
      result = await this.call(session, (c) =>
        c.refreshApplicationSecret(inputs.appId, { knownSecret: rotation.before, beforeAttempt }),
      );
    } catch (error) {
      if (!mayHaveRotated(error)) throw error;
      const attempt = { ...rotation, previousSecret: rotation.before, requestId: requestIdOf(error) };
      throw new UnconfirmedRotationError(inputs.appId, unconfirmedOutputs(prev, inputs, attempt), error);
    }
    return record(result);
  }

  /** Settles an unconfirmed rotation ({@link settlePending}): records GenAuth's secret, or rotates if still wanted. */
  private async confirm(olds: UnconfirmedOutputs, news: SecretInputs, now: Date): Promise<SecretOutputs> {
    const session = this.session(news.connection);
    const current = await this.call(session, (c) => c.getApplicationSecret(news.appId));
    const userPoolId = await this.call(session, (c) => c.userPoolId(news.appId));
    const settled = settlePending(olds, news, { ...current, userPoolId }, now);
    if (!settled.rotate) return settled.outs;
    const rotation = { reason: settled.reason, at: now, userPoolId, before: current.secret };
    return this.rotate(session, settled.prev, news, rotation);
  }

  /** A refresh told "application does not exist": gone only in the pool state recorded. */
  private async appNotFound(
    session: Session,
    appId: string,
    props: Partial<StoredOutputs>,
    error: GenAuthError,
  ): Promise<pulumi.dynamic.ReadResult> {
    const addressed = await this.call(session, (c) => c.userPoolId(appId));
    if (props.userPoolId !== undefined && props.userPoolId === addressed) return { id: "", props: {} };
    if (props.rotatedAt === undefined) {
      throw new AppNotFoundError({ appId, host: session.host, keyPair: session.keyPair, addressed, error });
    }
    throw new WrongPoolError({
      appId,
      host: session.host,
      keyPair: session.keyPair,
      addressed,
      recorded: props.userPoolId,
      error,
    });
  }

  /**
   * The host a resource with this connection calls, by the provider's rule (connection, then
   * `genauth:*` config, then `GENAUTH_*`, then the default), resolved: the duplicate guard's key.
   */
  hostFor(connection: ConnectionInputs | undefined): string {
    return hostOf(this.connectionSettings().sources(connection));
  }

  /** The warning, naming the host, for a resource whose settings skip certificate verification. */
  connectionWarning(connection: ConnectionInputs | undefined): string | undefined {
    return insecureSkipVerifyWarning(this.connectionSettings().sources(connection));
  }

  /**
   * Runs a method that calls GenAuth as a call the watchdog waits for: the process never ends
   * between GenAuth's answer and the outputs that carry it back (see engineWatchdog.ts).
   */
  private inFlight<T>(method: () => Promise<T>): Promise<T> {
    return this.watchdog ? this.watchdog.track(method) : method();
  }

  private async ensureEngine(appId: string): Promise<void> {
    if (await this.environment.engineAlive()) return;
    throw new Error(
      `not rotating the secret of app ${appId}: the pulumi process that started this provider is gone ` +
        `(its engine no longer accepts connections), so state could not record a new secret. ` +
        `Run pulumi up again; the app keeps its current secret.`,
    );
  }

  /** A resource's settings: its connection, then config, then environment, first wins. */
  private connectionSettings(): ConnectionSettings {
    return (this.settings ??= new ConnectionSettings([this.config, envSource(this.environment.env)]));
  }

  /**
   * Runs `call` with the session's client. When GenAuth refuses the key pair, the error names the
   * settings it came from (`GENAUTH_ACCESS_KEY_ID`, `connection.accessKeyId`, ...) and the host,
   * since GenAuth's own message cannot say which of the user's several sources to fix.
   */
  private async call<T>(session: Session, call: (client: GenAuthClient) => Promise<T>): Promise<T> {
    try {
      return await call(session.client);
    } catch (error) {
      if (!isKeyPairRefused(error)) throw error;
      throw new Error(refusedKeyPairMessage(session.keyPair, session.host, error.message), { cause: error });
    }
  }

  /**
   * One client per set of resolved settings (every setting in the table, TLS and plain-http ones
   * included), so all resources of one user pool share its management token and its pace.
   */
  private session(connection: ConnectionInputs | undefined): Session {
    const resolved = this.connectionSettings().resolve(connection);
    if (!resolved.ok) {
      throw new Error(resolved.problems.map((p) => `${p.property}: ${p.reason}`).join("; "));
    }
    const s = resolved.settings;
    const key = settingsKey(resolved.values);
    let client = this.clients.get(key);
    if (!client) {
      client = new (loadClient())(s);
      this.clients.set(key, client);
    }
    return { client, host: s.host, keyPair: resolved.keyPair };
  }
}

/**
 * The client class, loaded on the first call: a run that makes no call (a preview, an `up` with
 * no change) never loads axios, which is most of this runtime's start-up time and memory.
 */
function loadClient(): typeof GenAuthClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../client/client") as typeof import("../client/client")).GenAuthClient;
}

function requestIdOf(error: unknown): string | undefined {
  return error instanceof GenAuthError ? error.requestId : undefined;
}

/**
 * The error for a key pair GenAuth refused: which settings hold it, at which host, what to check,
 * then GenAuth's own message with its requestId. Names settings, never their values.
 */
function refusedKeyPairMessage(keyPair: KeyPairLabels, host: string, genauthMessage: string): string {
  return (
    `${keyPair.accessKeyId}/${keyPair.accessKeySecret}: GenAuth at ${host} refused this key pair; ` +
    `check that ${keyPair.accessKeySecret} is the secret issued with ${keyPair.accessKeyId} ` +
    `(a user pool's id and secret, or a collaborator key's) and that the key belongs to this host. ` +
    genauthMessage
  );
}
