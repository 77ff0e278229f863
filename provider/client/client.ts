import { readSecret, readTokenGrant, TokenGrant } from "./answers";
import { SETTINGS } from "../inputs/settings";
import { ManagementToken, TokenSource } from "./tokenCache";
import { Clock, SYSTEM_CLOCK } from "./clock";
import { GenAuthError, isAuthRejection } from "./errors";
import { Pacer } from "./pacer";
import {
  afterFailedSend,
  afterReadBack,
  foundUnchanged,
  NotYetKnown,
  ReadBack,
  RefreshStep,
  settleDelayMs,
} from "./refreshStep";
import { DEFAULT_RETRY_POLICY, isThrottled, RetryPolicy, RetrySettings } from "./retry";
import { retrying, RetryBudget } from "./retryLoop";
import { TlsSettings } from "./tls";
import { createHttp, DataReader, Http, send, TransportRequest, TransportResponse } from "./transport";

/** Where and as whom the client talks to GenAuth. */
export interface ClientSettings {
  /** Base URL without trailing slash, e.g. `https://api.genauth.ai`. */
  host: string;
  /** User pool id or collaborator key id. */
  accessKeyId: string;
  /** The matching secret. Kept in memory only. */
  accessKeySecret: string;
  /** User pool to address; when absent, the token's `scoped_userpool_id`, else the access key id. */
  userPoolId?: string;
  /**
   * Total deadline of one request in milliseconds, from connecting to the answer's last byte
   * (retries each get their own). @default 10000
   */
  timeoutMs: number;
  /** Retry budget and pacing; `maxDelayMs` defaults to {@link DEFAULT_RETRY_POLICY}'s. */
  retry: RetrySettings;
  /**
   * The assumption that settles a rotation whose answer was lost: GenAuth processes a request at
   * most this many milliseconds after it was sent. An unchanged read-back proves nothing rotated
   * only once this has passed since the attempt failed (see refreshStep.ts). @default 30000
   */
  maxProcessingDelayMs?: number;
  /** How GenAuth's certificate is checked. @default Node's CAs, verified */
  tls?: TlsSettings;
  /**
   * Whether an `http://` host other than loopback was allowed (`genauth:allowInsecureHttp`). The
   * settings' resolution enforces it; it is here so that clients differing in it are not shared.
   * @default false
   */
  allowInsecureHttp?: boolean;
}

/** An application secret as GenAuth returned it. */
export interface SecretResult {
  secret: string;
  /** GenAuth's request id of the call that produced or revealed the secret. */
  requestId?: string;
  /**
   * True when a refresh's response was lost and the client confirmed with `get-application-secret`
   * that the rotation had happened, instead of rotating again.
   */
  recovered?: boolean;
}

/** Options of {@link GenAuthClient.refreshApplicationSecret}. */
export interface RefreshOptions {
  /**
   * The secret the caller believes is current. When given, an ambiguous failure (timeout, reset,
   * 5xx) is never blindly retried: the client first asks GenAuth for the current secret and, if it
   * differs, returns it as the result of the rotation. Without it, a retry may rotate twice.
   */
  knownSecret?: string;
  /**
   * Runs before each attempt is sent (the first and every retry); a rejection ends the call with
   * that error and sends nothing more. The provider checks here that the engine is still there, so
   * a retry queued behind a throttle does not rotate after `pulumi` was killed.
   */
  beforeAttempt?: () => Promise<void>;
}

type Call = Omit<TransportRequest, "secrets" | "headers" | "method"> & { method?: "GET" | "POST" };

/**
 * A thin client for the GenAuth V3 management API: one management token per instance (shared by
 * concurrent calls), one pace for all its requests learnt from GenAuth's 429s ({@link Pacer}),
 * retries with exponential backoff and full jitter for failures that are safe to repeat, and
 * {@link GenAuthError}s that carry GenAuth's codes and request id.
 */
export class GenAuthClient {
  private readonly settings: ClientSettings;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly http: Http;
  private readonly tokens: TokenSource;
  private readonly pacer: Pacer;

  /** @param clock time, sleep and jitter (tests drive them); @default the system's */
  constructor(settings: ClientSettings, clock: Partial<Clock> = {}) {
    this.settings = settings;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...settings.retry };
    this.clock = { ...SYSTEM_CLOCK, ...clock };
    this.http = createHttp(settings.host, settings.timeoutMs, settings.tls);
    this.tokens = new TokenSource(() => this.fetchToken(), this.clock.now);
    // However many 429s come, a request per base delay still goes.
    this.pacer = new Pacer(this.clock, 1000 / Math.max(this.policy.baseDelayMs, 1));
  }

  /**
   * Rotates the application's secret (`POST /api/v3/refresh-application-secret`). Not idempotent:
   * each attempt is sent, its failure read back when it may have rotated, and sent again only once
   * nothing rotated (see refreshStep.ts).
   */
  async refreshApplicationSecret(appId: string, options: RefreshOptions = {}): Promise<SecretResult> {
    const budget = new RetryBudget({ policy: this.policy, clock: this.clock });
    for (;;) {
      let step = await this.sendRefresh(appId, options, budget);
      if (step.kind === "not-yet-known") step = await this.settle(appId, step);
      switch (step.kind) {
        case "rotated":
          return step.result;
        case "failed":
          throw step.error;
        case "failed-retryable":
          await budget.wait(step.next);
      }
    }
  }

  /** Reads the application's current secret (`GET /api/v3/get-application-secret`). */
  async getApplicationSecret(appId: string): Promise<SecretResult> {
    const res = await this.withRetry(() =>
      this.authenticated(
        {
          operation: "get-application-secret",
          path: "/api/v3/get-application-secret",
          query: { appId },
          appId,
        },
        readSecret,
      ),
    );
    return { secret: res.data.secret, requestId: res.requestId };
  }

  /**
   * The user pool this client addresses: `settings.userPoolId`, else the `scoped_userpool_id` of
   * its management token (fetched when none is held), else the access key id. Every call sends it
   * as the user pool header; record it to know later which pool a resource lives in. A failure to
   * get the token names `forApp`, like the calls about that app do.
   */
  async userPoolId(forApp?: string): Promise<string> {
    if (this.settings.userPoolId !== undefined) return this.settings.userPoolId;
    return this.poolFor(await this.tokenFor({ appId: forApp }));
  }

  /** The one rule for the pool a call addresses (see {@link userPoolId}). */
  private poolFor(token: ManagementToken): string {
    return this.settings.userPoolId ?? token.userPoolId ?? this.settings.accessKeyId;
  }

  private async fetchToken(): Promise<TokenGrant> {
    const { accessKeyId, accessKeySecret } = this.settings;
    const res = await this.withRetry(() =>
      this.paced(
        {
          operation: "get-management-token",
          method: "POST",
          path: "/api/v3/get-management-token",
          body: { accessKeyId, accessKeySecret },
          secrets: [accessKeySecret],
        },
        readTokenGrant,
      ),
    );
    return res.data;
  }

  /**
   * Sends with the current token; on 401 or apiCode 2020, drops the token and tries once more (a
   * second refusal drops the new token too, and is left to the retry policy). A failure to get a
   * token is reported for the call's app, so each resource's error names its app.
   */
  private async authenticated<T>(call: Call, read: DataReader<T>): Promise<TransportResponse<T>> {
    const token = await this.tokenFor(call);
    try {
      return await this.paced(this.withAuth(call, token), read);
    } catch (error) {
      if (!(error instanceof GenAuthError) || !isAuthRejection(error)) throw error;
      this.tokens.invalidate(token.value);
      const fresh = await this.tokenFor(call);
      try {
        return await this.paced(this.withAuth(call, fresh), read);
      } catch (again) {
        if (again instanceof GenAuthError && isAuthRejection(again)) this.tokens.invalidate(fresh.value);
        throw again;
      }
    }
  }

  private async tokenFor(call: Pick<Call, "appId">): Promise<ManagementToken> {
    try {
      return await this.tokens.get();
    } catch (error) {
      if (!(error instanceof GenAuthError) || call.appId === undefined) throw error;
      throw error.with({ appId: call.appId });
    }
  }

  private withAuth(call: Call, token: ManagementToken): TransportRequest {
    const userPoolId = this.poolFor(token);
    return {
      ...call,
      method: call.method ?? "GET",
      headers: {
        authorization: `Bearer ${token.value}`,
        // Which name api.genauth.ai honours is undocumented: send both.
        "x-authing-userpool-id": userPoolId,
        "x-genauth-userpool-id": userPoolId,
      },
      secrets: [token.value, this.settings.accessKeySecret],
    };
  }

  /** One attempt of a refresh: GenAuth's answer, or what its failure comes to ({@link afterFailedSend}). */
  private async sendRefresh(
    appId: string,
    options: RefreshOptions,
    budget: RetryBudget,
  ): Promise<RefreshStep> {
    try {
      await options.beforeAttempt?.();
      const res = await this.authenticated(
        {
          operation: "refresh-application-secret",
          method: "POST",
          path: "/api/v3/refresh-application-secret",
          body: { appId },
          appId,
        },
        readSecret,
      );
      return { kind: "rotated", result: { secret: res.data.secret, requestId: res.requestId } };
    } catch (error) {
      const next = budget.failed(error);
      return afterFailedSend(budget.finalError(error), next, options.knownSecret, this.clock.now());
    }
  }

  /**
   * What an attempt that may have rotated comes to: the secret read back at once, and, when it is
   * unchanged but the attempt could still be processed (see refreshStep.ts), read again once it
   * cannot. The clean path never comes here.
   */
  private async settle(appId: string, step: NotYetKnown): Promise<Exclude<RefreshStep, NotYetKnown>> {
    const outcome = afterReadBack(step, await this.readBack(appId));
    const window = this.settings.maxProcessingDelayMs ?? SETTINGS.maxProcessingDelayMs.default;
    const wait = settleDelayMs(step, this.clock.now(), window);
    if (wait === 0 || !foundUnchanged(outcome)) return outcome;
    await this.clock.sleep(wait);
    return afterReadBack(step, await this.readBack(appId));
  }

  /** Reads the secret back after an attempt that may have rotated; a failed read is an outcome too. */
  private async readBack(appId: string): Promise<ReadBack> {
    try {
      return { ok: true, current: await this.getApplicationSecret(appId) };
    } catch (readError) {
      return { ok: false, readError };
    }
  }

  /** Sends one request in its turn of the client's pace, and tells the pacer how it went. */
  private async paced<T>(request: TransportRequest, read: DataReader<T>): Promise<TransportResponse<T>> {
    const sentAt = await this.pacer.acquire();
    try {
      const response = await send(this.http, request, read);
      this.pacer.answered(sentAt);
      return response;
    } catch (error) {
      if (isThrottled(error)) {
        const retryAfter = (error as GenAuthError).retryAfterMs;
        this.pacer.throttled(
          sentAt,
          retryAfter === undefined ? undefined : Math.min(retryAfter, this.policy.maxDelayMs),
        );
      } else if (error instanceof GenAuthError && error.httpStatus !== undefined) {
        this.pacer.answered(sentAt);
      }
      throw error;
    }
  }

  /**
   * Runs `attempt`, an operation safe to repeat, until it succeeds or the policy's budget runs out
   * (see {@link retrying}). Throttled attempts count against the time budget only.
   */
  private withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    return retrying(attempt, { policy: this.policy, clock: this.clock });
  }
}
