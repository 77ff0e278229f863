/**
 * Runs in the provider process. The engine starts the dynamic-provider host, and the native plugin,
 * with its own gRPC address as the first argument (after logging and tracing flags). When `pulumi` is killed, the provider process lives on (the
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
 * The engine's address among a provider process's arguments, read as `@pulumi/pulumi`'s own
 * `parseArgs` reads them (provider/internals.js): the first argument that is not one of the flags
 * the engine puts before it (`--logtostderr` and `-v=<n>` with `--logflow`, `--tracing <endpoint>`).
 * Taking `argv[2]` blindly would read `--logtostderr` under `pulumi up -v=9 --logflow` and turn the
 * probe off. Undefined when there is none (a process not started by the engine).
 */
export function engineAddress(args: readonly string[] = process.argv.slice(2)): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--logtostderr" || arg.startsWith("-v=")) continue;
    if (arg === "--tracing") {
      i += 1;
      continue;
    }
    return ADDRESS.test(arg) ? arg : undefined;
  }
  return undefined;
}

/**
 * The liveness probe for the engine at `address` (default: the one among this process's arguments,
 * see {@link engineAddress}; the dynamic-provider host and the native plugin receive it alike).
 * Only a refused connection counts as gone: anything else (a slow answer, no or an unparseable
 * address when run outside the engine) counts as alive.
 */
export function engineLiveness(address: string | undefined = engineAddress()): EngineLiveness {
  const match = ADDRESS.exec(address ?? "");
  if (!match) return async () => true;
  const host = match[1].replace(/^\[|\]$/g, "");
  const port = Number(match[2]);
  return shared(() => probe(host, port));
}

/**
 * Lets concurrent asks share the probe in flight: a create of 300 resources asks about once per
 * rotation, all at once, and each probe is a connection the engine must accept. An ask that joins
 * gets the answer of a probe still in flight when it asked, never one that had already settled.
 */
function shared(probe: EngineLiveness): EngineLiveness {
  let inFlight: Promise<boolean> | undefined;
  return () => {
    inFlight ??= probe().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

/** Only a refused connection counts as gone (see {@link engineLiveness}). */
function probe(host: string, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
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
