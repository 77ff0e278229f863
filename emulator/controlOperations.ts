/**
 * The HTTP control API (`/__emulator/...`, JSON): a table of where each control operation lives (its
 * method, its path, where its one argument travels), and the two ends that use it. `handleControlRequest`
 * serves a request by calling the EmulatorControl method the table names; EmulatorControlClient (in
 * another process) writes requests with `requestFor`. What an operation does, and how its argument is
 * checked, is written once, in EmulatorControl (control.ts). The table is typed by EmulatorControl's
 * methods, so an operation without a route (or a route without an operation) does not compile. */
import { ControlError, ControlHost, EmulatorControl, plannedOutage } from "./control";
import { isFields } from "./fields";

/** The name of a control operation: a method of EmulatorControl, and of EmulatorControlClient. */
export type ControlOperationName = keyof EmulatorControl;

/** Where an operation's one argument travels over HTTP. */
export type ArgumentPlace =
  /** The operation takes no argument. */
  | { in: "none" }
  /** A path segment, written `:name` in the path. */
  | { in: "path"; name: string }
  /** The whole JSON body (absent when the argument is undefined). */
  | { in: "body" }
  /** One field of a JSON object body, e.g. `{seconds}`. */
  | { in: "body-field"; name: string }
  /** A query parameter; digits arrive as a number. */
  | { in: "query"; name: string };

/** One row of the table: how one operation travels over HTTP. */
export interface ControlOperation {
  /** The HTTP method. */
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path under `/__emulator`, e.g. `/apps/:appId/rotate`. */
  path: string;
  /** Where the argument travels. */
  argument: ArgumentPlace;
  /**
   * The HTTP answer of an operation whose method returns nothing (given its checked argument); the
   * client resolves such an operation with nothing, whatever was acknowledged.
   */
  acknowledge?(argument: unknown): unknown;
}

const NONE: ArgumentPlace = { in: "none" };
const BODY: ArgumentPlace = { in: "body" };
const APP_ID: ArgumentPlace = { in: "path", name: "appId" };
const reset = () => ({ reset: true });

/** The table: every control operation, by method name (the order of the docs' table). */
export const CONTROL_OPERATIONS: { readonly [M in ControlOperationName]: ControlOperation } = {
  reset: { method: "POST", path: "/reset", argument: BODY, acknowledge: reset },
  app: { method: "GET", path: "/apps/:appId", argument: APP_ID },
  rotate: { method: "POST", path: "/apps/:appId/rotate", argument: APP_ID },
  addApp: { method: "POST", path: "/apps", argument: BODY },
  calls: { method: "GET", path: "/calls", argument: NONE },
  resetCalls: { method: "POST", path: "/calls/reset", argument: NONE, acknowledge: reset },
  setTokenLifetime: {
    method: "PUT",
    path: "/token-lifetime",
    argument: { in: "body-field", name: "seconds" },
    acknowledge: (seconds) => ({ seconds }),
  },
  expireTokens: { method: "POST", path: "/tokens/expire", argument: NONE },
  addFaults: { method: "POST", path: "/faults", argument: BODY },
  faults: { method: "GET", path: "/faults", argument: NONE },
  clearFaults: { method: "DELETE", path: "/faults", argument: NONE },
  requests: { method: "GET", path: "/requests", argument: { in: "query", name: "limit" } },
  rateLimit: { method: "GET", path: "/rate-limit", argument: NONE },
  setRateLimit: { method: "PUT", path: "/rate-limit", argument: BODY },
  clearRateLimit: { method: "DELETE", path: "/rate-limit", argument: NONE },
  resetThrottled: { method: "POST", path: "/rate-limit/reset", argument: NONE, acknowledge: reset },
  outage: { method: "POST", path: "/outage", argument: { in: "body-field", name: "ms" } },
  issuedSecrets: { method: "GET", path: "/issued-secrets", argument: NONE },
};

/** Every operation name, in table order. */
export const CONTROL_OPERATION_NAMES = Object.keys(CONTROL_OPERATIONS).filter(isOperationName);

/** One control-API answer. */
export interface ControlAnswer {
  status: number;
  body: unknown;
  /** What the server must do once the answer is sent (take itself down, for `POST outage`). */
  after?: () => Promise<void>;
}

/**
 * Serves `/__emulator/...`. `path` is the URL path, `body` the parsed JSON body (undefined when empty).
 * ControlErrors become `{error}` with their status; anything else is the emulator's bug and a 500.
 */
export function handleControlRequest(
  host: ControlHost,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): ControlAnswer {
  try {
    const found = findOperation(method, path.replace(/^\/__emulator/, ""));
    if (found === undefined) throw new ControlError(404, `no control operation ${method} ${path}`);
    const argument = argumentOf(CONTROL_OPERATIONS[found.name].argument, found.segments, query, body);
    return { status: 200, ...serve(host, found.name, argument) };
  } catch (error) {
    if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { error: `emulator bug: ${message}` } };
  }
}

/**
 * Runs one operation for the HTTP control API: the method's result, or the table's acknowledgement of a
 * method that returns nothing. An outage is answered first and started `after`.
 */
function serve(
  host: ControlHost,
  name: ControlOperationName,
  argument: unknown,
): { body: unknown; after?: () => Promise<void> } {
  if (name === "outage") {
    const outage = plannedOutage(host, argument);
    return { body: outage.answer, after: outage.start };
  }
  const control = new EmulatorControl(host);
  // The argument is passed as it came: every method checks its argument as untrusted.
  const result: unknown = Reflect.apply(control[name], control, [argument]);
  const { acknowledge } = CONTROL_OPERATIONS[name];
  return { body: acknowledge === undefined ? result : acknowledge(argument) };
}

/** The operation served at `method` and `path` (under `/__emulator`), with the path's `:name` segments. */
function findOperation(
  method: string,
  path: string,
): { name: ControlOperationName; segments: Record<string, string> } | undefined {
  for (const name of CONTROL_OPERATION_NAMES) {
    const operation = CONTROL_OPERATIONS[name];
    const segments = operation.method === method ? matchPath(operation.path, path) : undefined;
    if (segments !== undefined) return { name, segments };
  }
  return undefined;
}

/** Takes an operation's argument from where the table says it travels (unchecked: the method checks it). */
function argumentOf(
  place: ArgumentPlace,
  segments: Record<string, string>,
  query: URLSearchParams,
  body: unknown,
): unknown {
  switch (place.in) {
    case "none":
      return undefined;
    case "path":
      return segments[place.name];
    case "body":
      return body;
    case "body-field":
      if (!isFields(body)) throw new ControlError(400, "request body must be a JSON object");
      return body[place.name];
    case "query": {
      const value = query.get(place.name) ?? undefined;
      return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
    }
  }
}

/** The path (with query) and body that carry `argument` where the table says it travels. */
export function requestFor(operation: ControlOperation, argument: unknown): { path: string; body?: unknown } {
  const { path, argument: place } = operation;
  switch (place.in) {
    case "none":
      return { path };
    case "path":
      return { path: path.replace(`:${place.name}`, encodeURIComponent(String(argument))) };
    case "body":
      return { path, body: argument };
    case "body-field":
      return { path, body: { [place.name]: argument } };
    case "query":
      if (argument === undefined) return { path };
      return { path: `${path}?${new URLSearchParams({ [place.name]: String(argument) })}` };
  }
}

/** The path's `:name` segments if `path` matches the template, else undefined. */
function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const segments: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":") && got[i] !== "") segments[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return segments;
}

function isOperationName(name: string): name is ControlOperationName {
  return Object.prototype.hasOwnProperty.call(CONTROL_OPERATIONS, name);
}
