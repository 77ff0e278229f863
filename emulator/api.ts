/**
 * The pipeline of one emulated API call (moto's "parse → call → render"):
 *   route → count the call → parse input → rate limit → pick a fault → (fault answers, or) authenticate
 *   → handler → answer (or, for lose-response, drop the connection after the handler ran) → request log.
 * Every call that reaches a known route is counted, including failed, throttled and faulted ones, because
 * what a client test wants to know is what the client sent. The rate limiter comes before faults and
 * authentication, as a gateway's would: a throttled call changes nothing, uses up no fault rule and no
 * signature nonce.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, authScheme, callerUserPool, userPoolHeader } from "./auth";
import { Envelope, fail } from "./envelope";
import { ActiveFault, FaultEffect } from "./faults";
import { getManagementToken, HANDLERS, HandlerInput } from "./handlers";
import { BodyError, parseJsonObject, readBody, sendJson } from "./http-io";
import { retryAfterSeconds } from "./rateLimit";
import { findRoute, Route } from "./routes";
import type { Admission, Instruments } from "./instruments";
import type { RequestLogEntry } from "./requestLog";
import type { EmulatorState } from "./state";

/** What the pipeline needs from the server around it. */
export interface ApiEnvironment {
  /** The live state (replaced on reset, so it is read per call). */
  state(): EmulatorState;
  /** The live instruments: counts, faults, rate limiter, request log (replaced on reset with the state). */
  instruments(): Instruments;
  /** A fresh requestId. */
  newRequestId(): string;
  /** Resolves after `ms`, or never if the emulator stops first (so a stopped emulator never answers). */
  delay(ms: number): Promise<void>;
  /** Receives one line per call when request logging is on. */
  log?: (line: string) => void;
  /**
   * Whether successful answers carry a `requestId`. GenAuth documents it as "returned when the
   * request fails", so a client must not depend on it on success. @default false
   */
  requestIdOnSuccess?: boolean;
}

/** Serves one request to the emulated API. */
export async function handleApiRequest(env: ApiEnvironment, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const state = env.state();
  const instruments = env.instruments();
  const entry: RequestLogEntry = {
    operation: "unknown",
    method,
    path: url.pathname,
    authScheme: authScheme(req.headers),
    requestId: env.newRequestId(),
  };
  const header = userPoolHeader(req.headers);
  if (header !== undefined) entry.userPoolHeader = header;
  const finish = (httpStatus: number | undefined, envelope: Envelope | undefined, headers = {}) => {
    if (httpStatus !== undefined) {
      entry.httpStatus = httpStatus;
      sendJson(res, httpStatus, envelope && rendered(envelope, env.requestIdOnSuccess ?? false), headers);
    }
    if (envelope !== undefined) entry.statusCode = envelope.statusCode;
    if (envelope?.apiCode !== undefined) entry.apiCode = envelope.apiCode;
    instruments.recordRequest(entry);
    env.log?.(logLine(entry));
  };

  const match = findRoute(method, url.pathname);
  if (match.kind !== "route") {
    const message =
      match.kind === "wrong-method"
        ? `${match.route.path} takes ${match.route.method}, not ${method}`
        : `no such API: ${method} ${url.pathname}`;
    return finish(404, fail(entry.requestId, { statusCode: 404, message }));
  }
  const { route } = match;
  entry.operation = route.operation;
  instruments.countCall(route.operation);

  let input: HandlerInput;
  try {
    input = method === "GET" ? Object.fromEntries(url.searchParams) : parseJsonObject(await readBody(req));
  } catch (error) {
    const status = error instanceof BodyError ? error.status : 400;
    return finish(status, fail(entry.requestId, { statusCode: status, message: (error as Error).message }));
  }
  if (typeof input.appId === "string") entry.appId = input.appId;

  const tokenKey = route.operation === "get-management-token" ? input.accessKeyId : undefined;
  const admission = instruments.admitCall(callerUserPool(state, req.headers, tokenKey));
  if (!admission.admitted) {
    entry.rateLimited = true;
    const sendRetryAfter = instruments.rateLimit()?.retryAfter === true;
    return answerRateLimited(admission, sendRetryAfter, entry.requestId, finish);
  }

  const fault = instruments.takeFault(route.operation, entry.appId);
  if (fault !== undefined) entry.fault = fault.effect.kind;
  switch (fault?.effect.kind) {
    case "reset":
      req.socket.destroy();
      return finish(undefined, undefined);
    case "hang":
      if (fault.effect.ms === undefined) {
        // Never answered; the socket closes when the client gives up or the emulator stops.
        return finish(undefined, undefined);
      }
      await env.delay(fault.effect.ms);
      if (res.destroyed) return finish(undefined, undefined);
      break;
    case "throttle":
    case "http":
    case "status":
      return answerFault(fault, entry.requestId, finish);
    case "redirect":
      if (!fault.effect.afterProcessing) return answerRedirect(fault.effect, url, entry.requestId, finish);
  }

  const envelope = callOperation(state, route, req, url.pathname, input, entry.requestId, fault);
  if (fault?.effect.kind === "lose-response") {
    req.socket.destroy();
    return finish(undefined, envelope);
  }
  if (fault?.effect.kind === "redirect") {
    // Processed, then sent elsewhere: what the client gets is the redirect, not this envelope.
    return answerRedirect(fault.effect, url, entry.requestId, finish);
  }
  finish(200, envelope);
}

/** A success envelope without its requestId unless asked for; failures always keep theirs. */
function rendered(envelope: Envelope, requestIdOnSuccess: boolean): Envelope {
  if (envelope.statusCode !== 200 || requestIdOnSuccess) return envelope;
  const { requestId: _omitted, ...rest } = envelope;
  return rest;
}

/**
 * The redirect fault's answer: its status with `Location` (by default the request's own path and
 * query) and a small envelope naming the status, as a gateway might send.
 */
function answerRedirect(
  effect: Extract<FaultEffect, { kind: "redirect" }>,
  url: URL,
  requestId: string,
  finish: Finish,
): void {
  const location = effect.location ?? `${url.pathname}${url.search}`;
  const message = `moved (HTTP ${effect.status}) to ${location}`;
  finish(effect.status, { statusCode: effect.status, message, requestId }, { location });
}

function callOperation(
  state: EmulatorState,
  route: Route,
  req: IncomingMessage,
  path: string,
  input: HandlerInput,
  requestId: string,
  fault: ActiveFault | undefined,
): Envelope {
  if (route.operation === "get-management-token") return getManagementToken(state, input, { requestId });
  const auth = authenticate(
    state,
    { method: route.method, path, headers: req.headers, params: input },
    { forceExpired: fault?.effect.kind === "expire-token" },
  );
  if (!auth.ok) return fail(requestId, auth.failure);
  return HANDLERS[route.operation](state, input, { requestId, userPoolId: auth.userPoolId });
}

type Finish = (httpStatus: number, envelope: Envelope, headers?: Record<string, string>) => void;

/** Answers for the faults that replace the answer: throttle (429), http (any status), status (HTTP 200). */
function answerFault(fault: ActiveFault, requestId: string, finish: Finish): void {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  const { effect } = fault;
  if (effect.kind === "throttle") {
    const message = effect.message ?? "too many requests, please slow down";
    return finish(429, { statusCode: 429, message, requestId }, headers);
  }
  if (effect.kind === "http") {
    const message = effect.message ?? `emulated HTTP ${effect.status}`;
    return finish(effect.status, fail(requestId, { statusCode: effect.status, message }), headers);
  }
  if (effect.kind === "status") {
    const message = effect.message ?? `emulated statusCode ${effect.statusCode}`;
    const failure = { statusCode: effect.statusCode, apiCode: effect.apiCode, message };
    return finish(200, fail(requestId, failure), headers);
  }
}

/**
 * The rate limiter's answer: HTTP 429 with the documented `{statusCode: 429, message}` body (no apiCode:
 * GenAuth documents none for throttling) and, only when asked for, `Retry-After` in whole seconds
 * (GenAuth documents no such header).
 */
function answerRateLimited(
  refusal: Extract<Admission, { admitted: false }>,
  sendRetryAfter: boolean,
  requestId: string,
  finish: Finish,
): void {
  const { userPoolId, retryAfterMs } = refusal;
  const message = `too many requests: user pool ${userPoolId} is over its rate limit; retry in ${retryAfterMs} ms`;
  const headers: Record<string, string> = sendRetryAfter
    ? { "retry-after": String(retryAfterSeconds(retryAfterMs)) }
    : {};
  finish(429, { statusCode: 429, message, requestId }, headers);
}

function logLine(entry: RequestLogEntry): string {
  const app = entry.appId === undefined ? "" : ` appId=${entry.appId}`;
  const answer = entry.httpStatus === undefined ? "no answer" : `HTTP ${entry.httpStatus}`;
  const body = entry.statusCode === undefined ? "" : ` statusCode=${entry.statusCode}`;
  const code = entry.apiCode === undefined ? "" : ` apiCode=${entry.apiCode}`;
  const fault = entry.fault === undefined ? "" : ` fault=${entry.fault}`;
  const limited = entry.rateLimited ? " rate-limited" : "";
  return `${entry.method} ${entry.operation}${app} auth=${entry.authScheme} -> ${answer}${body}${code}${fault}${limited} requestId=${entry.requestId}`;
}
