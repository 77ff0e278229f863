/**
 * The control plane: what a test does to the emulator rather than through the emulated API (moto's
 * reserved `/moto-api/`, the firebase emulator's `/emulator/v1/`). `EmulatorControl` is the in-process
 * form; `handleControlRequest` serves the same operations as JSON under `/__emulator/`. Control calls
 * are never counted as API calls, and rotating here is "someone rotated in the console".
 */
import { FaultRule, ActiveFault, parseFaultRule } from "./faults";
import { parseSeed, parseSeedApp, Seed } from "./seed";
import type { EmulatorState, RequestLogEntry } from "./state";

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

/** A control operation that cannot be done; `status` is the HTTP status the control API answers with. */
export class ControlError extends Error {
  /** 400 bad input, 404 unknown app or path, 409 conflict. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ControlError";
    this.status = status;
  }
}

/** What the control plane needs from the server: the live state and a way to rebuild it. */
export interface ControlHost {
  /** The live state. */
  state(): EmulatorState;
  /** Replaces the state by one built from `seed` (default: the seed the emulator started with). */
  reset(seed?: Seed): void;
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
    return this.host.state().calls();
  }

  /** Forgets the call counts. */
  resetCalls(): void {
    this.host.state().resetCalls();
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
    const state = this.host.state();
    return { ids: parsed.map((rule) => state.addFault(rule)) };
  }

  /** The fault rules with how often each fired. */
  faults(): ActiveFault[] {
    return this.host.state().faults();
  }

  /** Removes every fault rule. */
  clearFaults(): { cleared: number } {
    return { cleared: this.host.state().clearFaults() };
  }

  /** The last `limit` API requests, oldest first (never a secret or token). */
  requests(limit?: number): RequestLogEntry[] {
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new ControlError(400, `limit must be a non-negative integer; got ${String(limit)}`);
    }
    return this.host.state().requests(limit);
  }
}

/** One control-API answer. */
export interface ControlAnswer {
  status: number;
  body: unknown;
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
  ];
  const rest = path.replace(/^\/__emulator\/?/, "");
  try {
    for (const [routeMethod, pattern, run] of routes) {
      const match = pattern.exec(rest);
      if (match && routeMethod === method) {
        return { status: 200, body: run(match.slice(1).map(decodeURIComponent), body, query) };
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
