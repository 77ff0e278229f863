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
import type { ActiveFault } from "./faults";
import { getManagementToken, HANDLERS, HandlerInput } from "./handlers";
import { BodyError, parseJsonObject, readBody, sendJson } from "./http-io";
import { faultAnswer, InjectedAnswer, rateLimitedAnswer, redirectAnswer } from "./injectedAnswers";
import { findRoute, Route } from "./routes";
import type { Instruments } from "./instruments";
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

/** Serves one request to the emulated API: the pipeline of the header, one named step per stage. */
export async function handleApiRequest(
  env: ApiEnvironment,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const call = openCall(env, req, res);
  const route = routeOf(call);
  if (route === undefined) return;
  const input = await inputOf(call);
  if (input === undefined || !admitted(call, route, input)) return;
  const fault = call.instruments.takeFault(route.operation, call.entry.appId);
  if (fault !== undefined) call.entry.fault = fault.effect.kind;
  if (await answeredBeforeHandler(call, fault)) return;
  const envelope = callOperation(call, route, input, fault);
  answerAfterHandler(call, envelope, fault);
}

/** One API call on its way through the pipeline. */
interface Call {
  readonly env: ApiEnvironment;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  /** The state and instruments as they were when the call came in (a reset meanwhile does not matter). */
  readonly state: EmulatorState;
  readonly instruments: Instruments;
  /** What the request log will say of the call, filled in stage by stage. */
  readonly entry: RequestLogEntry;
}

/** Starts a call: its URL, method, and the request-log entry as far as the headers tell. */
function openCall(env: ApiEnvironment, req: IncomingMessage, res: ServerResponse): Call {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const entry: RequestLogEntry = {
    operation: "unknown",
    method,
    path: url.pathname,
    authScheme: authScheme(req.headers),
    requestId: env.newRequestId(),
  };
  const header = userPoolHeader(req.headers);
  if (header !== undefined) entry.userPoolHeader = header;
  return { env, req, res, url, method, state: env.state(), instruments: env.instruments(), entry };
}

/**
 * Ends a call: sends the answer (none when `httpStatus` is undefined: the connection was dropped or is
 * left hanging), then records it in the request log and, when logging is on, in the log.
 */
function finish(
  call: Call,
  httpStatus: number | undefined,
  envelope: Envelope | undefined,
  headers: Record<string, string> = {},
): void {
  const { entry, env } = call;
  if (httpStatus !== undefined) {
    entry.httpStatus = httpStatus;
    sendJson(call.res, httpStatus, envelope && rendered(envelope, env.requestIdOnSuccess ?? false), headers);
  }
  if (envelope !== undefined) entry.statusCode = envelope.statusCode;
  if (envelope?.apiCode !== undefined) entry.apiCode = envelope.apiCode;
  call.instruments.recordRequest(entry);
  env.log?.(logLine(entry));
}

/** Ends a call with an answer that takes the handler's place. */
function send(call: Call, answer: InjectedAnswer): void {
  finish(call, answer.httpStatus, answer.envelope, answer.headers);
}

/** The call's route, counted; or undefined once a 404 is answered for an unknown path or method. */
function routeOf(call: Call): Route | undefined {
  const { method, url, entry } = call;
  const match = findRoute(method, url.pathname);
  if (match.kind !== "route") {
    const message =
      match.kind === "wrong-method"
        ? `${match.route.path} takes ${match.route.method}, not ${method}`
        : `no such API: ${method} ${url.pathname}`;
    finish(call, 404, fail(entry.requestId, { statusCode: 404, message }));
    return undefined;
  }
  entry.operation = match.route.operation;
  call.instruments.countCall(match.route.operation);
  return match.route;
}

/** The call's parameters (query of a GET, else the JSON body); or undefined once a 400 (or 413) is answered. */
async function inputOf(call: Call): Promise<HandlerInput | undefined> {
  let input: HandlerInput;
  try {
    input =
      call.method === "GET"
        ? Object.fromEntries(call.url.searchParams)
        : parseJsonObject(await readBody(call.req));
  } catch (error) {
    const status = error instanceof BodyError ? error.status : 400;
    const message = (error as Error).message;
    finish(call, status, fail(call.entry.requestId, { statusCode: status, message }));
    return undefined;
  }
  if (typeof input.appId === "string") call.entry.appId = input.appId;
  return input;
}

/**
 * Whether the rate limiter admits the call, by the caller's user pool; if not, answers the 429. The
 * token call has no pool header yet, so its pool is its accessKeyId.
 */
function admitted(call: Call, route: Route, input: HandlerInput): boolean {
  const { instruments, entry } = call;
  const tokenKey = route.operation === "get-management-token" ? input.accessKeyId : undefined;
  const admission = instruments.admitCall(callerUserPool(call.state, call.req.headers, tokenKey));
  if (admission.admitted) return true;
  entry.rateLimited = true;
  send(call, rateLimitedAnswer(admission, instruments.rateLimit()?.retryAfter === true, entry.requestId));
  return false;
}

/**
 * Applies a fault that acts before the handler: `reset` drops the connection, `hang` never answers (or
 * answers late), `process-late` holds the call and then runs it whether or not its client is left, `throttle`, `http` and `status` answer in the handler's place, and `redirect` (unless
 * after processing) sends the client elsewhere. True when the call is over.
 */
async function answeredBeforeHandler(call: Call, fault: ActiveFault | undefined): Promise<boolean> {
  switch (fault?.effect.kind) {
    case "reset":
      call.req.socket.destroy();
      finish(call, undefined, undefined);
      return true;
    case "hang":
      if (fault.effect.ms === undefined) {
        // Never answered; the socket closes when the client gives up or the emulator stops.
        finish(call, undefined, undefined);
        return true;
      }
      await call.env.delay(fault.effect.ms);
      // Late, but on to the handler, unless the client gave up meanwhile.
      if (!call.res.destroyed) return false;
      finish(call, undefined, undefined);
      return true;
    case "process-late":
      // On to the handler even if the client gave up meanwhile: GenAuth never learns it left.
      await call.env.delay(fault.effect.ms);
      return false;
    case "throttle":
    case "http":
    case "status":
      send(call, faultAnswer(fault.effect, fault.retryAfterSeconds, call.entry.requestId));
      return true;
    case "redirect":
      if (fault.effect.afterProcessing) return false;
      send(call, redirectAnswer(fault.effect, call.url, call.entry.requestId));
      return true;
    default:
      return false;
  }
}

/**
 * Answers the handler's envelope, unless a fault acts after the handler: `lose-response` drops the
 * connection, a `redirect` after processing sends the redirect instead.
 */
function answerAfterHandler(call: Call, envelope: Envelope, fault: ActiveFault | undefined): void {
  // Processed for a client that has gone (process-late): nobody gets the answer.
  if (call.res.destroyed) return finish(call, undefined, envelope);
  if (fault?.effect.kind === "lose-response") {
    call.req.socket.destroy();
    return finish(call, undefined, envelope);
  }
  if (fault?.effect.kind === "redirect") {
    // Processed, then sent elsewhere: what the client gets is the redirect, not this envelope.
    return send(call, redirectAnswer(fault.effect, call.url, call.entry.requestId));
  }
  finish(call, 200, envelope);
}

/** A success envelope without its requestId unless asked for; failures always keep theirs. */
function rendered(envelope: Envelope, requestIdOnSuccess: boolean): Envelope {
  if (envelope.statusCode !== 200 || requestIdOnSuccess) return envelope;
  const { requestId: _omitted, ...rest } = envelope;
  return rest;
}

/** Authenticates the call (the token call needs none) and runs its handler. */
function callOperation(
  call: Call,
  route: Route,
  input: HandlerInput,
  fault: ActiveFault | undefined,
): Envelope {
  const { state, entry } = call;
  const requestId = entry.requestId;
  if (route.operation === "get-management-token") return getManagementToken(state, input, { requestId });
  const auth = authenticate(
    state,
    { method: route.method, path: call.url.pathname, headers: call.req.headers, params: input },
    { forceExpired: fault?.effect.kind === "expire-token" },
  );
  if (!auth.ok) return fail(requestId, auth.failure);
  return HANDLERS[route.operation](state, input, { requestId, userPoolId: auth.userPoolId });
}

/** The line logged per call when request logging is on (never a secret or token). */
function logLine(entry: RequestLogEntry): string {
  const app = entry.appId === undefined ? "" : ` appId=${entry.appId}`;
  const answer = entry.httpStatus === undefined ? "no answer" : `HTTP ${entry.httpStatus}`;
  const body = entry.statusCode === undefined ? "" : ` statusCode=${entry.statusCode}`;
  const code = entry.apiCode === undefined ? "" : ` apiCode=${entry.apiCode}`;
  const fault = entry.fault === undefined ? "" : ` fault=${entry.fault}`;
  const limited = entry.rateLimited ? " rate-limited" : "";
  return `${entry.method} ${entry.operation}${app} auth=${entry.authScheme} -> ${answer}${body}${code}${fault}${limited} requestId=${entry.requestId}`;
}
