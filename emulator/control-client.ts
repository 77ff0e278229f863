/**
 * The HTTP control API as a typed client, for tests whose emulator runs in another process (the
 * `genauth-emulator` bin, a Pulumi program's provider host). Its methods are those of EmulatorControl,
 * built from the same table (CONTROL_OPERATIONS): each is async and rejects with EmulatorControlHttpError
 * when the control API refuses.
 */
import {
  ArgumentPlace,
  CONTROL_OPERATION_NAMES,
  CONTROL_OPERATIONS,
  ControlMethods,
  ControlOperationName,
} from "./controlOperations";
import { isFields } from "./fields";

/** The control API refused a request. */
export class EmulatorControlHttpError extends Error {
  /** The HTTP status the control API answered with (400, 404, 409, 500, 501). */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "EmulatorControlHttpError";
    this.status = status;
  }
}

/** Every control operation as a promise of its in-process result. */
export type ControlClientMethods = {
  [M in ControlOperationName]: (
    ...args: Parameters<ControlMethods[M]>
  ) => Promise<Awaited<ReturnType<ControlMethods[M]>>>;
};

/** A client of `<emulator url>/__emulator/`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the methods come from the table (see the constructor): a class body could only copy it
export interface EmulatorControlClient extends ControlClientMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class EmulatorControlClient {
  private readonly base: string;

  /** @param url the emulator's base URL, e.g. `http://127.0.0.1:8787` (a trailing slash is fine) */
  constructor(url: string) {
    this.base = `${url.replace(/\/+$/, "")}/__emulator`;
    for (const name of CONTROL_OPERATION_NAMES) {
      Object.defineProperty(this, name, {
        value: (argument?: unknown) => this.call(name, argument),
        enumerable: true,
      });
    }
  }

  /**
   * Sends one operation as the table says; an operation that returns nothing in process resolves with
   * nothing, whatever the control API acknowledged.
   */
  private async call(name: ControlOperationName, argument: unknown): Promise<unknown> {
    const operation = CONTROL_OPERATIONS[name];
    const { path, body } = request(operation.path, operation.argument, argument);
    const method = operation.method;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text === "" ? undefined : JSON.parse(text);
    if (!response.ok) {
      const error = isFields(parsed) && typeof parsed.error === "string" ? parsed.error : text;
      throw new EmulatorControlHttpError(response.status, `${method} ${path}: ${response.status} ${error}`);
    }
    return operation.acknowledge === undefined ? parsed : undefined;
  }
}

/** The path (with query) and body that carry `argument` where the table says it travels. */
function request(
  template: string,
  place: ArgumentPlace,
  argument: unknown,
): { path: string; body?: unknown } {
  switch (place.in) {
    case "none":
      return { path: template };
    case "path":
      return { path: template.replace(`:${place.name}`, encodeURIComponent(String(argument))) };
    case "body":
      return { path: template, body: argument };
    case "body-field":
      return { path: template, body: { [place.name]: argument } };
    case "query":
      return {
        path:
          argument === undefined
            ? template
            : `${template}?${new URLSearchParams({ [place.name]: String(argument) })}`,
      };
  }
}
