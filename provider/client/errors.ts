/** The GenAuth management operations this package calls, named as in the API path. */
export type Operation = "get-management-token" | "refresh-application-secret" | "get-application-secret";

/**
 * What went wrong in one exchange with GenAuth, by kind; each kind carries what it can know and
 * nothing else. `message` is GenAuth's message or a description of the failure, without the
 * operation prefix, and never holds a token, key secret or application secret (see `redact`).
 * How each kind is retried: `classifyFailure`.
 */
export type Failure = NetworkFailure | CertificateFailure | RedirectFailure | UnusableAnswer | ApiFailure;

/** No answer arrived: refused, reset, unreachable, timed out. */
export interface NetworkFailure {
  kind: "network";
  /** A Node network error code (`ECONNRESET`, `ETIMEDOUT`, ...). */
  networkCode: string;
  message: string;
}

/** GenAuth's TLS certificate was refused. Final: nothing was sent, and no retry changes a certificate. */
export interface CertificateFailure {
  kind: "certificate";
  /** Node's TLS error code, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  networkCode: string;
  /** Why, in words (self-signed, unknown CA, wrong name, expired). */
  reason: string;
  message: string;
}

/** GenAuth answered with a redirect the client did not follow (another origin, too many hops, a POST turned into a GET). */
export interface RedirectFailure {
  kind: "redirect";
  httpStatus: number;
  /** True when the request may have been processed where it was sent. */
  mayHaveRun: boolean;
  message: string;
}

/**
 * An answer arrived but could not be used: not an envelope, malformed `data`, too large. Such a
 * request may have been processed.
 */
export interface UnusableAnswer {
  kind: "unusable-answer";
  /** What is wrong with the answer; never contains its values. */
  problem: string;
  /** Absent when the answer was refused while it arrived (too large). */
  httpStatus?: number;
  /** The envelope's `statusCode`, when the answer was an envelope. */
  statusCode?: number;
  requestId?: string;
  message: string;
}

/** GenAuth answered with an envelope whose `statusCode` is not 200 (or with an HTTP error status). */
export interface ApiFailure {
  kind: "api";
  httpStatus: number;
  /** The envelope's `statusCode` (200 means success; business errors often come with HTTP 200). */
  statusCode: number;
  /** GenAuth's finer error code, e.g. 2011 "application does not exist", 2020 "not logged in". */
  apiCode?: number;
  /** GenAuth's request id: quote it to GenAuth support. */
  requestId?: string;
  /** How long the server asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  message: string;
}

/** A failure to get an answer: `networkCode` and a description. */
export function networkFailure(networkCode: string, message: string): NetworkFailure {
  return { kind: "network", networkCode, message };
}

/** A refused certificate of `host`; `fix` names the settings that trust it. */
export function certificateFailure(
  networkCode: string,
  reason: string,
  host: string,
  fix: string,
): CertificateFailure {
  return {
    kind: "certificate",
    networkCode,
    reason,
    message: `TLS certificate of ${host} refused: ${reason}. To trust it, set ${fix}`,
  };
}

/** A redirect not followed, for the reason `problem`. */
export function redirectFailure(httpStatus: number, problem: string, mayHaveRun: boolean): RedirectFailure {
  return { kind: "redirect", httpStatus, mayHaveRun, message: problem };
}

/** An answer that cannot be used because of `problem`, with what is known of the answer. */
export function unusableAnswer(
  problem: string,
  { httpStatus, statusCode, requestId }: Pick<UnusableAnswer, "httpStatus" | "statusCode" | "requestId"> = {},
): UnusableAnswer {
  return {
    kind: "unusable-answer",
    problem,
    httpStatus,
    statusCode,
    requestId,
    message: `unusable answer: ${problem}`,
  };
}

/** A business error GenAuth answered with. */
export function apiFailure(answer: Omit<ApiFailure, "kind">): ApiFailure {
  const { httpStatus, statusCode, apiCode, requestId, retryAfterMs, message } = answer;
  return { kind: "api", httpStatus, statusCode, apiCode, requestId, retryAfterMs, message };
}

/** The failed call, apart from what failed: which operation, about which app, how it ended. */
export interface FailedCall {
  /** The operation that failed, e.g. `refresh-application-secret`. */
  operation: Operation;
  /** The application the call was about, when it was about one. */
  appId?: string;
  /** Attempts made before giving up (1 when the first answer was final). */
  attempts?: number;
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
 * A failed GenAuth call: the call ({@link FailedCall}) and what failed ({@link Failure}). Carries
 * every field GenAuth gave back, and nothing the client sent: the underlying axios error is
 * deliberately not kept as `cause`, because its `config` holds the management token and the
 * request body (which may hold the access key secret). The fields below `failure` read it for
 * callers that do not switch on its kind; each is undefined when the kind has no such field.
 */
export class GenAuthError extends Error {
  /** The operation that failed. */
  readonly operation: Operation;
  /** The application the call was about, if any. */
  readonly appId?: string;
  /** Attempts made. */
  readonly attempts: number;
  /**
   * True when the secret was read back unchanged after this rotation's failure, once GenAuth's
   * processing window (`maxProcessingDelayMs`) had passed.
   */
  readonly rotationRuledOut?: boolean;
  /** Why the read meant to confirm this rotation failed, if it did (see {@link FailedCall}). */
  readonly confirmationFailure?: string;
  /** What failed. */
  readonly failure: Failure;

  constructor(call: FailedCall, failure: Failure) {
    super(formatMessage(call, failure));
    this.name = "GenAuthError";
    this.operation = call.operation;
    this.appId = call.appId;
    this.attempts = call.attempts ?? 1;
    this.rotationRuledOut = call.rotationRuledOut;
    this.confirmationFailure = call.confirmationFailure;
    this.failure = failure;
  }

  /** A copy with `changes` to the call; the failure stays. */
  with(changes: Partial<FailedCall>): GenAuthError {
    const call: FailedCall = {
      operation: this.operation,
      appId: this.appId,
      attempts: this.attempts,
      rotationRuledOut: this.rotationRuledOut,
      confirmationFailure: this.confirmationFailure,
    };
    return new GenAuthError({ ...call, ...changes }, this.failure);
  }

  /** A copy that records how many attempts were made. */
  withAttempts(attempts: number): GenAuthError {
    return this.with({ attempts });
  }

  /** HTTP status of the response, if one arrived. */
  get httpStatus(): number | undefined {
    return "httpStatus" in this.failure ? this.failure.httpStatus : undefined;
  }
  /** The envelope's `statusCode`, if a GenAuth envelope arrived. */
  get statusCode(): number | undefined {
    return "statusCode" in this.failure ? this.failure.statusCode : undefined;
  }
  /** GenAuth's `apiCode`, if any. */
  get apiCode(): number | undefined {
    return "apiCode" in this.failure ? this.failure.apiCode : undefined;
  }
  /** GenAuth's message (or the network failure), without the operation prefix. */
  get genauthMessage(): string {
    return this.failure.message;
  }
  /** GenAuth's `requestId`, if any. */
  get requestId(): string | undefined {
    return "requestId" in this.failure ? this.failure.requestId : undefined;
  }
  /** Network error code when no response arrived. */
  get networkCode(): string | undefined {
    return "networkCode" in this.failure ? this.failure.networkCode : undefined;
  }
  /** The server's `Retry-After`, in milliseconds, if it sent one. */
  get retryAfterMs(): number | undefined {
    return "retryAfterMs" in this.failure ? this.failure.retryAfterMs : undefined;
  }
  /** What made the answer unusable, if one arrived that could not be used. */
  get answerProblem(): string | undefined {
    return this.failure.kind === "unusable-answer" ? this.failure.problem : undefined;
  }
  /** Why the certificate was refused, if that is what failed. */
  get certificateProblem(): string | undefined {
    return this.failure.kind === "certificate" ? this.failure.reason : undefined;
  }
  /** Set when a redirect was not followed: whether the request may have been processed. */
  get redirectMayHaveRun(): boolean | undefined {
    return this.failure.kind === "redirect" ? this.failure.mayHaveRun : undefined;
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
  return error.with({ confirmationFailure: reason });
}

/** GenAuth's apiCode for "application does not exist". */
export const API_CODE_APP_NOT_FOUND = 2011;
/** GenAuth's apiCode for "not logged in / no permission" (expired or bad token). */
export const API_CODE_NOT_LOGGED_IN = 2020;

/** True when GenAuth said the application does not exist (and only then). */
export function isAppNotFound(error: unknown): error is GenAuthError {
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

function formatMessage(call: FailedCall, failure: Failure): string {
  const subject = call.appId ? ` for app ${call.appId}` : "";
  const codes = codesOf(failure).filter((part): part is string => part !== undefined);
  const attempts = call.attempts && call.attempts > 1 ? ` after ${call.attempts} attempts` : "";
  const requestId = ` (requestId ${("requestId" in failure ? failure.requestId : undefined) ?? "none"})`;
  const ruledOut = call.rotationRuledOut
    ? "; the secret read back unchanged after GenAuth's processing window (genauth:maxProcessingDelayMs), so nothing rotated"
    : "";
  return `GenAuth ${call.operation} failed${subject}${attempts}: ${codes.join(", ")}${codes.length ? ": " : ""}${failure.message}${requestId}${ruledOut}`;
}

/** The codes a failure's message shows: HTTP status, envelope statusCode, apiCode, or the network code. */
function codesOf(failure: Failure): Array<string | undefined> {
  const http = (status: number | undefined) => (status === undefined ? undefined : `HTTP ${status}`);
  const envelope = (status: number | undefined) =>
    status === undefined ? undefined : `statusCode ${status}`;
  switch (failure.kind) {
    case "network":
    case "certificate":
      return [failure.networkCode];
    case "redirect":
      return [http(failure.httpStatus)];
    case "unusable-answer":
      return [http(failure.httpStatus), envelope(failure.statusCode)];
    case "api":
      return [
        http(failure.httpStatus),
        envelope(failure.statusCode),
        failure.apiCode === undefined ? undefined : `apiCode ${failure.apiCode}`,
      ];
    default:
      return unreachable(failure);
  }
}

/** For the `default` of a `switch` that handles every kind: a compile error when one is missing. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${String((value as { kind?: unknown } | undefined)?.kind)}`);
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
