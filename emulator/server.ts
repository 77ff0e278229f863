/**
 * The emulator as a real HTTP server (node:http, no framework), so that any client — the provider, the
 * official SDK, curl — can talk to it exactly as to GenAuth. Requests under `/__emulator/` go to the
 * control plane; everything else to the emulated API. The server tracks every socket and timer it owns,
 * so `stop()` is prompt even with requests hanging on purpose, and so an outage can take it off the
 * network and put it back on the same URL. The server owns the GenAuth state and, next to it, the test
 * instruments (counts, faults, rate limiter, request log); a reset builds both anew. What outlives a reset
 * lives here: the start options and the record of every issued secret (appended to
 * `GENAUTH_EMULATOR_SECRET_LOG` when set).
 */
import { randomBytes } from "node:crypto";
import { createServer, IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { ApiEnvironment, handleApiRequest } from "./api";
import { ControlHost, EmulatorControl } from "./control";
import { ControlAnswer, handleControlRequest } from "./controlOperations";
import { BodyError, parseJson, readBody, sendJson } from "./http-io";
import { OutageSwitch } from "./outage";
import { parseRateLimit, RateLimitSettings } from "./rateLimit";
import { CONTROL_PREFIX } from "./routes";
import { SecretRecord, secretLogFromEnv } from "./secretRecord";
import { DEFAULT_SEED, Seed } from "./seed";
import { Instruments } from "./instruments";
import { EmulatorState } from "./state";

/** How to start an emulator. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** What the emulator starts with, and returns to on a reset without a body. @default DEFAULT_SEED */
  seed?: Seed;
  /** Lifetime of management tokens. @default 7200 */
  tokenLifetimeSeconds?: number;
  /** The clock, in milliseconds since the epoch (tokens, signature dates, nonces). @default Date.now */
  now?: () => number;
  /** Makes app secrets. @default 32 random hex characters */
  generateSecret?: () => string;
  /** When false, one line per API call goes to stderr (never a secret or token). @default true */
  quiet?: boolean;
  /**
   * Limit API calls per user pool, like GenAuth's limiter (e.g. `{requestsPerSecond: 300}`); calls beyond
   * it get HTTP 429. Restored by every reset. @default no limit
   */
  rateLimit?: RateLimitSettings;
  /**
   * A file to append every issued app secret and management token to, one per line, before the response
   * carrying it is sent (for leak scans across processes). @default `$GENAUTH_EMULATOR_SECRET_LOG`, else none
   */
  secretLogFile?: string;
  /**
   * Serve HTTPS with this certificate and key (PEM text), as a private deployment does; the URL then
   * starts with `https://`. @default plain HTTP
   */
  tls?: { cert: string; key: string };
  /**
   * Put a `requestId` in successful answers too. GenAuth documents it only for failures, which always
   * carry one. @default false
   */
  requestIdOnSuccess?: boolean;
}

/** A started emulator. */
export interface RunningEmulator {
  /**
   * Base URL, e.g. `http://127.0.0.1:8787` or, with `tls`, `https://127.0.0.1:8787` (no trailing
   * slash): the client's host setting.
   */
  readonly url: string;
  /** The live state (a new object after every reset). */
  readonly state: EmulatorState;
  /** In-process control; the same operations as the HTTP control API. */
  readonly control: EmulatorControl;
  /** Closes the server and every open or hanging connection; cancels a pending come-back. */
  stop(): Promise<void>;
  /**
   * Makes the emulator unreachable (ECONNREFUSED) until `comeBack()`: closes the listening socket and
   * destroys open connections, keeping the state. Resolves once down. Cancels a scheduled come-back.
   */
  goDown(): Promise<void>;
  /** Listens again on the same host and port, with the state as it was; resolves once listening. */
  comeBack(): Promise<void>;
  /** Resolves once the emulator listens again after an outage (at once if it is up). */
  whenUp(): Promise<void>;
}

/** Starts an emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // `network` is declared below, with the server it switches; no control call can come before.
  const host = liveHost(options, (ms) => network.outage(ms));
  const timers = new Set<NodeJS.Timeout>();
  const { server, sockets } = trackedServer(
    options,
    requestListener(host, apiEnvironment(host, options, timers)),
  );
  const network = new OutageSwitch(server, sockets);
  const address = await network.start({ host: options.host ?? "127.0.0.1", port: options.port ?? 0 });
  let stopped = false;
  return {
    url: baseUrl(address, options.tls ? "https" : "http"),
    get state() {
      return host.state();
    },
    control: new EmulatorControl(host),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await network.stop();
    },
    goDown: () => network.goDown(),
    comeBack: () => network.comeBack(),
    whenUp: () => network.whenUp(),
  };
}

/**
 * The emulator's live state and instruments, built from the start seed and options and rebuilt by a
 * reset, and the record of issued secrets, which outlives resets.
 */
function liveHost(options: EmulatorOptions, outage: (ms: number) => Promise<void>): ControlHost {
  const startSeed = options.seed ?? DEFAULT_SEED;
  const rateLimit = options.rateLimit && parseRateLimit(options.rateLimit);
  const secretRecord = new SecretRecord(options.secretLogFile ?? secretLogFromEnv());
  const build = (seed: Seed) =>
    new EmulatorState(seed, {
      now: options.now,
      generateSecret: options.generateSecret,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds,
      secretSink: secretRecord,
    });
  const instrument = () => new Instruments({ now: options.now, rateLimit });
  let state = build(startSeed);
  let instruments = instrument();
  return {
    state: () => state,
    instruments: () => instruments,
    issuedSecrets: () => secretRecord.issued(),
    reset: (seed) => {
      state = build(seed ?? startSeed);
      instruments = instrument();
    },
    outage,
  };
}

/** What the API pipeline needs; its delays are `timers`, so that `stop()` can cancel them. */
function apiEnvironment(
  host: ControlHost,
  options: EmulatorOptions,
  timers: Set<NodeJS.Timeout>,
): ApiEnvironment {
  return {
    state: () => host.state(),
    instruments: () => host.instruments(),
    newRequestId: () => randomBytes(16).toString("hex"),
    delay: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    log: options.quiet === false ? (line: string) => process.stderr.write(`${line}\n`) : undefined,
    requestIdOnSuccess: options.requestIdOnSuccess ?? false,
  };
}

/** Sends `/__emulator/` to the control plane and everything else to the emulated API. */
function requestListener(host: ControlHost, env: ApiEnvironment): RequestListener {
  return (req, res) => {
    const serve = isControlPath(req.url) ? serveControl(host, req, res) : handleApiRequest(env, req, res);
    serve.catch((error: unknown) => {
      // A bug or a connection that died mid-read: answer if still possible, never crash the process.
      sendJson(res, 500, { statusCode: 500, message: `emulator error: ${(error as Error).message}` });
    });
  };
}

/** An HTTP (or, with `tls`, HTTPS) server, not yet listening, with the set of its open sockets. */
function trackedServer(
  options: EmulatorOptions,
  listener: RequestListener,
): { server: Server; sockets: Set<Socket> } {
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createServer(listener);
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return { server, sockets };
}

function isControlPath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?")[0];
  return path === CONTROL_PREFIX.slice(0, -1) || path.startsWith(CONTROL_PREFIX);
}

async function serveControl(host: ControlHost, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  let body: unknown;
  try {
    body = parseJson(await readBody(req));
  } catch (error) {
    const status = error instanceof BodyError ? error.status : 400;
    return sendJson(res, status, { error: (error as Error).message });
  }
  const answer = handleControlRequest(
    host,
    (req.method ?? "GET").toUpperCase(),
    url.pathname,
    url.searchParams,
    body,
  );
  sendJson(res, answer.status, answer.body);
  if (answer.after !== undefined) runAfterAnswer(res, answer.after);
}

/**
 * Runs `after` once the answer has left (or the connection died): an outage asked for over HTTP must not
 * destroy the socket its own answer is still being written to.
 */
function runAfterAnswer(res: ServerResponse, after: NonNullable<ControlAnswer["after"]>): void {
  res.once("close", () => {
    // Going down cannot fail in a way the caller, who already has its answer, could act on.
    after().catch(() => undefined);
  });
}

function baseUrl(address: AddressInfo, scheme: "http" | "https"): string {
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
}
