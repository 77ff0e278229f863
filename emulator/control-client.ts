/**
 * The HTTP control API as a typed client, for tests whose emulator runs in another process (the
 * `genauth-emulator` bin, a Pulumi program's provider host). Method names match EmulatorControl; every
 * method is async and rejects with EmulatorControlHttpError when the control API refuses.
 */
import type { AppSnapshot, NewApp, RateLimitStatus } from "./control";
import type { ActiveFault, FaultRule } from "./faults";
import type { RateLimitSettings } from "./rateLimit";
import type { IssuedSecrets } from "./secretRecord";
import type { Seed } from "./seed";
import type { RequestLogEntry } from "./requestLog";

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

/** A client of `<emulator url>/__emulator/`. */
export class EmulatorControlClient {
  private readonly base: string;

  /** @param url the emulator's base URL, e.g. `http://127.0.0.1:8787` (a trailing slash is fine) */
  constructor(url: string) {
    this.base = `${url.replace(/\/+$/, "")}/__emulator`;
  }

  /** Rebuilds the whole state from a seed (default: the seed the emulator started with). */
  async reset(seed?: Seed): Promise<void> {
    await this.call("POST", "/reset", seed);
  }

  /** The current truth about an app, secret included. */
  app(appId: string): Promise<AppSnapshot> {
    return this.call("GET", `/apps/${encodeURIComponent(appId)}`);
  }

  /** Rotates an app's secret outside the API (like the console); not counted as an API call. */
  rotate(appId: string): Promise<{ secret: string }> {
    return this.call("POST", `/apps/${encodeURIComponent(appId)}/rotate`);
  }

  /** Adds an app to an existing user pool. */
  addApp(app: NewApp): Promise<AppSnapshot> {
    return this.call("POST", "/apps", app);
  }

  /** API calls received, by operation. */
  calls(): Promise<Record<string, number>> {
    return this.call("GET", "/calls");
  }

  /** Forgets the call counts. */
  async resetCalls(): Promise<void> {
    await this.call("POST", "/calls/reset");
  }

  /** Sets the lifetime of tokens issued from now on. */
  async setTokenLifetime(seconds: number): Promise<void> {
    await this.call("PUT", "/token-lifetime", { seconds });
  }

  /** Expires every token issued so far. */
  expireTokens(): Promise<{ expired: number }> {
    return this.call("POST", "/tokens/expire");
  }

  /** Adds fault rules; resolves with their IDs. */
  addFaults(rules: FaultRule | FaultRule[]): Promise<{ ids: string[] }> {
    return this.call("POST", "/faults", rules);
  }

  /** The fault rules with how often each fired. */
  faults(): Promise<ActiveFault[]> {
    return this.call("GET", "/faults");
  }

  /** Removes every fault rule. */
  clearFaults(): Promise<{ cleared: number }> {
    return this.call("DELETE", "/faults");
  }

  /** The last `limit` API requests, oldest first. */
  requests(limit?: number): Promise<RequestLogEntry[]> {
    return this.call("GET", limit === undefined ? "/requests" : `/requests?limit=${limit}`);
  }

  /** The rate limit in force and how many calls it refused. */
  rateLimit(): Promise<RateLimitStatus> {
    return this.call("GET", "/rate-limit");
  }

  /** Limits API calls per user pool from now on (until the next reset). */
  setRateLimit(settings: RateLimitSettings): Promise<RateLimitStatus> {
    return this.call("PUT", "/rate-limit", settings);
  }

  /** Stops limiting API calls. */
  clearRateLimit(): Promise<RateLimitStatus> {
    return this.call("DELETE", "/rate-limit");
  }

  /** Forgets how many calls the rate limiter refused. */
  async resetThrottled(): Promise<void> {
    await this.call("POST", "/rate-limit/reset");
  }

  /**
   * Makes the emulator refuse connections for `ms` milliseconds, then come back on the same URL with its
   * state. Resolves with the emulator's answer, sent just before it goes down.
   */
  outage(ms: number): Promise<{ ms: number }> {
    return this.call("POST", "/outage", { ms });
  }

  /** Every app secret and management token the emulator has issued, oldest first, across resets. */
  issuedSecrets(): Promise<IssuedSecrets> {
    return this.call("GET", "/issued-secrets");
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text === "" ? undefined : JSON.parse(text);
    if (!response.ok) {
      const error = (parsed as { error?: string } | undefined)?.error ?? text;
      throw new EmulatorControlHttpError(response.status, `${method} ${path}: ${response.status} ${error}`);
    }
    return parsed as T;
  }
}
