/**
 * What GenAuth's successful answers must look like before the client uses them. Each reader takes
 * the envelope's `data` as it arrived and returns the typed value, or throws an
 * {@link AnswerProblem} that describes what is wrong without quoting the value (it may be a secret).
 */
import { describe } from "../inputs/describe";

/** Shortest application secret the client accepts (GenAuth's are 32 hex characters). */
export const SECRET_MIN_LENGTH = 8;
/** Longest application secret the client accepts: far above GenAuth's, far below harm to state. */
export const SECRET_MAX_LENGTH = 1024;
/** Longest management token the client accepts (a JWT goes into every request's header). */
export const TOKEN_MAX_LENGTH = 16 * 1024;
/** Longest user pool id read from a token's claim (GenAuth's are 24 hex characters). */
export const USER_POOL_ID_MAX_LENGTH = 128;

/** Printable ASCII without space: what secrets, tokens and ids are made of, and safe in a header. */
const PRINTABLE = /^[\x21-\x7e]*$/;

/** What `get-management-token` returns in `data` (checked by {@link readTokenGrant}). */
export interface TokenGrant {
  access_token: string;
  expires_in: number;
}

/** Why a successful-looking answer cannot be used; the message never contains the value. */
export class AnswerProblem extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = "AnswerProblem";
  }
}

/**
 * What is wrong with `value` as an application secret, or undefined when it is usable: a string of
 * {@link SECRET_MIN_LENGTH} to {@link SECRET_MAX_LENGTH} printable ASCII characters, without
 * whitespace or control characters. The description never contains the value.
 */
export function secretProblem(value: unknown): string | undefined {
  return printableProblem(value, SECRET_MIN_LENGTH, SECRET_MAX_LENGTH);
}

/** True when `value` is a plausible user pool id (printable, bounded): safe to send as a header. */
export function isUsableUserPoolId(value: unknown): value is string {
  return printableProblem(value, 1, USER_POOL_ID_MAX_LENGTH) === undefined;
}

/** Reads `data` of refresh-application-secret and get-application-secret: `{ secret }`. */
export function readSecret(data: unknown): { secret: string } {
  const record = dataRecord(data);
  const problem = secretProblem(record.secret);
  if (problem) throw new AnswerProblem(`data.secret ${problem}`);
  return { secret: record.secret as string };
}

/**
 * Reads `data` of get-management-token: a printable `access_token` (it becomes a header) and a
 * positive, finite `expires_in` in seconds.
 */
export function readTokenGrant(data: unknown): TokenGrant {
  const record = dataRecord(data);
  const problem = printableProblem(record.access_token, 1, TOKEN_MAX_LENGTH);
  if (problem) throw new AnswerProblem(`data.access_token ${problem}`);
  const expiresIn = record.expires_in;
  if (typeof expiresIn !== "number" || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new AnswerProblem(`data.expires_in is ${typeOf(expiresIn)}, not a positive number of seconds`);
  }
  return { access_token: record.access_token as string, expires_in: expiresIn };
}

function dataRecord(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new AnswerProblem(`data is ${typeOf(data)}, not an object`);
  }
  return data as Record<string, unknown>;
}

function printableProblem(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== "string") return `is ${typeOf(value)}, not a string`;
  if (value.length < min || value.length > max) {
    return `is ${value.length} characters long, outside ${min}..${max}`;
  }
  if (!PRINTABLE.test(value)) return "contains whitespace, control or non-ASCII characters";
  return undefined;
}

/** The type of an answer's value, never the value itself (it may be a secret). */
function typeOf(value: unknown): string {
  return describe(value, { typeOnly: true });
}
