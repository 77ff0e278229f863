/**
 * The control plane: what a test does to the emulator rather than through the emulated API (moto's
 * reserved `/moto-api/`, the firebase emulator's `/emulator/v1/`). `EmulatorControl` is the in-process
 * form; `handleControlRequest` serves the same operations as JSON under `/__emulator/`. Control calls
 * are never counted as API calls (nor rate limited), and rotating here is "someone rotated in the console".
 */
import { FaultRule, ActiveFault, parseFaultRule } from "./faults";
import { parseOutageMs } from "./outage";
import { parseRateLimit, RateLimitSettings } from "./rateLimit";
import type { Instruments } from "./instruments";
import type { RequestLogEntry } from "./requestLog";
import type { IssuedSecrets } from "./secretRecord";
import { parseSeed, parseSeedApp, Seed } from "./seed";
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

/** In-process control of a running emulator; the HTTP control API and EmulatorControlClient mirror it. */
export class EmulatorControl {
  constructor(private readonly host: ControlHost) {}

  /** Rebuilds the whole state (apps, secrets, tokens, faults, counts, log) from a seed. */
  reset(seed?: Seed): void {
    guard(400, () => this.host.reset(seed === undefined ? undefined : parseSeed(seed)));
  }

  /** The current truth about an app. */
  app(appId: string): AppSnapshot {
    const app = this.host.state().findApp(appId);
    if (app === undefined) throw new ControlError(404, `application ${appId} does not exist`);
    const { userPoolId, appName, secret, rotations } = app;
    return { appId, userPoolId, appName, secret, rotations };
  }

  /** Rotates an app's secret outside the API, like an administrator in the console. */
  rotate(appId: string): { secret: string } {
    this.app(appId);
    return { secret: this.host.state().rotateSecret(appId) };
  }

  /** Adds an app to an existing user pool. */
  addApp(app: NewApp): AppSnapshot {
    const { userPoolId } = app;
    if (typeof userPoolId !== "string" || userPoolId === "") {
      throw new ControlError(400, "app.userPoolId must be a non-empty string");
    }
    const seedApp = guard(400, () => parseSeedApp({ appName: app.appId, ...app }, "app"));
    const state = this.host.state();
    if (!state.userPoolIds().includes(userPoolId)) {
      throw new ControlError(404, `user pool ${userPoolId} does not exist`);
    }
    if (state.findApp(seedApp.appId) !== undefined) {
      throw new ControlError(409, `application ${seedApp.appId} already exists`);
    }
    state.addApp(userPoolId, seedApp);
    return this.app(seedApp.appId);
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
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new ControlError(400, `seconds must be an integer of at least 1; got ${String(seconds)}`);
    }
    this.host.state().tokenLifetimeSeconds = seconds;
  }

  /** Expires every token issued so far. */
  expireTokens(): { expired: number } {
    return { expired: this.host.state().expireTokens() };
  }

  /** Adds fault rules (validated first: either all are added or none). */
  addFaults(rules: FaultRule | FaultRule[]): { ids: string[] } {
    const list = Array.isArray(rules) ? rules : [rules];
    const parsed = list.map((rule) => guard(400, () => parseFaultRule(rule)));
    const instruments = this.host.instruments();
    return { ids: parsed.map((rule) => instruments.addFault(rule)) };
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
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new ControlError(400, `limit must be a non-negative integer; got ${String(limit)}`);
    }
    return this.host.instruments().requests(limit);
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
    this.host.instruments().setRateLimit(guard(400, () => parseRateLimit(settings)));
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
   * destroyed, then the emulator listens again on the same URL with its state intact. Resolves once down.
   */
  async outage(ms: number): Promise<{ ms: number }> {
    await this.prepareOutage(ms)();
    return { ms };
  }

  /**
   * Checks an outage and returns what starts it, without starting it: the HTTP control API must send its
   * answer before the outage cuts the very connection the request came on.
   */
  prepareOutage(ms: number): () => Promise<void> {
    const checked = guard(400, () => parseOutageMs(ms));
    const start = this.host.outage?.bind(this.host);
    if (start === undefined) throw new ControlError(501, "this emulator has no server to take down");
    return () => start(checked);
  }

  /**
   * Every app secret (seeded, added, rotated through the API or in the console) and every management
   * token this emulator has issued, oldest first, across resets: for tests that scan output for leaks.
   */
  issuedSecrets(): IssuedSecrets {
    return this.host.issuedSecrets();
  }
}

/** One control-API answer. */
export interface ControlAnswer {
  status: number;
  body: unknown;
  /** What the server must do once the answer is sent (take itself down, for `POST outage`). */
  after?: () => Promise<void>;
}

type ControlRoute = [
  method: string,
  pattern: RegExp,
  run: (params: string[], body: unknown, query: URLSearchParams) => unknown,
];

/**
 * Serves `/__emulator/...`. `path` is the URL path, `body` the parsed JSON body (undefined when empty).
 * ControlErrors become `{error}` with their status; anything else is the emulator's bug and a 500.
 */
export function handleControlRequest(
  control: EmulatorControl,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): ControlAnswer {
  let after: ControlAnswer["after"];
  const routes: ControlRoute[] = [
    ["POST", /^reset$/, () => (control.reset(body as Seed | undefined), { reset: true })],
    ["GET", /^apps\/([^/]+)$/, ([appId]) => control.app(appId)],
    ["POST", /^apps\/([^/]+)\/rotate$/, ([appId]) => control.rotate(appId)],
    ["POST", /^apps$/, () => control.addApp(asObject(body) as unknown as NewApp)],
    ["GET", /^calls$/, () => control.calls()],
    ["POST", /^calls\/reset$/, () => (control.resetCalls(), { reset: true })],
    ["PUT", /^token-lifetime$/, () => setLifetime(control, body)],
    ["POST", /^tokens\/expire$/, () => control.expireTokens()],
    ["POST", /^faults$/, () => control.addFaults(body as FaultRule | FaultRule[])],
    ["GET", /^faults$/, () => control.faults()],
    ["DELETE", /^faults$/, () => control.clearFaults()],
    [
      "GET",
      /^requests$/,
      (_, __, q) => control.requests(q.has("limit") ? Number(q.get("limit")) : undefined),
    ],
    ["GET", /^rate-limit$/, () => control.rateLimit()],
    ["PUT", /^rate-limit$/, () => control.setRateLimit(asObject(body) as unknown as RateLimitSettings)],
    ["DELETE", /^rate-limit$/, () => control.clearRateLimit()],
    ["POST", /^rate-limit\/reset$/, () => (control.resetThrottled(), { reset: true })],
    [
      "POST",
      /^outage$/,
      () => {
        const { ms } = asObject(body);
        after = control.prepareOutage(ms as number);
        return { ms };
      },
    ],
    ["GET", /^issued-secrets$/, () => control.issuedSecrets()],
  ];
  const rest = path.replace(/^\/__emulator\/?/, "");
  try {
    for (const [routeMethod, pattern, run] of routes) {
      const match = pattern.exec(rest);
      if (match && routeMethod === method) {
        const answer = run(match.slice(1).map(decodeURIComponent), body, query);
        return after === undefined ? { status: 200, body: answer } : { status: 200, body: answer, after };
      }
    }
    throw new ControlError(404, `no control operation ${method} ${path}`);
  } catch (error) {
    if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
    return { status: 500, body: { error: `emulator bug: ${(error as Error).message}` } };
  }
}

function setLifetime(control: EmulatorControl, body: unknown): { seconds: number } {
  const { seconds } = asObject(body);
  control.setTokenLifetime(seconds as number);
  return { seconds: seconds as number };
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ControlError(400, "request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

function guard<T>(status: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof ControlError ? error : new ControlError(status, (error as Error).message);
  }
}
