import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";

/** A loopback HTTP server whose answers a test writes by hand. */
export interface HostileServer {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** Stops accepting and destroys every open connection. */
  close(): Promise<void>;
}

/** What a hostile server does with one request; it sees the request body already read. */
export type HostileHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
) => void | Promise<void>;

/** Starts a server on 127.0.0.1 that hands each request to `handle`. */
export async function startHostileServer(handle: HostileHandler): Promise<HostileServer> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      Promise.resolve(handle(req, res, body)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The operation a GenAuth request is for, from its path (`/api/v3/<operation>`). */
export function operationOf(req: IncomingMessage): string {
  return new URL(req.url ?? "/", "http://x").pathname.replace(/^\/api\/v3\//, "");
}

/** Writes `body` as JSON (a string is sent as is) with HTTP 200. */
export function answer(res: ServerResponse, body: unknown, status = 200): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json" }).end(text);
}

/**
 * A server in front of `target` that forwards every request and, for the operations `rewrite`
 * returns a body for, answers that body instead of the real answer (which it reads, so the call
 * took effect upstream: a refresh rotates, its answer is then replaced).
 */
export function startRewritingProxy(
  target: string,
  rewrite: (operation: string, upstreamBody: string) => string | undefined,
): Promise<HostileServer> {
  return startHostileServer(
    (req, res, body) =>
      new Promise<void>((resolve, reject) => {
        const upstream = httpRequest(
          new URL(req.url ?? "/", target),
          { method: req.method, headers: req.headers },
          (up) => {
            let text = "";
            up.setEncoding("utf8");
            up.on("data", (chunk: string) => (text += chunk));
            up.on("end", () => {
              const replaced = rewrite(operationOf(req), text);
              res.writeHead(up.statusCode ?? 502, { "content-type": "application/json" });
              res.end(replaced ?? text);
              resolve();
            });
          },
        );
        upstream.on("error", reject);
        upstream.end(body);
      }),
  );
}
