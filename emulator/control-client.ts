/**
 * The HTTP control API as a typed client, for tests whose emulator runs in another process (the
 * `genauth-emulator` bin, a Pulumi program's provider host). It has every method of EmulatorControl
 * (the compiler checks it against ControlClientMethods), each sent where the table (CONTROL_OPERATIONS)
 * says: each is async and rejects with EmulatorControlHttpError when the control API refuses.
 */
import type { AppSnapshot, EmulatorControl, NewApp, RateLimitStatus } from "./control";
import { CONTROL_OPERATIONS, ControlOperationName, requestFor } from "./controlOperations";
import type { ActiveFault, FaultRule } from "./faults";
import { isFields } from "./fields";
import type { RateLimitSettings } from "./rateLimit";
import type { RequestLogEntry } from "./requestLog";
import type { IssuedSecrets } from "./secretRecord";
import type { Seed } from "./seed";

/** The control API refused a request. */
export class EmulatorControlHttpError extends Error {
  /** The HTTP status the control API answered with (400, 404, 409, 500, 501). */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "EmulatorControlHttpError";
    this.status = status;
  }
}

/** What an operation resolves with over HTTP: its in-process result. */
type Result<M extends ControlOperationName> = Awaited<ReturnType<EmulatorControl[M]>>;

/** Every control operation as a promise of its in-process result. */
export type ControlClientMethods = {
  [M in ControlOperationName]: (...args: Parameters<EmulatorControl[M]>) => Promise<Result<M>>;
};

/** A client of `<emulator url>/__emulator/`; each method is EmulatorControl's, over HTTP. */
export class EmulatorControlClient implements ControlClientMethods {
  private readonly base: string;

  /** @param url the emulator's base URL, e.g. `http://127.0.0.1:8787` (a trailing slash is fine) */
  constructor(url: string) {
    this.base = `${url.replace(/\/+$/, "")}/__emulator`;
  }

  /** {@link EmulatorControl.reset}, over HTTP. */
  async reset(seed?: Seed): Promise<void> {
    await this.send("reset", seed);
  }

  /** {@link EmulatorControl.app}, over HTTP. */
  app(appId: string): Promise<AppSnapshot> {
    return this.send("app", appId);
  }

  /** {@link EmulatorControl.rotate}, over HTTP. */
  rotate(appId: string): Promise<{ secret: string }> {
    return this.send("rotate", appId);
  }

  /** {@link EmulatorControl.addApp}, over HTTP. */
  addApp(app: NewApp): Promise<AppSnapshot> {
    return this.send("addApp", app);
  }

  /** {@link EmulatorControl.calls}, over HTTP. */
  calls(): Promise<Record<string, number>> {
    return this.send("calls");
  }

  /** {@link EmulatorControl.resetCalls}, over HTTP. */
  async resetCalls(): Promise<void> {
    await this.send("resetCalls");
  }

  /** {@link EmulatorControl.setTokenLifetime}, over HTTP. */
  async setTokenLifetime(seconds: number): Promise<void> {
    await this.send("setTokenLifetime", seconds);
  }

  /** {@link EmulatorControl.expireTokens}, over HTTP. */
  expireTokens(): Promise<{ expired: number }> {
    return this.send("expireTokens");
  }

  /** {@link EmulatorControl.addFaults}, over HTTP. */
  addFaults(rules: FaultRule | FaultRule[]): Promise<{ ids: string[] }> {
    return this.send("addFaults", rules);
  }

  /** {@link EmulatorControl.faults}, over HTTP. */
  faults(): Promise<ActiveFault[]> {
    return this.send("faults");
  }

  /** {@link EmulatorControl.clearFaults}, over HTTP. */
  clearFaults(): Promise<{ cleared: number }> {
    return this.send("clearFaults");
  }

  /** {@link EmulatorControl.requests}, over HTTP. */
  requests(limit?: number): Promise<RequestLogEntry[]> {
    return this.send("requests", limit);
  }

  /** {@link EmulatorControl.rateLimit}, over HTTP. */
  rateLimit(): Promise<RateLimitStatus> {
    return this.send("rateLimit");
  }

  /** {@link EmulatorControl.setRateLimit}, over HTTP. */
  setRateLimit(settings: RateLimitSettings): Promise<RateLimitStatus> {
    return this.send("setRateLimit", settings);
  }

  /** {@link EmulatorControl.clearRateLimit}, over HTTP. */
  clearRateLimit(): Promise<RateLimitStatus> {
    return this.send("clearRateLimit");
  }

  /** {@link EmulatorControl.resetThrottled}, over HTTP. */
  async resetThrottled(): Promise<void> {
    await this.send("resetThrottled");
  }

  /** {@link EmulatorControl.outage}, over HTTP. */
  outage(ms: number): Promise<{ ms: number }> {
    return this.send("outage", ms);
  }

  /** {@link EmulatorControl.issuedSecrets}, over HTTP. */
  issuedSecrets(): Promise<IssuedSecrets> {
    return this.send("issuedSecrets");
  }

  /** Sends one operation where the table says, and answers the control API's JSON (or rejects with its refusal). */
  private async send<M extends ControlOperationName>(
    name: M,
    argument?: Parameters<EmulatorControl[M]>[0],
  ): Promise<Result<M>> {
    const { method } = CONTROL_OPERATIONS[name];
    const { path, body } = requestFor(CONTROL_OPERATIONS[name], argument);
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text === "" ? undefined : JSON.parse(text);
    if (!response.ok) {
      const error = isFields(parsed) && typeof parsed.error === "string" ? parsed.error : text;
      throw new EmulatorControlHttpError(response.status, `${method} ${path}: ${response.status} ${error}`);
    }
    // The control API answers with the JSON of the method's own result (control.ts, controlOperations.ts).
    return parsed as Result<M>;
  }
}
