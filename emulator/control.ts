/**
 * The control plane: what a test does to the emulator rather than through the emulated API (moto's
 * reserved `/moto-api/`, the firebase emulator's `/emulator/v1/`). `EmulatorControl` is the in-process
 * form and the one place each operation is written: it checks its untrusted argument field by field
 * (a bad one is a ControlError 400 naming the field, and nothing has happened then), then acts on the
 * host. The HTTP control API (controlOperations.ts) and EmulatorControlClient call these same methods.
 * Control calls are never counted as API calls (nor rate limited), and rotating here is "someone rotated
 * in the console".
 */
import type { ActiveFault, FaultRule } from "./faults";
import { parseFaultRules } from "./faults";
import { fields, integer, optional, text } from "./fields";
import type { Instruments } from "./instruments";
import { parseOutageMs } from "./outage";
import { parseRateLimit, RateLimitSettings } from "./rateLimit";
import type { RequestLogEntry } from "./requestLog";
import type { IssuedSecrets } from "./secretRecord";
import { parseSeed, Seed } from "./seed";
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

/**
 * In-process control of a running emulator. Every argument is checked as if untrusted (JavaScript
 * callers and the HTTP control API pass whatever they were given); a refusal is a ControlError.
 */
export class EmulatorControl {
  /** @param host the emulator the operations act on */
  constructor(private readonly host: ControlHost) {}

  /** Rebuilds the whole state (apps, secrets, tokens, faults, counts, log) from a seed (default: the start seed). */
  reset(seed?: Seed): void {
    // A seed can pass the field checks and still be refused by the state (e.g. a duplicate appId): 400 too.
    refusedAs400(() => this.host.reset(optional(seed, "seed", parseSeed)));
  }

  /** The current truth about an app, secret included. */
  app(appId: string): AppSnapshot {
    return snapshot(
      this.host.state(),
      refusedAs400(() => text(appId, "appId")),
    );
  }

  /** Rotates an app's secret outside the API, like an administrator in the console; not counted as an API call. */
  rotate(appId: string): { secret: string } {
    const id = refusedAs400(() => text(appId, "appId"));
    const state = this.host.state();
    snapshot(state, id);
    return { secret: state.rotateSecret(id) };
  }

  /** Adds an app to an existing user pool. */
  addApp(app: NewApp): AppSnapshot {
    const { userPoolId, ...seedApp } = refusedAs400(() => parseNewApp(app));
    const state = this.host.state();
    if (!state.userPoolIds().includes(userPoolId)) {
      throw new ControlError(404, `user pool ${userPoolId} does not exist`);
    }
    if (state.findApp(seedApp.appId) !== undefined) {
      throw new ControlError(409, `application ${seedApp.appId} already exists`);
    }
    state.addApp(userPoolId, seedApp);
    return snapshot(state, seedApp.appId);
  }

  /** API calls received, by operation. */
  calls(): Record<string, number> {
    return this.host.instruments().calls();
  }

  /** Forgets the call counts. */
  resetCalls(): void {
    this.host.instruments().resetCalls();
  }

  /** Sets the lifetime of tokens issued from now on (until the next reset). */
  setTokenLifetime(seconds: number): void {
    this.host.state().tokenLifetimeSeconds = refusedAs400(() => integer(seconds, "seconds", 1));
  }

  /** Expires every token issued so far. */
  expireTokens(): { expired: number } {
    return { expired: this.host.state().expireTokens() };
  }

  /** Adds fault rules (validated first: either all are added or none); answers their IDs. */
  addFaults(rules: FaultRule | FaultRule[]): { ids: string[] } {
    const checked = refusedAs400(() => parseFaultRules(rules));
    const instruments = this.host.instruments();
    return { ids: checked.map((rule) => instruments.addFault(rule)) };
  }

  /** The fault rules with how often each fired. */
  faults(): ActiveFault[] {
    return this.host.instruments().faults();
  }

  /** Removes every fault rule. */
  clearFaults(): { cleared: number } {
    return { cleared: this.host.instruments().clearFaults() };
  }

  /** The last `limit` API requests, oldest first (never a secret or token). */
  requests(limit?: number): RequestLogEntry[] {
    const checked = refusedAs400(() => optional(limit, "limit", (value, field) => integer(value, field, 0)));
    return this.host.instruments().requests(checked);
  }

  /** The rate limit in force and how many calls it refused. */
  rateLimit(): RateLimitStatus {
    const instruments = this.host.instruments();
    const settings = instruments.rateLimit();
    return {
      requestsPerSecond: settings?.requestsPerSecond ?? null,
      retryAfter: settings?.retryAfter ?? false,
      throttled: instruments.throttled(),
    };
  }

  /** Limits API calls per user pool from now on (until the next reset, which restores the start option). */
  setRateLimit(settings: RateLimitSettings): RateLimitStatus {
    this.host.instruments().setRateLimit(refusedAs400(() => parseRateLimit(settings)));
    return this.rateLimit();
  }

  /** Stops limiting API calls. */
  clearRateLimit(): RateLimitStatus {
    this.host.instruments().setRateLimit(undefined);
    return this.rateLimit();
  }

  /** Forgets how many calls the rate limiter refused. */
  resetThrottled(): void {
    this.host.instruments().resetThrottled();
  }

  /**
   * Makes GenAuth unreachable for `ms` milliseconds: connections are refused (ECONNREFUSED) and open ones
   * destroyed, then the emulator listens again on the same URL with its state intact. Resolves once down
   * (over HTTP: with the answer, sent just before the emulator goes down). A refusal rejects.
   */
  async outage(ms: number): Promise<{ ms: number }> {
    const outage = plannedOutage(this.host, ms);
    await outage.start();
    return outage.answer;
  }

  /**
   * Every app secret (seeded, added, rotated through the API or in the console) and every management
   * token this emulator has issued, oldest first, across resets: for tests that scan output for leaks.
   */
  issuedSecrets(): IssuedSecrets {
    return this.host.issuedSecrets();
  }
}

/**
 * An outage checked but not started: the HTTP control API answers first and starts it after, so that it
 * does not cut the connection its own answer is still being written to.
 */
export function plannedOutage(
  host: ControlHost,
  ms: unknown,
): { answer: { ms: number }; start(): Promise<void> } {
  const checked = refusedAs400(() => parseOutageMs(ms));
  const outage = host.outage?.bind(host);
  if (outage === undefined) throw new ControlError(501, "this emulator has no server to take down");
  return { answer: { ms: checked }, start: () => outage(checked) };
}

/** Checks an app to add; its appName defaults to its appId. */
function parseNewApp(value: unknown): NewApp & { appName: string } {
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

/** An app as the control plane shows it, or a ControlError 404. */
function snapshot(state: EmulatorState, appId: string): AppSnapshot {
  const app = state.findApp(appId);
  if (app === undefined) throw new ControlError(404, `application ${appId} does not exist`);
  const { userPoolId, appName, secret, rotations } = app;
  return { appId, userPoolId, appName, secret, rotations };
}

/** `{[key]: value}`, or `{}` for an absent value (so an optional field stays absent, not undefined). */
function present<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  const result: Partial<Record<K, V>> = {};
  if (value !== undefined) result[key] = value;
  return result;
}

/** Runs `run`, turning a FieldError (or a seed the state refuses) into a ControlError 400. */
function refusedAs400<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ControlError || !(error instanceof Error)) throw error;
    throw new ControlError(400, error.message);
  }
}
