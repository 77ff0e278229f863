/**
 * Runs in the provider process. The engine starts the dynamic-provider host with its own gRPC
 * address as the first argument. When `pulumi` is killed, the provider process lives on (the
 * plugin shim does not `exec` node) and would finish every rotation already queued, none of which
 * state would record. Probing that address before each rotation stops it from starting new ones.
 */
import * as net from "net";

/** Answers whether the engine that started this process is still there. */
export type EngineLiveness = () => Promise<boolean>;

/** `host:port`, as the engine passes its address. */
const ADDRESS = /^(\[[\da-f:.]+\]|[\w.-]+):(\d{1,5})$/i;

/** How long a probe waits for a connection before giving the engine the benefit of the doubt. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * The liveness probe for the engine at `address` (default: this process's first argument, as the
 * dynamic-provider host receives it). Only a refused connection counts as gone: anything else
 * (a slow answer, an unparseable argument when run outside the host) counts as alive.
 */
export function engineLiveness(address: string | undefined = process.argv[2]): EngineLiveness {
  const match = ADDRESS.exec(address ?? "");
  if (!match) return async () => true;
  const host = match[1].replace(/^\[|\]$/g, "");
  const port = Number(match[2]);
  return () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      const done = (alive: boolean) => {
        socket.destroy();
        resolve(alive);
      };
      socket.setTimeout(PROBE_TIMEOUT_MS, () => done(true));
      socket.once("connect", () => done(true));
      socket.once("error", (error: NodeJS.ErrnoException) => done(error.code !== "ECONNREFUSED"));
    });
}
