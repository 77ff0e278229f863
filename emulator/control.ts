/**
 * The control plane: what a test does to the emulator rather than through the emulated API (moto's
 * reserved `/moto-api/`, the firebase emulator's `/emulator/v1/`). `EmulatorControl` is the in-process
 * form; `handleControlRequest` serves the same operations as JSON under `/__emulator/`. Both are built
 * from CONTROL_OPERATIONS (controlOperations.ts), which also validates every argument. Control calls are
 * never counted as API calls (nor rate limited), and rotating here is "someone rotated in the console".
 */
import {
  ArgumentPlace,
  CONTROL_OPERATION_NAMES,
  CONTROL_OPERATIONS,
  ControlError,
  ControlHost,
  ControlMethods,
  ControlOperationName,
  Deferred,
  invoke,
  invokeOverHttp,
} from "./controlOperations";
import { isFields } from "./fields";

export { ControlError } from "./controlOperations";
export type { AppSnapshot, ControlHost, NewApp, RateLimitStatus } from "./controlOperations";

/** In-process control of a running emulator: every operation of CONTROL_OPERATIONS as a method. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the methods come from the table (see the constructor): a class body could only copy it
export interface EmulatorControl extends ControlMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class EmulatorControl {
  /** Gives the control one method per operation, each checking its argument, then running it on `host`. */
  constructor(host: ControlHost) {
    for (const name of CONTROL_OPERATION_NAMES) {
      Object.defineProperty(this, name, { value: localMethod(host, name), enumerable: true });
    }
  }
}

/** One operation as a method; a deferring one resolves once started, and rejects with its refusals. */
function localMethod(host: ControlHost, name: ControlOperationName): (argument?: unknown) => unknown {
  if (CONTROL_OPERATIONS[name].defers !== true) return (argument) => invoke(host, name, argument);
  return async (argument) => {
    const outcome = invoke(host, name, argument);
    if (!(outcome instanceof Deferred)) return outcome;
    await outcome.start();
    return outcome.answer;
  };
}

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
  const rest = path.replace(/^\/__emulator/, "");
  try {
    for (const name of CONTROL_OPERATION_NAMES) {
      const operation = CONTROL_OPERATIONS[name];
      const segments = operation.method === method ? matchPath(operation.path, rest) : undefined;
      if (segments === undefined) continue;
      const answer = invokeOverHttp(host, name, httpArgument(operation.argument, segments, query, body));
      return { status: 200, ...answer };
    }
    throw new ControlError(404, `no control operation ${method} ${path}`);
  } catch (error) {
    if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { error: `emulator bug: ${message}` } };
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

/** Takes an operation's argument from where the table says it travels. */
function httpArgument(
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
