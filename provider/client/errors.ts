/** The GenAuth management operations this package calls, named as in the API path. */
export type Operation = "get-management-token" | "refresh-application-secret" | "get-application-secret";

/** What went wrong, as far as the client can tell. */
export interface GenAuthErrorDetails {
  /** The operation that failed, e.g. `refresh-application-secret`. */
  operation: Operation;
  /** The application the call was about, when it was about one. */
  appId?: string;
  /** The HTTP status, when a response arrived. */
  httpStatus?: number;
  /** The envelope's `statusCode` (200 means success; business errors often come with HTTP 200). */
  statusCode?: number;
  /** GenAuth's finer error code, e.g. 2011 "application does not exist", 2020 "not logged in". */
  apiCode?: number;
  /** GenAuth's message, or a description of the network failure. */
  message: string;
  /** GenAuth's request id: quote it to GenAuth support. */
  requestId?: string;
  /** A Node network error code (`ECONNRESET`, `ECONNABORTED`, ...) when no response arrived. */
  networkCode?: string;
  /** Attempts made before giving up (1 when the first answer was final). */
  attempts?: number;
  /** How long the server asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /**
   * What made the answer unusable (not an envelope, malformed `data`, too large), when one
   * arrived but could not be used. Such a request may have been processed: see `classifyFailure`.
   * Never contains the answer's values.
   */
  answerProblem?: string;
  /**
   * Why GenAuth's TLS certificate was refused, in words (self-signed, unknown CA, wrong name,
   * expired), when that is what failed. Final: no retry changes a certificate.
   */
  certificateProblem?: string;
  /**
   * Present when GenAuth answered with a redirect the client did not follow (another origin, too
   * many hops, a POST turned into a GET): true when the request may have been processed there.
   */
  redirectMayHaveRun?: boolean;
  /**
   * True when a rotation's failure was followed by reading the secret back unchanged: nothing
   * rotated, whatever the failure's kind suggests.
   */
  rotationRuledOut?: boolean;
  /**
   * Why reading the secret back after this rotation's ambiguous failure failed too (that read's own
   * message: codes, GenAuth's message, requestId, or the network failure), when it did. Not part of
   * this error's message; the unconfirmed-rotation error quotes it.
   */
  confirmationFailure?: string;
}

/**
 * A failed GenAuth call. Carries every field GenAuth gave back, and nothing the client sent: the
 * underlying axios error is deliberately not kept as `cause`, because its `config` holds the
 * management token and the request body (which may hold the access key secret).
 */
export class GenAuthError extends Error {
  /** The operation that failed. */
  readonly operation: Operation;
  /** The application the call was about, if any. */
  readonly appId?: string;
  /** HTTP status of the response, if one arrived. */
  readonly httpStatus?: number;
  /** The envelope's `statusCode`, if a GenAuth envelope arrived. */
  readonly statusCode?: number;
  /** GenAuth's `apiCode`, if any. */
  readonly apiCode?: number;
  /** GenAuth's message (or the network failure), without the operation prefix. */
  readonly genauthMessage: string;
  /** GenAuth's `requestId`, if any. */
  readonly requestId?: string;
  /** Network error code when no response arrived. */
  readonly networkCode?: string;
  /** Attempts made. */
  readonly attempts: number;
  /** The server's `Retry-After`, in milliseconds, if it sent one. */
  readonly retryAfterMs?: number;
  /** What made the answer unusable, if one arrived that could not be used. */
  readonly answerProblem?: string;
  /** Why the certificate was refused, if that is what failed. */
  readonly certificateProblem?: string;
  /** Set when a redirect was not followed: whether the request may have been processed. */
  readonly redirectMayHaveRun?: boolean;
  /** True when the secret was read back unchanged after this rotation's failure. */
  readonly rotationRuledOut?: boolean;
  /** Why the read meant to confirm this rotation failed, if it did (see {@link GenAuthErrorDetails}). */
  readonly confirmationFailure?: string;

  constructor(details: GenAuthErrorDetails) {
    super(formatMessage(details));
    this.name = "GenAuthError";
    this.operation = details.operation;
    this.appId = details.appId;
    this.httpStatus = details.httpStatus;
    this.statusCode = details.statusCode;
    this.apiCode = details.apiCode;
    this.genauthMessage = details.message;
    this.requestId = details.requestId;
    this.networkCode = details.networkCode;
    this.attempts = details.attempts ?? 1;
    this.retryAfterMs = details.retryAfterMs;
    this.answerProblem = details.answerProblem;
    this.certificateProblem = details.certificateProblem;
    this.redirectMayHaveRun = details.redirectMayHaveRun;
    this.rotationRuledOut = details.rotationRuledOut;
    this.confirmationFailure = details.confirmationFailure;
  }

  /** A copy that records how many attempts were made. */
  withAttempts(attempts: number): GenAuthError {
    return new GenAuthError({ ...this.details(), attempts });
  }

  /** The fields this error was built from. */
  details(): GenAuthErrorDetails {
    return {
      operation: this.operation,
      appId: this.appId,
      httpStatus: this.httpStatus,
      statusCode: this.statusCode,
      apiCode: this.apiCode,
      message: this.genauthMessage,
      requestId: this.requestId,
      networkCode: this.networkCode,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
      answerProblem: this.answerProblem,
      certificateProblem: this.certificateProblem,
      redirectMayHaveRun: this.redirectMayHaveRun,
      rotationRuledOut: this.rotationRuledOut,
      confirmationFailure: this.confirmationFailure,
    };
  }
}

/**
 * `error` with the reason the read that was to confirm it failed (`readError`), when `error` is a
 * {@link GenAuthError}; any other error is returned as it is.
 */
export function withConfirmationFailure(error: unknown, readError: unknown): unknown {
  if (!(error instanceof GenAuthError)) return error;
  const reason =
    readError instanceof GenAuthError
      ? readError.message
      : `an unexpected error: ${readError instanceof Error ? readError.message : String(readError)}`;
  return new GenAuthError({ ...error.details(), confirmationFailure: reason });
}

/** GenAuth's apiCode for "application does not exist". */
export const API_CODE_APP_NOT_FOUND = 2011;
/** GenAuth's apiCode for "not logged in / no permission" (expired or bad token). */
export const API_CODE_NOT_LOGGED_IN = 2020;

/** True when GenAuth said the application does not exist (and only then). */
export function isAppNotFound(error: unknown): boolean {
  return error instanceof GenAuthError && error.apiCode === API_CODE_APP_NOT_FOUND;
}

/**
 * True when GenAuth refused the key pair itself: `get-management-token` answered 401 or apiCode
 * 2020. No retry can fix that, and the fix is in the user's settings, not in GenAuth.
 */
export function isKeyPairRefused(error: unknown): error is GenAuthError {
  return (
    error instanceof GenAuthError && error.operation === "get-management-token" && isAuthRejection(error)
  );
}

/**
 * True when GenAuth refused the credential: HTTP or envelope 401, or apiCode 2020. For a token
 * request that is the key pair ({@link isKeyPairRefused}); for any other call, the token.
 */
export function isAuthRejection(error: GenAuthError): boolean {
  return error.httpStatus === 401 || error.statusCode === 401 || error.apiCode === API_CODE_NOT_LOGGED_IN;
}

function formatMessage(d: GenAuthErrorDetails): string {
  const subject = d.appId ? ` for app ${d.appId}` : "";
  const codes = [
    d.httpStatus !== undefined ? `HTTP ${d.httpStatus}` : undefined,
    d.statusCode !== undefined ? `statusCode ${d.statusCode}` : undefined,
    d.apiCode !== undefined ? `apiCode ${d.apiCode}` : undefined,
    d.networkCode,
  ].filter((part): part is string => part !== undefined);
  const attempts = d.attempts && d.attempts > 1 ? ` after ${d.attempts} attempts` : "";
  const requestId = ` (requestId ${d.requestId ?? "none"})`;
  const ruledOut = d.rotationRuledOut ? "; the secret was read back unchanged, so nothing rotated" : "";
  return `GenAuth ${d.operation} failed${subject}${attempts}: ${codes.join(", ")}${codes.length ? ": " : ""}${d.message}${requestId}${ruledOut}`;
}

/**
 * Replaces every occurrence of the given secret values in `text` with `[REDACTED]`. Used on any
 * text that came from the network before it goes into an error, in case a server echoes input.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  }
  return out;
}
