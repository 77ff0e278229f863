/**
 * Fault injection as data (LocalStack style): a rule names an operation (or "*"), optionally an appId, an
 * effect and how many times it fires. Rules are kept in the order they were added; the first live rule that
 * matches a call fires, and a rule whose `times` is used up stops matching. Matching is a pure function
 * so it can be tested without a server.
 */
import { fields, flag, integer, number, oneOf, optional, text } from "./fields";
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
  /**
   * Held `ms` milliseconds, then processed (a refresh rotates) whether or not the client is still
   * there, as an overloaded gateway forwards a request after its client gave up; answered if it is.
   */
  | { kind: "process-late"; ms: number }
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
  "process-late",
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

/**
 * Checks an untrusted rule (a control-API body) field by field and names the bad field if there is one;
 * `where` prefixes every field name (e.g. "fault rule [1]" for the second rule of a list).
 */
export function parseFaultRule(value: unknown, where = "fault rule"): FaultRule {
  const rule = fields(value, where);
  const operation = oneOf(
    rule.operation,
    `${where} operation`,
    ["*", ...OPERATIONS] as const,
    `"*" or one of ${OPERATIONS.join(", ")}`,
  );
  const appId = optional(rule.appId, `${where} appId`, text);
  const retry = optional(rule.retryAfterSeconds, `${where} retryAfterSeconds`, (v, f) => number(v, f, 0));
  return {
    operation,
    ...(appId === undefined ? {} : { appId }),
    effect: parseEffect(rule.effect, `${where} effect`),
    times: optional(rule.times, `${where} times`, (v, f) => integer(v, f, 1)) ?? 1,
    ...(retry === undefined ? {} : { retryAfterSeconds: retry }),
  };
}

/** Checks one rule or a list of them (`POST /__emulator/faults`), naming each rule of a list by index. */
export function parseFaultRules(value: unknown): FaultRule[] {
  return Array.isArray(value)
    ? value.map((rule: unknown, i) => parseFaultRule(rule, `fault rule [${i}]`))
    : [parseFaultRule(value)];
}

/** Builds the effect field by field from an untrusted object, naming the first bad field. */
function parseEffect(value: unknown, where: string): FaultEffect {
  const effect = fields(value, where);
  const kind = oneOf(effect.kind, `${where}.kind`, KINDS);
  const message = optional(effect.message, `${where}.message`, text);
  const withMessage = message === undefined ? {} : { message };
  switch (kind) {
    case "throttle":
      return { kind, ...withMessage };
    case "http":
      return { kind, status: integer(effect.status, `${where}.status`, 400, 599), ...withMessage };
    case "status": {
      const statusCode = integer(effect.statusCode, `${where}.statusCode`, 300, 599);
      const apiCode = optional(effect.apiCode, `${where}.apiCode`, (v, f) => integer(v, f));
      return { kind, statusCode, ...(apiCode === undefined ? {} : { apiCode }), ...withMessage };
    }
    case "hang": {
      const ms = optional(effect.ms, `${where}.ms`, (v, f) => number(v, f, 0));
      return ms === undefined ? { kind } : { kind, ms };
    }
    case "process-late":
      return { kind, ms: number(effect.ms, `${where}.ms`, 0) };
    case "redirect": {
      const status = oneOf(effect.status, `${where}.status`, REDIRECT_STATUSES);
      const location = optional(effect.location, `${where}.location`, text);
      const after = optional(effect.afterProcessing, `${where}.afterProcessing`, flag);
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
