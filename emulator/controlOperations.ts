/**
 * The control plane's one table of operations. Each entry says how the operation travels over HTTP
 * (method, path, where its one argument goes), how its argument is checked (field by field, naming the
 * bad field) and what it does to the host. `EmulatorControl` (in process), `handleControlRequest` (the
 * HTTP routes under `/__emulator/`) and `EmulatorControlClient` (from another process) are all built
 * from this table, so an operation exists in all three or in none, and is validated in one place.
 */
import type { ActiveFault, FaultRule } from "./faults";
import { parseFaultRules } from "./faults";
import { fields, integer, optional, text } from "./fields";
import type { Instruments } from "./instruments";
import { parseOutageMs } from "./outage";
import { parseRateLimit, RateLimitSettings } from "./rateLimit";
import type { RequestLogEntry } from "./requestLog";
import type { IssuedSecrets } from "./secretRecord";
import { parseSeed, Seed, SeedApp } from "./seed";
import type { EmulatorState } from "./state";

/** What the control plane shows of an app: the truth, secret included (for tests only). */
export interface AppSnapshot {
  appId: string;
  userPoolId: string;
  appName: string;
  secret: string;
  rotations: number;
}

/** An app to add through the control plane. */
export interface NewApp {
  appId: string;
  userPoolId: string;
  /** @default the appId */
  appName?: string;
  /** @default a random secret */
  secret?: string;
  /** @default the appName */
  appIdentifier?: string;
  /** @default "web" */
  appType?: string;
}

/** The rate limiter as the control plane shows it. */
export interface RateLimitStatus {
  /** The limit per user pool, or null when calls are not limited. */
  requestsPerSecond: number | null;
  /** Whether throttled answers carry `Retry-After` (false when no limit is set). */
  retryAfter: boolean;
  /** Calls the limiter answered with HTTP 429 since the last reset (of the emulator or of this count). */
  throttled: number;
}

/** A control operation that cannot be done; `status` is the HTTP status the control API answers with. */
export class ControlError extends Error {
  /** 400 bad input, 404 unknown app or path, 409 conflict, 501 not possible without a server. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ControlError";
    this.status = status;
  }
}

/** What the control plane needs from the server: the live state and instruments, and a way to rebuild them. */
export interface ControlHost {
  /** The live GenAuth state. */
  state(): EmulatorState;
  /** The live test instruments (call counts, faults, rate limiter, request log). */
  instruments(): Instruments;
  /** Every secret issued since start, across resets. */
  issuedSecrets(): IssuedSecrets;
  /**
   * Replaces the state by one built from `seed` (default: the seed the emulator started with), and the
   * instruments by new ones with the start rate limit.
   */
  reset(seed?: Seed): void;
  /**
   * Stops listening now (resolving once down) and listens again on the same address after `ms`. Absent
   * when there is no server to take down (a control built around a bare state).
   */
  outage?(ms: number): Promise<void>;
}

/** Every control operation as the in-process control offers it; the client offers each as a promise. */
export interface ControlMethods {
  /** Rebuilds the whole state (apps, secrets, tokens, faults, counts, log) from a seed (default: the start seed). */
  reset(seed?: Seed): void;
  /** The current truth about an app, secret included. */
  app(appId: string): AppSnapshot;
  /** Rotates an app's secret outside the API, like an administrator in the console; not counted as an API call. */
  rotate(appId: string): { secret: string };
  /** Adds an app to an existing user pool. */
  addApp(app: NewApp): AppSnapshot;
  /** API calls received, by operation. */
  calls(): Record<string, number>;
  /** Forgets the call counts. */
  resetCalls(): void;
  /** Sets the lifetime of tokens issued from now on (until the next reset). */
  setTokenLifetime(seconds: number): void;
  /** Expires every token issued so far. */
  expireTokens(): { expired: number };
  /** Adds fault rules (validated first: either all are added or none); answers their IDs. */
  addFaults(rules: FaultRule | FaultRule[]): { ids: string[] };
  /** The fault rules with how often each fired. */
  faults(): ActiveFault[];
  /** Removes every fault rule. */
  clearFaults(): { cleared: number };
  /** The last `limit` API requests, oldest first (never a secret or token). */
  requests(limit?: number): RequestLogEntry[];
  /** The rate limit in force and how many calls it refused. */
  rateLimit(): RateLimitStatus;
  /** Limits API calls per user pool from now on (until the next reset, which restores the start option). */
  setRateLimit(settings: RateLimitSettings): RateLimitStatus;
  /** Stops limiting API calls. */
  clearRateLimit(): RateLimitStatus;
  /** Forgets how many calls the rate limiter refused. */
  resetThrottled(): void;
  /**
   * Makes GenAuth unreachable for `ms` milliseconds: connections are refused (ECONNREFUSED) and open ones
   * destroyed, then the emulator listens again on the same URL with its state intact. Resolves once down
   * (over HTTP: with the answer, sent just before the emulator goes down).
   */
  outage(ms: number): Promise<{ ms: number }>;
  /**
   * Every app secret (seeded, added, rotated through the API or in the console) and every management
   * token this emulator has issued, oldest first, across resets: for tests that scan output for leaks.
   */
  issuedSecrets(): IssuedSecrets;
}

/** The name of a control operation (a method of EmulatorControl and EmulatorControlClient). */
export type ControlOperationName = keyof ControlMethods;

/**
 * The result of an operation that must take effect only once answered: an outage asked for over HTTP
 * must not cut the connection its own answer is still being written to.
 */
export class Deferred<R> {
  constructor(
    /** The answer. */
    readonly answer: R,
    /** What makes the operation take effect. */
    readonly start: () => Promise<void>,
  ) {}
}

/** Where an operation's one argument travels over HTTP. */
export type ArgumentPlace =
  /** The operation takes no argument. */
  | { in: "none" }
  /** A path segment, written `:name` in the path. */
  | { in: "path"; name: string }
  /** The whole JSON body (absent when the argument is undefined). */
  | { in: "body" }
  /** One field of a JSON object body, e.g. `{seconds}`. */
  | { in: "body-field"; name: string }
  /** A query parameter; digits arrive as a number. */
  | { in: "query"; name: string };

/** The argument of a method (undefined for one without). */
export type Argument<M extends ControlOperationName> = Parameters<ControlMethods[M]>[0];

/** What an operation's handler returns: the method's result, or a Deferred one for an async method. */
export type Outcome<M extends ControlOperationName> =
  ReturnType<ControlMethods[M]> extends Promise<infer R> ? Deferred<R> : ReturnType<ControlMethods[M]>;

/** One row of the table. */
export interface ControlOperation<M extends ControlOperationName> {
  /** The HTTP method. */
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path under `/__emulator`, e.g. `/apps/:appId/rotate`. */
  path: string;
  /** Where the argument travels over HTTP. */
  argument: ArgumentPlace;
  /** Checks the untrusted argument field by field; throws a FieldError naming the bad field. */
  parse(value: unknown): Argument<M>;
  /** Does the operation on the host; throws a ControlError when it cannot be done. */
  run(host: ControlHost, argument: Argument<M>): Outcome<M>;
  /** The HTTP answer of an operation that returns nothing in process. */
  acknowledge?(argument: Argument<M>): unknown;
  /**
   * Set for an operation whose method returns a promise (its `run` answers a Deferred): in process, its
   * refusals reject rather than throw.
   */
  defers?: true;
}

const NONE: ArgumentPlace = { in: "none" };
const BODY: ArgumentPlace = { in: "body" };
const noArgument = (): undefined => undefined;
const reset = () => ({ reset: true });

/** The table: every control operation, by method name. */
export const CONTROL_OPERATIONS: { readonly [M in ControlOperationName]: ControlOperation<M> } = {
  reset: {
    method: "POST",
    path: "/reset",
    argument: BODY,
    parse: (value) => optional(value, "seed", parseSeed),
    run: (host, seed) => guard(400, () => host.reset(seed)),
    acknowledge: reset,
  },
  app: {
    method: "GET",
    path: "/apps/:appId",
    argument: { in: "path", name: "appId" },
    parse: (value) => text(value, "appId"),
    run: snapshot,
  },
  rotate: {
    method: "POST",
    path: "/apps/:appId/rotate",
    argument: { in: "path", name: "appId" },
    parse: (value) => text(value, "appId"),
    run: (host, appId) => {
      snapshot(host, appId);
      return { secret: host.state().rotateSecret(appId) };
    },
  },
  addApp: {
    method: "POST",
    path: "/apps",
    argument: BODY,
    parse: parseNewApp,
    run: addApp,
  },
  calls: {
    method: "GET",
    path: "/calls",
    argument: NONE,
    parse: noArgument,
    run: (host) => host.instruments().calls(),
  },
  resetCalls: {
    method: "POST",
    path: "/calls/reset",
    argument: NONE,
    parse: noArgument,
    run: (host) => host.instruments().resetCalls(),
    acknowledge: reset,
  },
  setTokenLifetime: {
    method: "PUT",
    path: "/token-lifetime",
    argument: { in: "body-field", name: "seconds" },
    parse: (value) => integer(value, "seconds", 1),
    run: (host, seconds) => {
      host.state().tokenLifetimeSeconds = seconds;
    },
    acknowledge: (seconds) => ({ seconds }),
  },
  expireTokens: {
    method: "POST",
    path: "/tokens/expire",
    argument: NONE,
    parse: noArgument,
    run: (host) => ({ expired: host.state().expireTokens() }),
  },
  addFaults: {
    method: "POST",
    path: "/faults",
    argument: BODY,
    parse: parseFaultRules,
    run: (host, rules) => {
      const instruments = host.instruments();
      const list = Array.isArray(rules) ? rules : [rules];
      return { ids: list.map((rule) => instruments.addFault(rule)) };
    },
  },
  faults: {
    method: "GET",
    path: "/faults",
    argument: NONE,
    parse: noArgument,
    run: (host) => host.instruments().faults(),
  },
  clearFaults: {
    method: "DELETE",
    path: "/faults",
    argument: NONE,
    parse: noArgument,
    run: (host) => ({ cleared: host.instruments().clearFaults() }),
  },
  requests: {
    method: "GET",
    path: "/requests",
    argument: { in: "query", name: "limit" },
    parse: (value) => optional(value, "limit", (v, field) => integer(v, field, 0)),
    run: (host, limit) => host.instruments().requests(limit),
  },
  rateLimit: {
    method: "GET",
    path: "/rate-limit",
    argument: NONE,
    parse: noArgument,
    run: rateLimitStatus,
  },
  setRateLimit: {
    method: "PUT",
    path: "/rate-limit",
    argument: BODY,
    parse: parseRateLimit,
    run: (host, settings) => {
      host.instruments().setRateLimit(settings);
      return rateLimitStatus(host);
    },
  },
  clearRateLimit: {
    method: "DELETE",
    path: "/rate-limit",
    argument: NONE,
    parse: noArgument,
    run: (host) => {
      host.instruments().setRateLimit(undefined);
      return rateLimitStatus(host);
    },
  },
  resetThrottled: {
    method: "POST",
    path: "/rate-limit/reset",
    argument: NONE,
    parse: noArgument,
    run: (host) => host.instruments().resetThrottled(),
    acknowledge: reset,
  },
  outage: {
    method: "POST",
    path: "/outage",
    argument: { in: "body-field", name: "ms" },
    parse: parseOutageMs,
    defers: true,
    run: (host, ms) => {
      const start = host.outage?.bind(host);
      if (start === undefined) throw new ControlError(501, "this emulator has no server to take down");
      return new Deferred({ ms }, () => start(ms));
    },
  },
  issuedSecrets: {
    method: "GET",
    path: "/issued-secrets",
    argument: NONE,
    parse: noArgument,
    run: (host) => host.issuedSecrets(),
  },
};

/** Every operation name, in table order. */
export const CONTROL_OPERATION_NAMES = Object.keys(CONTROL_OPERATIONS).filter(isOperationName);

/**
 * Checks an operation's untrusted argument and runs the operation (in process). Every control-plane
 * input is validated here or in invokeOverHttp, by the table's `parse`: a bad argument is a ControlError
 * 400 naming the field, and nothing has happened then.
 */
export function invoke<M extends ControlOperationName>(
  host: ControlHost,
  name: M,
  value: unknown,
): Outcome<M> {
  const operation: ControlOperation<M> = CONTROL_OPERATIONS[name];
  return operation.run(host, checked(operation, value));
}

/**
 * Runs an operation for the HTTP control API: as `invoke`, but the answer is the acknowledgement of an
 * operation that returns nothing, and a Deferred one is answered first and started `after`.
 */
export function invokeOverHttp<M extends ControlOperationName>(
  host: ControlHost,
  name: M,
  value: unknown,
): { body: unknown; after?: () => Promise<void> } {
  const operation: ControlOperation<M> = CONTROL_OPERATIONS[name];
  const argument = checked(operation, value);
  const outcome: unknown = operation.run(host, argument);
  if (outcome instanceof Deferred) return { body: outcome.answer, after: outcome.start };
  return { body: operation.acknowledge === undefined ? outcome : operation.acknowledge(argument) };
}

function checked<M extends ControlOperationName>(
  operation: ControlOperation<M>,
  value: unknown,
): Argument<M> {
  return guard(400, () => operation.parse(value));
}

/** Checks an app to add; its appName defaults to its appId. */
export function parseNewApp(value: unknown): NewApp {
  const app = fields(value, "app");
  const appId = text(app.appId, "app.appId");
  return {
    appId,
    userPoolId: text(app.userPoolId, "app.userPoolId"),
    appName: optional(app.appName, "app.appName", text) ?? appId,
    ...present("secret", optional(app.secret, "app.secret", text)),
    ...present("appIdentifier", optional(app.appIdentifier, "app.appIdentifier", text)),
    ...present("appType", optional(app.appType, "app.appType", text)),
  };
}

function isOperationName(name: string): name is ControlOperationName {
  return Object.prototype.hasOwnProperty.call(CONTROL_OPERATIONS, name);
}

function snapshot(host: ControlHost, appId: string): AppSnapshot {
  const app = host.state().findApp(appId);
  if (app === undefined) throw new ControlError(404, `application ${appId} does not exist`);
  const { userPoolId, appName, secret, rotations } = app;
  return { appId, userPoolId, appName, secret, rotations };
}

function addApp(host: ControlHost, app: NewApp): AppSnapshot {
  const state = host.state();
  if (!state.userPoolIds().includes(app.userPoolId)) {
    throw new ControlError(404, `user pool ${app.userPoolId} does not exist`);
  }
  if (state.findApp(app.appId) !== undefined) {
    throw new ControlError(409, `application ${app.appId} already exists`);
  }
  const { userPoolId, ...rest } = app;
  const seedApp: SeedApp = { ...rest, appName: app.appName ?? app.appId };
  state.addApp(userPoolId, seedApp);
  return snapshot(host, app.appId);
}

function rateLimitStatus(host: ControlHost): RateLimitStatus {
  const instruments = host.instruments();
  const settings = instruments.rateLimit();
  return {
    requestsPerSecond: settings?.requestsPerSecond ?? null,
    retryAfter: settings?.retryAfter ?? false,
    throttled: instruments.throttled(),
  };
}

function present<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  const result: Partial<Record<K, V>> = {};
  if (value !== undefined) result[key] = value;
  return result;
}

/** Runs `run`, turning a FieldError (or a seed the state refuses) into a ControlError with `status`. */
function guard<T>(status: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ControlError || !(error instanceof Error)) throw error;
    throw new ControlError(status, error.message);
  }
}
