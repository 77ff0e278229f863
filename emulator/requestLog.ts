/**
 * The request log: what each emulated API call asked and was answered, for tests that assert on what a
 * client sent. Bounded, so a long benchmark cannot grow it without end. It belongs to the control plane,
 * not to the GenAuth state: GenAuth keeps no such log a client could read.
 */
import type { AuthScheme } from "./auth";
import type { FaultKind } from "./faults";
import type { Operation } from "./routes";

/** One line of the request log: what was asked and answered, never any secret or token. */
export interface RequestLogEntry {
  /** The operation, or "unknown" for a path outside the route table. */
  operation: Operation | "unknown";
  method: string;
  path: string;
  appId?: string;
  authScheme: AuthScheme;
  /** The user pool header the client sent (x-authing-userpool-id, else x-genauth-userpool-id). */
  userPoolHeader?: string;
  /** The HTTP status sent; absent when no answer was sent (reset, lose-response, endless hang). */
  httpStatus?: number;
  /** The envelope's statusCode (also recorded for lose-response: the answer that was lost). */
  statusCode?: number;
  apiCode?: number;
  requestId: string;
  /** The fault that affected the call, if any. */
  fault?: FaultKind;
  /** True when the rate limiter refused the call (HTTP 429; nothing else happened). */
  rateLimited?: true;
}

/** How many request log entries are kept (oldest dropped first). */
export const REQUEST_LOG_LIMIT = 500;

/** The last REQUEST_LOG_LIMIT entries, oldest first. */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];

  /** Appends an entry, dropping the oldest one past REQUEST_LOG_LIMIT. */
  record(entry: RequestLogEntry): void {
    this.entries.push({ ...entry });
    if (this.entries.length > REQUEST_LOG_LIMIT) this.entries.shift();
  }

  /** Copies of the last `limit` entries, oldest first. */
  last(limit = REQUEST_LOG_LIMIT): RequestLogEntry[] {
    return limit <= 0 ? [] : this.entries.slice(-limit).map((entry) => ({ ...entry }));
  }
}
