/**
 * The few HTTP chores the server and the control plane share: reading a bounded body, parsing JSON,
 * writing JSON. Kept apart so the request pipelines read as decisions, not stream plumbing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Fields, isFields } from "./fields";

/** Bodies beyond this are refused (413): nothing the emulated API takes comes close. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Why a body could not be read as a JSON object. */
export class BodyError extends Error {
  /** 400 for malformed JSON or a non-object, 413 for a body that is too large. */
  readonly status: 400 | 413;

  constructor(status: 400 | 413, message: string) {
    super(message);
    this.name = "BodyError";
    this.status = status;
  }
}

/** Reads the whole body as UTF-8, refusing more than MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Parses a body that must be empty (→ undefined) or JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Parses a body that must be empty (→ {}) or a JSON object, as every emulated POST takes. */
export function parseJsonObject(text: string): Fields {
  const value = parseJson(text);
  if (value === undefined) return {};
  if (!isFields(value)) throw new BodyError(400, "request body must be a JSON object");
  return value;
}

/** Writes a JSON answer unless the connection is already gone. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
