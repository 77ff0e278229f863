/**
 * GenAuth unreachable for a while, then back with everything it knew. The switch really closes the
 * listening socket and destroys every open connection, so clients get ECONNREFUSED (not an HTTP error, not
 * a hang), and later listens again on the same host and port, so the same URL works again. It touches only
 * the network: the state (apps, secrets, tokens, counts) lives elsewhere and is kept as it is.
 * Going down, coming back and stopping run one after another in the order asked, so a test that takes the
 * server down, runs something and brings it back gets exactly that, whatever is still in flight.
 */
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { integer } from "./fields";

/** The longest outage: what setTimeout can wait (about 24.8 days). */
export const MAX_OUTAGE_MS = 2 ** 31 - 1;

/** Where a server listens. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** Checks the length of an outage asked for through the control plane; names the problem. */
export function parseOutageMs(value: unknown): number {
  return integer(value, "outage ms", 0, MAX_OUTAGE_MS);
}

/** Resolves once the server listens, rejects if it cannot (e.g. the port was taken meanwhile). */
function listen(server: Server, address: ListenAddress): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

type Waiter = { resolve: () => void; reject: (error: Error) => void };

/**
 * Puts a server on the network, takes it off and back; `sockets` are the connections the server tracks.
 * Nothing works before `start()`.
 */
export class OutageSwitch {
  private listening = false;
  /** Fixed by `start()`: the port actually bound, so that a come-back keeps the URL even for port 0. */
  private address: ListenAddress | undefined;
  /** What was asked last: decided at once, so `whenUp` never mistakes "about to go down" for "up". */
  private wantUp = true;
  private stopped = false;
  private comeBackTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private waiters: Waiter[] = [];

  constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
  ) {}

  /** Listens for the first time (port 0 picks a free port) and resolves with the address bound. */
  async start(address: ListenAddress): Promise<AddressInfo> {
    await listen(this.server, address);
    const bound = this.server.address() as AddressInfo;
    this.address = { host: address.host, port: bound.port };
    this.listening = true;
    return bound;
  }

  /**
   * Stops listening and destroys every open connection; resolves once nothing is left. Cancels a
   * scheduled come-back: the server stays down until `comeBack()`.
   */
  goDown(): Promise<void> {
    this.cancelComeBack();
    this.wantUp = false;
    return this.enqueue(() => this.close());
  }

  /** Listens again on the same host and port (at once, cancelling a scheduled come-back). */
  comeBack(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error("the emulator was stopped"));
    this.cancelComeBack();
    this.wantUp = true;
    return this.enqueue(() => this.open());
  }

  /** Goes down now and comes back after `ms`; resolves once down (`whenUp()` waits for the return). */
  outage(ms: number): Promise<void> {
    const down = this.goDown();
    // A stopped emulator stays down; a timer would also keep the process alive for nothing.
    if (this.stopped) return down;
    this.comeBackTimer = setTimeout(() => {
      this.comeBackTimer = undefined;
      // A failed come-back reaches whoever waits in whenUp(); nobody else is there to tell.
      this.comeBack().catch(() => undefined);
    }, ms);
    return down;
  }

  /** Resolves once the server is up and meant to stay up; rejects if it is stopped or cannot listen. */
  whenUp(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error("the emulator was stopped"));
    if (this.listening && this.wantUp) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Goes down for good: a scheduled come-back is cancelled and `whenUp()` rejects from now on. */
  stop(): Promise<void> {
    this.stopped = true;
    this.settle(new Error("the emulator was stopped"));
    return this.goDown();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async open(): Promise<void> {
    if (this.listening || this.stopped) return;
    try {
      if (this.address === undefined) throw new Error("the emulator was never started");
      await listen(this.server, this.address);
    } catch (error) {
      this.settle(error as Error);
      throw error;
    }
    this.listening = true;
    if (this.wantUp) this.settle();
  }

  /** Resolves every waiter, or rejects them all with `error`. */
  private settle(error?: Error): void {
    for (const waiter of this.waiters.splice(0)) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  private cancelComeBack(): void {
    if (this.comeBackTimer !== undefined) clearTimeout(this.comeBackTimer);
    this.comeBackTimer = undefined;
  }
}
