/**
 * The V3 response envelope and the error codes the emulator answers with. Codes are named after what
 * GenAuth documents (apiCode 2011, 2020, 2224, 1300-1306); where GenAuth documents nothing (the
 * invalid-argument apiCode), the choice is the emulator's own and says so.
 */

/** Every V3 response body: success if and only if `statusCode` is 200. */
export interface Envelope<T = unknown> {
  /** 200 on success, otherwise an HTTP-like business status (400, 401, 403, 404, 429, 5xx...). */
  statusCode: number;
  /** Human-readable message. */
  message: string;
  /** Finer error code for failures (e.g. 2011 application does not exist). */
  apiCode?: number;
  /**
   * Identifies the call for support. Documented as "returned when the request fails": the emulator
   * leaves it out of successful answers unless started with `requestIdOnSuccess`.
   */
  requestId?: string;
  /** The payload on success. */
  data?: T;
}

/** apiCodes the emulator can answer with. */
export const ApiCode = {
  /** Undocumented by GenAuth; the emulator's choice for "invalid argument" (statusCode 400). */
  InvalidArgument: 2000,
  /** Application does not exist (in the caller's user pool). */
  AppNotFound: 2011,
  /** Not logged in / no permission: bad, unknown or expired credential. */
  NotLoggedIn: 2020,
  /** User pool does not exist or does not match the credential. */
  UserPoolMismatch: 2224,
  /** AK/SK signature does not verify. */
  BadSignature: 1300,
  /** `x-authing-signature-method` (or `x-genauth-`) is not HMAC-SHA1. */
  SignatureMethodMismatch: 1301,
  /** `x-authing-signature-version` (or `x-genauth-`) is not 1.0. */
  SignatureVersionMismatch: 1302,
  /** `date` header is neither an RFC 1123 date nor Unix milliseconds. */
  BadTimestamp: 1303,
  /** `date` header is missing. */
  MissingDate: 1304,
  /** `date` is more than 15 minutes away from the emulator's clock. */
  ClockSkew: 1305,
  /** `x-authing-signature-nonce` (or `x-genauth-`) was already used. */
  NonceReplayed: 1306,
} as const;

/** A failure before the envelope gets its requestId (the requestId belongs to the request, not the error). */
export interface ApiFailure {
  /** Business status, e.g. 401. */
  statusCode: number;
  /** apiCode, e.g. 2020. */
  apiCode?: number;
  /** Message. */
  message: string;
}

/** Builds a success envelope. */
export function ok<T>(requestId: string, data: T, message = "success"): Envelope<T> {
  return { statusCode: 200, message, requestId, data };
}

/** Builds a failure envelope. */
export function fail(requestId: string, failure: ApiFailure): Envelope<never> {
  const envelope: Envelope<never> = {
    statusCode: failure.statusCode,
    message: failure.message,
    requestId,
  };
  if (failure.apiCode !== undefined) envelope.apiCode = failure.apiCode;
  return envelope;
}

/** The failure for a bad, unknown or expired token (the exact real body is undocumented). */
export const NOT_LOGGED_IN: ApiFailure = {
  statusCode: 401,
  apiCode: ApiCode.NotLoggedIn,
  message: "not logged in or token expired",
};

/** The failure for a request whose user pool header names a pool other than the credential's. */
export const USER_POOL_MISMATCH: ApiFailure = {
  statusCode: 403,
  apiCode: ApiCode.UserPoolMismatch,
  message: "user pool does not exist or does not match the credential",
};

/** The failure for an application that is not in the caller's user pool. */
export const APP_NOT_FOUND: ApiFailure = {
  statusCode: 404,
  apiCode: ApiCode.AppNotFound,
  message: "application does not exist",
};

/** An invalid-argument failure naming the offending field. */
export function invalidArgument(message: string): ApiFailure {
  return { statusCode: 400, apiCode: ApiCode.InvalidArgument, message };
}
