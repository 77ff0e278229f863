/**
 * The ApplicationSecret resource provider: what the dynamic-provider host runs. Each method maps to
 * GenAuth calls as follows (no other calls are made):
 *
 * | method    | GenAuth calls                                                                |
 * |-----------|------------------------------------------------------------------------------|
 * | configure | none (reads `genauth:*` config into memory)                                  |
 * | check     | none (validates inputs and credentials)                                      |
 * | diff      | none (inputs, state and the clock decide)                                    |
 * | create    | refresh-application-secret, or get-application-secret with `adopt: true`      |
 * | update    | refresh-application-secret when it rotates; none otherwise                   |
 * | read      | get-application-secret                                                       |
 * | delete    | none; with `onDelete: "rotate"`: get-application-secret + refresh            |
 *
 * Credentials live only in memory. This module is loaded by package path from the installed
 * package (see `shim.ts`), so it is never copied into state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { GenAuthClient } from "./client/client";
import { isAppNotFound, isKeyPairRefused } from "./client/errors";
import {
  configSource,
  connectionSource,
  envSource,
  KeyPairLabels,
  LabeledSource,
  resolveSettings,
} from "./config";
import { asInputs, checkInputs } from "./lifecycle/check";
import { decideDiff, rotationReason } from "./lifecycle/diff";
import { carryOver, pickInputs, recordSecret } from "./lifecycle/outputs";
import { ConnectionInputs, SecretInputs, SecretOutputs } from "./types";

type Dynamic = pulumi.dynamic.ResourceProvider;

/** Where the provider gets what is not an input: environment variables and the clock. */
export interface ProviderEnvironment {
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

/** Implements the dynamic-provider contract for `ApplicationSecret`. One instance per process. */
export class ApplicationSecretProvider implements Dynamic {
  private config: LabeledSource = { values: {}, label: (key) => `genauth:${key}` };
  private readonly clients = new Map<string, GenAuthClient>();
  private readonly environment: ProviderEnvironment;

  constructor(environment: ProviderEnvironment = { env: process.env, now: () => new Date() }) {
    this.environment = environment;
  }

  /** Keeps the stack's `genauth:*` config (synchronously: the host may call methods before this returns). */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.config = configSource((key) => req.config.get(key));
  }

  /** Refuses bad inputs and missing credentials before any API call. */
  async check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    return checkInputs(news, this.fallbacks());
  }

  /** `appId` replaces; trigger and due schedule rotate; other inputs update in place. */
  async diff(_id: string, olds: SecretOutputs, news: SecretInputs): Promise<pulumi.dynamic.DiffResult> {
    const decision = decideDiff(olds, news, this.environment.now());
    return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: false };
  }

  /** Rotates once (or reads the current secret when adopting) and records it. */
  async create(news: Record<string, unknown>): Promise<{ id: string; outs: SecretOutputs }> {
    const inputs = asInputs(news);
    const result = await this.withClient(inputs.connection, (client) =>
      inputs.adopt
        ? client.getApplicationSecret(inputs.appId)
        : client.refreshApplicationSecret(inputs.appId),
    );
    const outs = recordSecret(undefined, inputs, {
      secret: result.secret,
      reason: inputs.adopt ? "adopted" : "created",
      at: this.environment.now(),
      requestId: result.requestId,
    });
    return { id: inputs.appId, outs };
  }

  /** Rotates when the trigger changed or the schedule is due; otherwise only refreshes state. */
  async update(_id: string, olds: SecretOutputs, news: SecretInputs): Promise<{ outs: SecretOutputs }> {
    const now = this.environment.now();
    const reason = rotationReason(olds, news, now);
    if (!reason) return { outs: carryOver(olds, news) };
    const result = await this.withClient(news.connection, (client) =>
      client.refreshApplicationSecret(news.appId, { knownSecret: olds.secret }),
    );
    return { outs: recordSecret(olds, news, { ...result, reason, at: now }) };
  }

  /**
   * Reads GenAuth's current secret. A different secret is recorded as drift. Only "application does
   * not exist" (apiCode 2011) reports the resource gone; any other failure fails and leaves state alone.
   */
  async read(id: string, props: Partial<SecretOutputs>): Promise<pulumi.dynamic.ReadResult> {
    const appId = props.appId ?? id;
    const inputs = pickInputs({ ...(props as SecretInputs), appId });
    let current;
    try {
      current = await this.withClient(props.connection, (client) => client.getApplicationSecret(appId));
    } catch (error) {
      if (isAppNotFound(error)) return { id: "", props: {} };
      throw error;
    }
    const at = this.environment.now();
    const olds = props.secret !== undefined ? (props as SecretOutputs) : undefined;
    const outs = !olds
      ? recordSecret(undefined, inputs, { ...current, reason: "adopted", at })
      : current.secret !== olds.secret
        ? recordSecret(olds, inputs, { ...current, reason: "drift", at })
        : carryOver(olds, inputs);
    return { id: appId, props: outs, inputs };
  }

  /**
   * By default does nothing: the application and its secret stay. With `onDelete: "rotate"`, rotates
   * once and discards the result, unless GenAuth no longer holds the secret in state (a replacement
   * already rotated it) or the application is gone.
   */
  async delete(id: string, props: SecretOutputs): Promise<void> {
    if (props.onDelete !== "rotate") return;
    const appId = props.appId ?? id;
    try {
      await this.withClient(props.connection, async (client) => {
        const current = await client.getApplicationSecret(appId);
        if (current.secret !== props.secret) return;
        await client.refreshApplicationSecret(appId, { knownSecret: props.secret });
      });
    } catch (error) {
      if (!isAppNotFound(error)) throw error;
    }
  }

  private fallbacks(): LabeledSource[] {
    return [this.config, envSource(this.environment.env)];
  }

  /**
   * Runs `call` with the client for `connection`. When GenAuth refuses the key pair, the error names
   * the settings it came from (`GENAUTH_ACCESS_KEY_ID`, `connection.accessKeyId`, ...) and the host,
   * since GenAuth's own message cannot say which of the user's several sources to fix.
   */
  private async withClient<T>(
    connection: ConnectionInputs | undefined,
    call: (client: GenAuthClient) => Promise<T>,
  ): Promise<T> {
    const { client, host, keyPair } = this.clientFor(connection);
    try {
      return await call(client);
    } catch (error) {
      if (!isKeyPairRefused(error)) throw error;
      throw new Error(refusedKeyPairMessage(keyPair, host, error.message), { cause: error });
    }
  }

  /** One client per credential set, so all resources share its management token. */
  private clientFor(connection: ConnectionInputs | undefined): {
    client: GenAuthClient;
    host: string;
    keyPair: KeyPairLabels;
  } {
    const resolved = resolveSettings([connectionSource(connection), ...this.fallbacks()]);
    if (!resolved.ok) {
      throw new Error(resolved.problems.map((p) => `${p.property}: ${p.reason}`).join("; "));
    }
    const s = resolved.settings;
    const key = JSON.stringify([
      s.host,
      s.accessKeyId,
      s.accessKeySecret,
      s.userPoolId,
      s.timeoutMs,
      s.retry,
    ]);
    let client = this.clients.get(key);
    if (!client) {
      client = new GenAuthClient(s);
      this.clients.set(key, client);
    }
    return { client, host: s.host, keyPair: resolved.keyPair };
  }
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
