/**
 * The route table of the emulated API: method + path → operation. Operation names are the last path
 * segment, as in GenAuth's own URLs, so call counts and fault rules read like the API reference.
 */

/** Every operation the emulator implements. */
export const OPERATIONS = [
  "get-management-token",
  "refresh-application-secret",
  "get-application-secret",
  "get-application",
  "get-application-simple-info",
  "list-applications",
] as const;

/** One emulated operation. */
export type Operation = (typeof OPERATIONS)[number];

/** Where an operation lives and how it is called. */
export interface Route {
  /** HTTP method. */
  method: "GET" | "POST";
  /** Path, e.g. `/api/v3/get-application`. */
  path: string;
  /** The operation served there. */
  operation: Operation;
}

/** The route table. */
export const ROUTES: readonly Route[] = [
  route("POST", "get-management-token"),
  route("POST", "refresh-application-secret"),
  route("GET", "get-application-secret"),
  route("GET", "get-application"),
  route("GET", "get-application-simple-info"),
  route("GET", "list-applications"),
];

/** The reserved prefix of the control plane; never part of the emulated API. */
export const CONTROL_PREFIX = "/__emulator/";

/** The outcome of looking a request up in the route table. */
export type RouteMatch =
  { kind: "route"; route: Route } | { kind: "wrong-method"; route: Route } | { kind: "none" };

/** Finds the route for a method and path (path without query string). */
export function findRoute(method: string, path: string): RouteMatch {
  const byPath = ROUTES.find((candidate) => candidate.path === path);
  if (byPath === undefined) return { kind: "none" };
  return byPath.method === method
    ? { kind: "route", route: byPath }
    : { kind: "wrong-method", route: byPath };
}

function route(method: Route["method"], operation: Operation): Route {
  return { method, path: `/api/v3/${operation}`, operation };
}
