import axios, { AxiosInstance, AxiosResponse } from "axios";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { AnswerProblem } from "./answers";
import {
  apiFailure,
  certificateFailure,
  Failure,
  GenAuthError,
  networkFailure,
  Operation,
  redirectFailure,
  unusableAnswer,
} from "./errors";
import { redirectStep } from "./redirect";
import { parseRetryAfter } from "./retry";
import { serverText } from "./serverText";
import { proxyFor, tunnelAgent } from "./proxy";
import { agentOptions, certificateReason, TLS_FIX_KEYS, TlsSettings } from "./tls";

/**
 * The largest answer the client reads, in bytes. GenAuth's answers are a few kilobytes; anything
 * larger is refused while it arrives, before it is buffered whole.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** GenAuth's response envelope. Success is "statusCode is 200", whatever the HTTP status says. */
export interface Envelope {
  statusCode: number;
  /** Usually a string; anything else is rendered, never trusted. */
  message?: unknown;
  apiCode?: unknown;
  requestId?: unknown;
  data?: unknown;
}

/** One HTTP exchange with GenAuth, described without any transport detail. */
export interface TransportRequest {
  operation: Operation;
  method: "GET" | "POST";
  /** Path under the host, e.g. `/api/v3/get-application-secret`. */
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The application the call is about, for error messages. */
  appId?: string;
  /** Values that must never appear in an error message (token, key secret). */
  secrets: ReadonlyArray<string | undefined>;
}

/** A successful exchange: the envelope's `data` and the request id GenAuth gave it. */
export interface TransportResponse<T> {
  data: T;
  requestId?: string;
}

/**
 * Checks a successful envelope's `data` and returns it typed; throws an `AnswerProblem` when the
 * data does not have the shape the operation promises (see `./answers`).
 */
export type DataReader<T> = (data: unknown) => T;

/** The HTTP side of one client: an axios instance for one host and the deadline of each request. */
export interface Http {
  axios: AxiosInstance;
  /** The host's base URL, without trailing slash. */
  baseURL: string;
  /** The only origin requests (and redirects followed) may go to. */
  origin: string;
  /** Total time one request may take, redirects included, from connecting to the answer's last byte. */
  deadlineMs: number;
}

/**
 * Creates the HTTP side for one GenAuth host, checking its certificate as `tls` says, through the
 * proxy {@link proxyFor} picks from the environment. Never touches `axios.defaults` nor Node's global agents.
 * Redirects are followed by {@link send}, not by axios, so that none leaves the host's origin.
 */
export function createHttp(baseURL: string, deadlineMs: number, tls: TlsSettings = {}): Http {
  const proxy = proxyFor(baseURL);
  const instance = axios.create({
    // axios would read *_PROXY itself, loopback and plain http included: proxy.ts decides instead.
    proxy: false,
    // Every status comes back as a response: the envelope decides success, not axios.
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: MAX_ANSWER_BYTES,
    maxBodyLength: MAX_ANSWER_BYTES,
    httpAgent: new HttpAgent({ keepAlive: true }),
    httpsAgent: proxy ? tunnelAgent(proxy, agentOptions(tls)) : new HttpsAgent(agentOptions(tls)),
    // Both spellings: GenAuth-branded SDKs send x-genauth-*, authing-node-sdk x-authing-*.
    headers: { "content-type": "application/json", "x-authing-lang": "en-US", "x-genauth-lang": "en-US" },
  });
  return { axios: instance, baseURL, origin: new URL(baseURL).origin, deadlineMs };
}

/**
 * Sends one request (no retry) and turns anything but an envelope with statusCode 200 and data of
 * the expected shape into a {@link GenAuthError}. Redirects within the host's origin are followed
 * as {@link redirectStep} says; any other is an error. The whole exchange, redirects included, has
 * `http.deadlineMs`: axios' own `timeout` only bounds the time between two bytes, so a server
 * dripping its answer would hold the call for ever. Text from the network is cleaned by `serverText`.
 */
export async function send<T>(
  http: Http,
  request: TransportRequest,
  read: DataReader<T>,
): Promise<TransportResponse<T>> {
  const clean = (value: unknown) => serverText(value, request.secrets);
  const about = { operation: request.operation, appId: request.appId };
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), http.deadlineMs);
  let url = requestUrl(http.baseURL, request.path, request.query);
  let method = request.method;
  let payload = request.body;
  try {
    for (let hops = 0; ; hops++) {
      let response: AxiosResponse;
      try {
        response = await http.axios.request({
          method,
          url: url.toString(),
          data: payload,
          headers: request.headers,
          signal: deadline.signal,
        });
      } catch (error) {
        throw new GenAuthError(
          about,
          noAnswer(error, url.host, deadline.signal.aborted, http.deadlineMs, clean),
        );
      }
      const step = redirectStep(response.status, method, response.headers.location, url, http.origin, hops);
      if (step === undefined) return answer(response, request, read, clean);
      if (!step.follow) {
        throw new GenAuthError(about, redirectFailure(response.status, clean(step.problem), step.mayHaveRun));
      }
      url = step.url;
      method = step.method;
      payload = step.keepBody ? payload : undefined;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the final answer of an exchange (see {@link send}). */
function answer<T>(
  response: AxiosResponse,
  request: TransportRequest,
  read: DataReader<T>,
  clean: (value: unknown) => string,
): TransportResponse<T> {
  const about = { operation: request.operation, appId: request.appId };
  const headerRequestId = optionalText(response.headers["x-request-id"], clean);
  const body = asEnvelope(response.data);
  if (!body) {
    throw new GenAuthError(
      about,
      unusableAnswer(`it is not a GenAuth envelope (${shapeOf(response.data)})`, {
        httpStatus: response.status,
        requestId: headerRequestId,
      }),
    );
  }
  const requestId = optionalText(body.requestId, clean) ?? headerRequestId;
  const ok = response.status >= 200 && response.status < 300 && body.statusCode === 200;
  if (!ok) {
    throw new GenAuthError(
      about,
      apiFailure({
        httpStatus: response.status,
        statusCode: body.statusCode,
        apiCode: typeof body.apiCode === "number" && Number.isFinite(body.apiCode) ? body.apiCode : undefined,
        requestId,
        message: clean(body.message ?? "") || `no message (HTTP ${response.status})`,
        retryAfterMs: parseRetryAfter(response.headers["retry-after"], Date.now(), Number.MAX_SAFE_INTEGER),
      }),
    );
  }
  try {
    return { data: read(body.data), requestId };
  } catch (error) {
    if (!(error instanceof AnswerProblem)) throw error;
    throw new GenAuthError(
      about,
      unusableAnswer(error.message, { httpStatus: response.status, statusCode: body.statusCode, requestId }),
    );
  }
}

/** The absolute URL of a request: the base URL's path, then `path`, then the query pairs. */
function requestUrl(baseURL: string, path: string, query: Record<string, string> | undefined): URL {
  const url = new URL(`${baseURL}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.append(key, value);
  return url;
}

/** What failed when no answer arrived: the network, the certificate, or an answer refused as too large. */
function noAnswer(
  error: unknown,
  host: string,
  pastDeadline: boolean,
  deadlineMs: number,
  clean: (value: unknown) => string,
): Failure {
  if (pastDeadline) return networkFailure("ETIMEDOUT", `no complete answer within ${deadlineMs} ms`);
  const code = axios.isAxiosError(error) ? (error.code ?? "ENETWORK") : "ENETWORK";
  const message = error instanceof Error ? error.message : error;
  const certificateProblem = certificateReason(code);
  if (certificateProblem) return certificateFailure(code, certificateProblem, host, TLS_FIX_KEYS);
  if (code === "ECONNABORTED" || code === "ETIMEDOUT")
    return networkFailure("ETIMEDOUT", "request timed out");
  if (axios.isAxiosError(error) && code === "ERR_BAD_RESPONSE" && /maxContentLength/.test(error.message)) {
    return unusableAnswer(
      `it is larger than the ${MAX_ANSWER_BYTES} bytes allowed, and was not read further`,
    );
  }
  return networkFailure(code, clean(message));
}

function asEnvelope(data: unknown): Envelope | undefined {
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const statusCode = (data as Envelope).statusCode;
    if (typeof statusCode === "number" && Number.isFinite(statusCode)) return data as Envelope;
  }
  return undefined;
}

/** Describes a body that is not an envelope without quoting it (it may hold a secret). */
function shapeOf(data: unknown): string {
  if (typeof data === "string") return data === "" ? "empty body" : `text of ${data.length} characters`;
  if (data === null || data === undefined) return "empty body";
  if (Array.isArray(data)) return "a JSON array";
  if (typeof data === "object") return "a JSON object without a numeric statusCode";
  return `a JSON ${typeof data}`;
}

function optionalText(value: unknown, clean: (value: unknown) => string): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  return clean(value) || undefined;
}
