/**
 * Who is calling. The real API accepts three credentials and so does the emulator:
 * - `authorization: Bearer <token>` (Go and Python SDKs),
 * - `authorization: <token>` without a prefix (Java SDK, the official curl example),
 * - `authorization: authing <accessKeyId>:<signature>` (authing-node-sdk's AK/SK signature over
 *   `x-authing-*` headers), or `GenAuth <accessKeyId>:<signature>` (the GenAuth-branded SDKs', over
 *   `x-genauth-*` headers): the same rules and apiCodes 1300-1306, each dialect over its own headers.
 * After the credential, an `x-authing-userpool-id` / `x-genauth-userpool-id` header naming another pool is
 * refused, so a client that sends the wrong header is caught here rather than in production.
 */
import { ApiCode, ApiFailure, NOT_LOGGED_IN, USER_POOL_MISMATCH } from "./envelope";
import type { EmulatorState } from "./state";
import {
  HeaderBag,
  headerPrefix,
  MAX_CLOCK_SKEW_MS,
  parseSignatureDate,
  sign,
  SignatureDialect,
  stringToSign,
} from "./signature";

/**
 * How a request presented its credential: `signature` is authing-node-sdk's (`authing`),
 * `genauth-signature` the GenAuth-branded SDKs' (`GenAuth`).
 */
export type AuthScheme = "bearer" | "raw-token" | "signature" | "genauth-signature" | "none";

/** The parts of a request authentication looks at. */
export interface AuthRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path without query string. */
  path: string;
  /** Headers with lower-case names. */
  headers: HeaderBag;
  /** Query pairs for GET, JSON body fields otherwise (what the signature covers). */
  params: Record<string, unknown>;
}

/** The outcome of authentication. */
export type AuthResult =
  | { ok: true; scheme: AuthScheme; userPoolId: string }
  | { ok: false; scheme: AuthScheme; failure: ApiFailure };

/** Options that faults use to bend authentication. */
export interface AuthOptions {
  /** Treat the credential as expired (the `expire-token` fault). */
  forceExpired?: boolean;
}

const SIGNATURE = /^(authing|genauth)\s+([^:\s]+):(\S+)$/i;
const BEARER = /^bearer\s+(\S+)$/i;

/** Tells which scheme a request uses, without verifying anything (for the request log). */
export function authScheme(headers: HeaderBag): AuthScheme {
  const value = single(headers.authorization)?.trim();
  if (!value) return "none";
  const signed = SIGNATURE.exec(value);
  if (signed) return signed[1].toLowerCase() === "genauth" ? "genauth-signature" : "signature";
  return BEARER.test(value) ? "bearer" : "raw-token";
}

/** The user pool header a request carries (x-authing- wins over x-genauth- when both are present). */
export function userPoolHeader(headers: HeaderBag): string | undefined {
  return single(headers["x-authing-userpool-id"]) ?? single(headers["x-genauth-userpool-id"]);
}

/**
 * The pool a call is charged to by the rate limiter, found without verifying or recording anything (the
 * limiter runs before authentication, so a throttled call does not even use up its signature nonce):
 * the pool of the access key a get-management-token call names (`accessKeyId`), else the pool of the
 * presented credential (a token's pool even once expired; a signing key's pool even if the signature is
 * bad), else the user pool header. Undefined when nothing names a known pool.
 */
export function callerUserPool(
  state: EmulatorState,
  headers: HeaderBag,
  accessKeyId?: unknown,
): string | undefined {
  const keyPool = typeof accessKeyId === "string" ? state.findAccessKey(accessKeyId)?.userPoolId : undefined;
  const header = userPoolHeader(headers);
  const headerPool = header !== undefined && state.userPoolIds().includes(header) ? header : undefined;
  return keyPool ?? credentialUserPool(state, headers) ?? headerPool;
}

function credentialUserPool(state: EmulatorState, headers: HeaderBag): string | undefined {
  const value = single(headers.authorization)?.trim() ?? "";
  switch (authScheme(headers)) {
    case "none":
      return undefined;
    case "signature":
    case "genauth-signature":
      return state.findAccessKey(SIGNATURE.exec(value)?.[2] ?? "")?.userPoolId;
    case "bearer":
      return state.tokenUserPool(BEARER.exec(value)?.[1] ?? "");
    case "raw-token":
      return state.tokenUserPool(value);
  }
}

/** Authenticates a request against the state; records the signature nonce of a valid signed request. */
export function authenticate(
  state: EmulatorState,
  request: AuthRequest,
  options: AuthOptions = {},
): AuthResult {
  const scheme = authScheme(request.headers);
  const credential = verifyCredential(state, scheme, request);
  if ("failure" in credential) return { ok: false, scheme, failure: credential.failure };
  if (options.forceExpired) return { ok: false, scheme, failure: NOT_LOGGED_IN };
  const claimed = userPoolHeader(request.headers);
  if (claimed !== undefined && claimed !== credential.userPoolId) {
    return { ok: false, scheme, failure: USER_POOL_MISMATCH };
  }
  return { ok: true, scheme, userPoolId: credential.userPoolId };
}

type Verified = { userPoolId: string } | { failure: ApiFailure };

function verifyCredential(state: EmulatorState, scheme: AuthScheme, request: AuthRequest): Verified {
  const value = single(request.headers.authorization)?.trim() ?? "";
  switch (scheme) {
    case "none":
      return { failure: NOT_LOGGED_IN };
    case "signature":
      return verifySignature(state, request, value, "authing");
    case "genauth-signature":
      return verifySignature(state, request, value, "genauth");
    case "bearer":
      return verifyToken(state, BEARER.exec(value)?.[1] ?? "");
    case "raw-token":
      return verifyToken(state, value);
  }
}

function verifyToken(state: EmulatorState, token: string): Verified {
  return state.verifyToken(token) ?? { failure: NOT_LOGGED_IN };
}

/**
 * Checks a signed request of either dialect, each over its own headers. The cheap header checks come
 * first and the nonce is recorded last, only for a request whose signature verified: otherwise
 * anyone could burn nonces of requests they cannot sign. `date` may be RFC 1123 or Unix milliseconds.
 */
function verifySignature(
  state: EmulatorState,
  request: AuthRequest,
  value: string,
  dialect: SignatureDialect,
): Verified {
  const [, , accessKeyId, signature] = SIGNATURE.exec(value) ?? [];
  const { headers } = request;
  const prefix = headerPrefix(dialect);
  const date = single(headers.date);
  if (date === undefined) return signatureFailure(ApiCode.MissingDate, "missing date header");
  const sentAt = parseSignatureDate(date);
  if (sentAt === undefined) {
    return signatureFailure(
      ApiCode.BadTimestamp,
      `unparseable date header (neither an RFC 1123 date nor Unix milliseconds): ${date}`,
    );
  }
  if (Math.abs(state.now() - sentAt) > MAX_CLOCK_SKEW_MS) {
    return signatureFailure(ApiCode.ClockSkew, "date header is more than 15 minutes from the server clock");
  }
  if (single(headers[`${prefix}signature-method`]) !== "HMAC-SHA1") {
    return signatureFailure(ApiCode.SignatureMethodMismatch, `${prefix}signature-method must be HMAC-SHA1`);
  }
  if (single(headers[`${prefix}signature-version`]) !== "1.0") {
    return signatureFailure(ApiCode.SignatureVersionMismatch, `${prefix}signature-version must be 1.0`);
  }
  const key = state.findAccessKey(accessKeyId);
  if (key === undefined) return { failure: NOT_LOGGED_IN };
  const text = stringToSign(request.method, request.path, headers, request.params, dialect);
  if (sign(key.accessKeySecret, text) !== signature) {
    return signatureFailure(ApiCode.BadSignature, "signature does not match");
  }
  const nonce = single(headers[`${prefix}signature-nonce`]);
  if (nonce === undefined) return signatureFailure(ApiCode.BadSignature, `missing ${prefix}signature-nonce`);
  if (!state.useNonce(nonce)) return signatureFailure(ApiCode.NonceReplayed, "signature nonce already used");
  return { userPoolId: key.userPoolId };
}

function signatureFailure(apiCode: number, message: string): Verified {
  return { failure: { statusCode: 401, apiCode, message } };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
