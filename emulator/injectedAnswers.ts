/**
 * The answers that take the handler's place: a fault's (throttle, http, status, redirect) and the rate
 * limiter's 429. Each is a pure function of the rule and the request, so api.ts only sends what it gets.
 */
import { Envelope, fail } from "./envelope";
import type { Admission } from "./instruments";
import type { FaultEffect } from "./faults";
import { retryAfterSeconds } from "./rateLimit";

/** What to send instead of the handler's answer. */
export interface InjectedAnswer {
  httpStatus: number;
  envelope: Envelope;
  headers: Record<string, string>;
}

/** The fault effects that answer in the handler's place without a redirect. */
export type ReplacingEffect = Extract<FaultEffect, { kind: "throttle" | "http" | "status" }>;

/**
 * A fault's answer: throttle (HTTP 429), http (any status), status (HTTP 200 with a failure envelope);
 * `Retry-After` when the rule sets one.
 */
export function faultAnswer(
  effect: ReplacingEffect,
  retryAfter: number | undefined,
  requestId: string,
): InjectedAnswer {
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { "retry-after": String(retryAfter) };
  switch (effect.kind) {
    case "throttle": {
      const message = effect.message ?? "too many requests, please slow down";
      return { httpStatus: 429, envelope: { statusCode: 429, message, requestId }, headers };
    }
    case "http": {
      const message = effect.message ?? `emulated HTTP ${effect.status}`;
      return {
        httpStatus: effect.status,
        envelope: fail(requestId, { statusCode: effect.status, message }),
        headers,
      };
    }
    case "status": {
      const message = effect.message ?? `emulated statusCode ${effect.statusCode}`;
      const failure = { statusCode: effect.statusCode, apiCode: effect.apiCode, message };
      return { httpStatus: 200, envelope: fail(requestId, failure), headers };
    }
  }
}

/**
 * The redirect fault's answer: its status with `Location` (by default the request's own path and
 * query) and a small envelope naming the status, as a gateway might send.
 */
export function redirectAnswer(
  effect: Extract<FaultEffect, { kind: "redirect" }>,
  url: URL,
  requestId: string,
): InjectedAnswer {
  const location = effect.location ?? `${url.pathname}${url.search}`;
  const message = `moved (HTTP ${effect.status}) to ${location}`;
  return {
    httpStatus: effect.status,
    envelope: { statusCode: effect.status, message, requestId },
    headers: { location },
  };
}

/**
 * The rate limiter's answer: HTTP 429 with the documented `{statusCode: 429, message}` body (no apiCode:
 * GenAuth documents none for throttling) and, only when asked for, `Retry-After` in whole seconds
 * (GenAuth documents no such header).
 */
export function rateLimitedAnswer(
  refusal: Extract<Admission, { admitted: false }>,
  sendRetryAfter: boolean,
  requestId: string,
): InjectedAnswer {
  const { userPoolId, retryAfterMs } = refusal;
  const message = `too many requests: user pool ${userPoolId} is over its rate limit; retry in ${retryAfterMs} ms`;
  const headers: Record<string, string> = sendRetryAfter
    ? { "retry-after": String(retryAfterSeconds(retryAfterMs)) }
    : {};
  return { httpStatus: 429, envelope: { statusCode: 429, message, requestId }, headers };
}
