/**
 * Fault injection as data (LocalStack style): a rule names an operation (or "*"), optionally an appId, an
 * effect and how many times it fires. Rules are kept in the order they were added; the first live rule that
 * matches a call fires, and a rule whose `times` is used up stops matching. Matching is a pure function
 * so it can be tested without a server.
 */
import { OPERATIONS, Operation } from "./routes";

/** What a fault does to a matching call. */
export type FaultEffect =
  /** HTTP 429 with body `{statusCode: 429, message, requestId}`, like GenAuth's rate limiter. */
  | { kind: "throttle"; message?: string }
  /** That HTTP status (e.g. 500, 502, 503) with an envelope body whose statusCode is the same. */
  | { kind: "http"; status: number; message?: string }
  /** HTTP 200 with a failure envelope (a business-level error such as statusCode 503). */
  | { kind: "status"; statusCode: number; apiCode?: number; message?: string }
  /** No answer for `ms` milliseconds, then a normal answer; without `ms`, no answer at all. */
  | { kind: "hang"; ms?: number }
  /** The connection is destroyed before anything happens (no state change). */
  | { kind: "reset" }
  /** The operation runs (a refresh rotates), then the connection is destroyed without an answer. */
  | { kind: "lose-response" }
  /** The presented credential is treated as expired for this call (statusCode 401, apiCode 2020). */
  | { kind: "expire-token" }
  /**
   * An HTTP redirect (GenAuth's API description says it answers with one "in some cases"): `status`
   * with a `Location` header, by default the request's own path and query on this emulator (so a
   * client that follows it is served once the rule is used up). With `afterProcessing`, the operation
   * runs first (a refresh rotates), as a 303 "see other" says.
   */
  | { kind: "redirect"; status: RedirectStatus; location?: string; afterProcessing?: boolean };

/** The redirect statuses a `redirect` fault can answer with. */
export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;

/** One of {@link REDIRECT_STATUSES}. */
export type RedirectStatus = (typeof REDIRECT_STATUSES)[number];

/** The kinds of fault effect. */
export type FaultKind = FaultEffect["kind"];

/** A fault rule as posted by a test. */
export interface FaultRule {
  /** The operation to affect (e.g. "refresh-application-secret"), or "*" for every operation. */
  operation: Operation | "*";
  /** Only calls about this application match. @default any application, and calls without one */
  appId?: string;
  /** What happens. */
  effect: FaultEffect;
  /** How many matching calls the rule affects before it stops matching. @default 1 */
  times?: number;
  /** Adds a `Retry-After` header (seconds) to answers of throttle, http and status faults. */
  retryAfterSeconds?: number;
}

/** A rule as the emulator holds it: with an ID, a resolved `times` and a count of how often it fired. */
export interface ActiveFault extends FaultRule {
  /** Assigned when the rule is added; returned by `POST /__emulator/faults`. */
  id: string;
  /** Resolved budget. */
  times: number;
  /** How many calls the rule has affected so far. */
  fired: number;
}

const KINDS: readonly FaultKind[] = [
  "throttle",
  "http",
  "status",
  "hang",
  "reset",
  "lose-response",
  "expire-token",
  "redirect",
];

/**
 * The first live rule matching a call, or undefined. `expire-token` never matches
 * get-management-token: that call presents no token to expire, and firing there would silently
 * use up a rule meant for the next authenticated call.
 */
export function matchFault(
  rules: readonly ActiveFault[],
  operation: string,
  appId: string | undefined,
): ActiveFault | undefined {
  return rules.find(
    (rule) =>
      rule.fired < rule.times &&
      (rule.operation === "*" || rule.operation === operation) &&
      (rule.appId === undefined || rule.appId === appId) &&
      !(rule.effect.kind === "expire-token" && operation === "get-management-token"),
  );
}

/** Checks an untrusted rule (a control-API body) and names the bad field if there is one. */
export function parseFaultRule(value: unknown): FaultRule {
  const rule = asRecord(value, "fault rule");
  const operation = rule.operation;
  if (operation !== "*" && !OPERATIONS.includes(operation as Operation)) {
    throw new Error(
      `fault rule operation must be "*" or one of ${OPERATIONS.join(", ")}; got ${show(operation)}`,
    );
  }
  if (rule.appId !== undefined && (typeof rule.appId !== "string" || rule.appId === "")) {
    throw new Error(`fault rule appId must be a non-empty string; got ${show(rule.appId)}`);
  }
  const times = rule.times ?? 1;
  if (!Number.isInteger(times) || (times as number) < 1) {
    throw new Error(`fault rule times must be an integer of at least 1; got ${show(rule.times)}`);
  }
  const retry = rule.retryAfterSeconds;
  if (retry !== undefined && (typeof retry !== "number" || !(retry >= 0))) {
    throw new Error(`fault rule retryAfterSeconds must be a number of at least 0; got ${show(retry)}`);
  }
  return {
    operation: operation as Operation | "*",
    ...(rule.appId === undefined ? {} : { appId: rule.appId as string }),
    effect: parseEffect(rule.effect),
    times: times as number,
    ...(retry === undefined ? {} : { retryAfterSeconds: retry }),
  };
}

/** Builds the effect field by field from an untrusted object, naming the first bad field. */
function parseEffect(value: unknown): FaultEffect {
  const effect = asRecord(value, "fault rule effect");
  const kind = KINDS.find((k) => k === effect.kind);
  if (kind === undefined) {
    throw new Error(`fault rule effect.kind must be one of ${KINDS.join(", ")}; got ${show(effect.kind)}`);
  }
  const message = optionalText(effect.message, "effect.message");
  const withMessage = message === undefined ? {} : { message };
  switch (kind) {
    case "throttle":
      return { kind, ...withMessage };
    case "http":
      return { kind, status: requireStatus(effect.status, "effect.status", 400), ...withMessage };
    case "status": {
      const statusCode = requireStatus(effect.statusCode, "effect.statusCode", 300);
      const apiCode = effect.apiCode;
      if (apiCode !== undefined && !Number.isInteger(apiCode)) {
        throw new Error(`fault rule effect.apiCode must be an integer; got ${show(apiCode)}`);
      }
      return {
        kind,
        statusCode,
        ...(apiCode === undefined ? {} : { apiCode: apiCode as number }),
        ...withMessage,
      };
    }
    case "hang": {
      const ms = effect.ms;
      if (ms !== undefined && !(typeof ms === "number" && ms >= 0)) {
        throw new Error(`fault rule effect.ms must be a number of at least 0; got ${show(ms)}`);
      }
      return ms === undefined ? { kind } : { kind, ms };
    }
    case "redirect": {
      const status = REDIRECT_STATUSES.find((s) => s === effect.status);
      if (status === undefined) {
        throw new Error(
          `fault rule effect.status must be one of ${REDIRECT_STATUSES.join(", ")}; got ${show(effect.status)}`,
        );
      }
      const location = optionalText(effect.location, "effect.location");
      const after = effect.afterProcessing;
      if (after !== undefined && typeof after !== "boolean") {
        throw new Error(`fault rule effect.afterProcessing must be true or false; got ${show(after)}`);
      }
      return {
        kind,
        status,
        ...(location === undefined ? {} : { location }),
        ...(after === undefined ? {} : { afterProcessing: after }),
      };
    }
    default:
      return { kind };
  }
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new Error(`fault rule ${name} must be a non-empty string; got ${show(value)}`);
  }
  return value;
}

function requireStatus(value: unknown, name: string, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > 599) {
    throw new Error(`fault rule ${name} must be an integer from ${min} to 599; got ${show(value)}`);
  }
  return value;
}

function asRecord(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${name} must be an object; got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
