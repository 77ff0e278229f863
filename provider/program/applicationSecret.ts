import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { appIdProblem } from "../inputs/appId";
import {
  configSource,
  connectionSource,
  envSource,
  hostOf,
  insecureSkipVerifyWarning,
  LabeledSource,
  plaintextKeySecretWarning,
} from "../inputs/config";
import { CONFIG_KEYS } from "../inputs/settings";
import { installDebugRedaction } from "./debugRedaction";
import { jsonTrigger } from "./jsonInput";
import { claimApplication } from "./ownership";
import { pausePromiseStacks } from "./promiseStacks";
import { perRun } from "./runScope";
import { PROVIDER_TEXT } from "./shim";
import type { RotationReason, RotationRecord } from "../core/state";
import { ConnectionInputs, JsonValue, OnDelete } from "../inputs/types";

/** The type token of {@link ApplicationSecret} in state: that of a Node dynamic resource. */
export const APPLICATION_SECRET_TYPE = "pulumi-nodejs:dynamic/genauth:ApplicationSecret";

/**
 * `connection` as a program gives it: each field a plain value, an Output or a Promise, so
 * `{ accessKeySecret: pulumi.secret(key) }` or `{ host: config.require("host") }` type-check as
 * written. The whole object may be an Output too (`pulumi.output({ ... })`).
 */
export type ConnectionArgs = { [K in keyof ConnectionInputs]?: pulumi.Input<ConnectionInputs[K]> };

/** Inputs of {@link ApplicationSecret}. */
export interface ApplicationSecretArgs {
  /** The GenAuth application whose secret this resource manages. Changing it replaces the resource. */
  appId: pulumi.Input<string>;
  /**
   * Any JSON value; changing it rotates the secret in place (compared as canonical JSON, so key
   * order does not matter). A date string such as `"2026-11"` is a common choice.
   * @default no trigger: the secret rotates only when created (and on schedule, with `rotateAfter`)
   */
  rotationTrigger?: pulumi.Input<JsonValue>;
  /**
   * Credentials for this resource only, for stacks that touch several user pools. Stored as a
   * secret. Each field falls back to `genauth:*` config, then to `GENAUTH_*` environment variables;
   * the key pair is taken whole from the first place that has an access key id.
   * @default provider config and environment
   */
  connection?: pulumi.Input<ConnectionArgs>;
  /**
   * Rotate when this much time has passed since `rotatedAt`: `"90d"`, `"12h"`, `"30m"`, `"2w"`, or
   * an ISO-8601 duration of weeks, days, hours, minutes (`"P90D"`). Decided by plain `pulumi up`.
   * @default no schedule
   */
  rotateAfter?: pulumi.Input<string>;
  /**
   * On create, read the application's current secret instead of rotating it, so bringing an
   * application under management does not break the services using its secret today.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * On delete: `"retain"` leaves the application and its secret alone; `"rotate"` rotates once
   * more and discards the result, invalidating the secret Pulumi knew (unless a replacement of the
   * same app already rotated it).
   * @default "retain"
   */
  onDelete?: pulumi.Input<OnDelete>;
}

/** The state `ApplicationSecret.get` may be given: credentials for reading the app. */
export interface ApplicationSecretState {
  /** Credentials, as in {@link ApplicationSecretArgs.connection}. */
  connection?: pulumi.Input<ConnectionArgs>;
}

/**
 * A GenAuth application's secret, rotated by `pulumi up`: on create, whenever `rotationTrigger`
 * changes, and when `rotateAfter` is due. The secret is a Pulumi secret output: encrypted in state,
 * hidden in previews and logs. The resource id is the `appId`.
 *
 * Deleting the resource leaves the application and its current secret as they are (see `onDelete`).
 */
export class ApplicationSecret extends pulumi.CustomResource {
  /** The application's id (also the resource id). */
  declare readonly appId: pulumi.Output<string>;
  /** The trigger value the current secret was made for. */
  declare readonly rotationTrigger: pulumi.Output<JsonValue | undefined>;
  /** The current application secret (a Pulumi secret). */
  declare readonly secret: pulumi.Output<string>;
  /** ISO-8601 time the secret in state came to be: rotation, adoption or observed drift. */
  declare readonly rotatedAt: pulumi.Output<string>;
  /** Why the secret in state is the one it is. */
  declare readonly rotationReason: pulumi.Output<RotationReason>;
  /** First 16 hex chars of a domain-separated SHA-256 of the secret: compare secrets without seeing them. */
  declare readonly fingerprint: pulumi.Output<string>;
  /** How many changes of the secret this resource has recorded. */
  declare readonly rotationCount: pulumi.Output<number>;
  /** ISO-8601 time the schedule makes the next rotation due, or "" without `rotateAfter`. */
  declare readonly nextRotationAt: pulumi.Output<string>;
  /** The last 10 changes of the secret (no secrets in it). */
  declare readonly history: pulumi.Output<RotationRecord[]>;
  /** The schedule, as given. */
  declare readonly rotateAfter: pulumi.Output<string | undefined>;
  /** The delete policy, as given. */
  declare readonly onDelete: pulumi.Output<OnDelete | undefined>;

  /**
   * Reads an existing application's current secret into a resource without rotating it (dynamic
   * resources cannot be `pulumi import`ed). `id` is the appId. Needs `@pulumi/pulumi` >= 3.268.
   */
  static get(
    name: string,
    id: pulumi.Input<string>,
    state?: ApplicationSecretState,
    opts?: pulumi.CustomResourceOptions,
  ): ApplicationSecret {
    return new ApplicationSecret(name, { appId: id, connection: state?.connection }, { ...opts, id });
  }

  constructor(name: string, args: ApplicationSecretArgs, opts?: pulumi.CustomResourceOptions) {
    installDebugRedaction();
    const isRead = opts?.id !== undefined;
    // A plain id is checked before the engine sees it: the engine echoes a read's id whole.
    if (typeof opts?.id === "string") assertAppId(opts.id);
    const props = {
      // Claimed in the data path, so a duplicate fails this resource's registration, naming both.
      appId: isRead ? checkedAppId(args.appId) : claimed(name, args),
      rotationTrigger: jsonTrigger(args.rotationTrigger),
      // Inputs that are not outputs of the class are registered only when given: the SDK drops
      // undefined inputs anyway, but builds four promises per registered key, each capturing a
      // stack trace, which made the property count the program's largest per-resource cost.
      ...(args.connection === undefined ? {} : { connection: pulumi.secret(args.connection) }),
      rotateAfter: args.rotateAfter,
      ...(args.adopt === undefined ? {} : { adopt: args.adopt }),
      onDelete: args.onDelete,
      // Outputs the provider fills in.
      secret: undefined,
      rotatedAt: undefined,
      rotationReason: undefined,
      fingerprint: undefined,
      rotationCount: undefined,
      nextRotationAt: undefined,
      history: undefined,
    };
    const secretOutputs = ["secret", "connection", ...(opts?.additionalSecretOutputs ?? [])];
    // What `dynamic.Resource` registers, minus the closure serializer: the same type token (the
    // engine routes `pulumi-nodejs:dynamic/...` to the Node dynamic-provider host) and a
    // `__provider` the host loads, here the fixed text of {@link PROVIDER_TEXT}.
    // The SDK's registration captures a stack per promise that nobody reads: see promiseStacks.ts.
    const resumeStacks = pausePromiseStacks();
    try {
      super(
        APPLICATION_SECRET_TYPE,
        name,
        { ...props, __provider: PROVIDER_TEXT },
        { ...opts, additionalSecretOutputs: secretOutputs },
      );
    } finally {
      resumeStacks();
    }
    warnIfUnverified(this, args.connection);
    warnIfPlaintextKeySecret(this);
  }
}

/**
 * Prints, once per run, the warning for a `genauth:accessKeySecret` set with `--plaintext`: the
 * dynamic provider's configuration lands in state as the engine gives it, so only the program,
 * which sees which config keys are secret, can tell.
 */
function warnIfPlaintextKeySecret(resource: ApplicationSecret): void {
  const key = CONFIG_KEYS.accessKeySecret;
  // The SDK's own test of a key's secrecy (`Config.get` uses it to warn about secrets); absent in
  // an SDK without it, and then nothing is said.
  const isSecret = (runtimeConfig as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
  if (typeof isSecret !== "function") return;
  const message = plaintextKeySecretWarning(key in pulumi.runtime.allConfig(), isSecret(key));
  const warned = warnedThisRun();
  if (message === undefined || warned.has(message)) return;
  warned.add(message);
  void pulumi.log.warn(message, resource);
}

/** The warnings already printed by this program run: one per setting and host, not per resource. */
const warnedThisRun = perRun(() => new Set<string>());

/**
 * Prints a Pulumi warning naming the host when this resource's connection skips certificate
 * verification. Printed here, by the program: a dynamic provider has no channel to the engine's
 * log, and the program reads the same connection, config and environment by the provider's rule.
 */
function warnIfUnverified(
  resource: ApplicationSecret,
  connection: ApplicationSecretArgs["connection"],
): void {
  const warn = (c: ConnectionInputs | undefined) => {
    const message = insecureSkipVerifyWarning(connectionSettingsSources(c));
    const warned = warnedThisRun();
    if (message === undefined || warned.has(message)) return;
    warned.add(message);
    void pulumi.log.warn(message, resource);
  };
  if (connection === undefined || (isPlainObject(connection) && !containsOutput(connection))) {
    warn(connection as ConnectionInputs | undefined);
  } else {
    pulumi.unsecret(pulumi.output(connection)).apply((c) => warn(c as ConnectionInputs | undefined));
  }
}

/**
 * The provider's sources as the program can read them: the connection, then the non-secret
 * `genauth:*` keys the program needs (reading a secret one with `get` would warn), then `GENAUTH_*`.
 */
function connectionSettingsSources(connection: ConnectionInputs | undefined): LabeledSource[] {
  const config = new pulumi.Config("genauth");
  const readable: Record<string, string | undefined> = {
    [CONFIG_KEYS.host]: config.get("host"),
    [CONFIG_KEYS.tlsInsecureSkipVerify]: config.get("tlsInsecureSkipVerify"),
  };
  return [connectionSource(connection), configSource((key) => readable[key]), envSource(process.env)];
}

/**
 * The appId input, passed through the ownership claim. Plain values are claimed at once, so a
 * duplicate throws from the constructor; Outputs are claimed inside `apply`, which fails the
 * resource's registration with the same message.
 */
function claimed(name: string, args: ApplicationSecretArgs): pulumi.Input<string> {
  const plainHost = (connection: ApplicationSecretArgs["connection"]) =>
    connection === undefined || (isPlainObject(connection) && !containsOutput(connection));
  if (typeof args.appId === "string" && plainHost(args.connection)) {
    assertAppId(args.appId);
    claimApplication(name, args.appId, hostFor((args.connection as ConnectionInputs | undefined)?.host));
    return args.appId;
  }
  const host = pulumi.unsecret(pulumi.output(args.connection)).apply((c) => hostFor(c?.host));
  return pulumi.all([args.appId, host]).apply(([appId, h]) => {
    if (typeof appId === "string") {
      assertAppId(appId);
      claimApplication(name, appId, h);
    }
    return appId;
  });
}

/** The appId input, checked at once when plain and when it arrives when an Output. */
function checkedAppId(appId: pulumi.Input<string>): pulumi.Input<string> {
  if (typeof appId === "string") {
    assertAppId(appId);
    return appId;
  }
  return pulumi.output(appId).apply((value) => {
    if (typeof value === "string") assertAppId(value);
    return value;
  });
}

/**
 * Throws the provider's own `check` message for an unusable appId, as a RunError (the program
 * stops with the message alone, no stack trace), so a bad one stops here, before
 * the engine or the duplicate guard's message repeats it. Non-strings are left to `check`.
 */
function assertAppId(appId: string): void {
  const problem = appIdProblem(appId);
  if (problem) throw new pulumi.RunError(`appId: ${problem}`);
}

/**
 * The host a resource talks to, resolved by the provider's own rule ({@link hostOf}): connection,
 * then `genauth:host`, then `GENAUTH_HOST`, then the default, normalised.
 */
function hostFor(connectionHost: string | undefined): string {
  return hostOf(connectionSettingsSources({ host: connectionHost }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    !pulumi.Output.isInstance(value) &&
    !(value instanceof Promise)
  );
}

function containsOutput(value: Record<string, unknown>): boolean {
  return Object.values(value).some((v) => pulumi.Output.isInstance(v) || v instanceof Promise);
}
