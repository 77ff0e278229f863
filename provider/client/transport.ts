import axios, { AxiosInstance } from "axios";
import { GenAuthError, Operation, redact } from "./errors";
import { parseRetryAfter } from "./retry";

/** GenAuth's response envelope. Success is "statusCode is 200", whatever the HTTP status says. */
export interface Envelope<T> {
  statusCode: number;
  message?: string;
  apiCode?: number;
  requestId?: string;
  data?: T;
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

/** Creates the axios instance for one GenAuth host. Never touches `axios.defaults`. */
export function createHttp(baseURL: string, timeoutMs: number): AxiosInstance {
  return axios.create({
    baseURL,
    timeout: timeoutMs,
    // Every status comes back as a response: the envelope decides success, not axios.
    validateStatus: () => true,
    maxRedirects: 0,
    headers: { "content-type": "application/json", "x-authing-lang": "en-US" },
  });
}

/**
 * Sends one request (no retry) and turns anything but an envelope with statusCode 200 into a
 * {@link GenAuthError}. Text from the network is redacted of `request.secrets`.
 */
export async function send<T>(http: AxiosInstance, request: TransportRequest): Promise<TransportResponse<T>> {
  const clean = (text: string) => redact(text, request.secrets);
  let response;
  try {
    response = await http.request({
      method: request.method,
      url: request.path,
      params: request.query,
      data: request.body,
      headers: request.headers,
    });
  } catch (error) {
    const code = axios.isAxiosError(error) ? (error.code ?? "ENETWORK") : "ENETWORK";
    const message = error instanceof Error ? error.message : String(error);
    throw new GenAuthError({
      operation: request.operation,
      appId: request.appId,
      networkCode: code === "ECONNABORTED" ? "ETIMEDOUT" : code,
      message: clean(code === "ECONNABORTED" || code === "ETIMEDOUT" ? "request timed out" : message),
    });
  }
  const body = asEnvelope<T>(response.data);
  const ok = response.status >= 200 && response.status < 300 && body?.statusCode === 200;
  if (ok && body) return { data: body.data as T, requestId: body.requestId };
  throw new GenAuthError({
    operation: request.operation,
    appId: request.appId,
    httpStatus: response.status,
    statusCode: body?.statusCode,
    apiCode: body?.apiCode,
    requestId: body?.requestId ?? headerString(response.headers["x-request-id"]),
    message: clean(body?.message ?? `unexpected response body (HTTP ${response.status})`),
    retryAfterMs: parseRetryAfter(response.headers["retry-after"], Date.now(), Number.MAX_SAFE_INTEGER),
  });
}

function asEnvelope<T>(data: unknown): Envelope<T> | undefined {
  if (data && typeof data === "object" && typeof (data as Envelope<T>).statusCode === "number") {
    return data as Envelope<T>;
  }
  return undefined;
}

function headerString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
