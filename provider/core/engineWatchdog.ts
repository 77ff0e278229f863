/**
 * Runs in the provider process (the native plugin and the dynamic-provider host alike). When
 * `pulumi` is killed (`kill -9`, a lost CI runner), nothing ends the provider process it started:
 * the plugin shims run node as a child of their own, in a process group of its own, and the gRPC
 * server keeps node's event loop alive for ever. The probe before each rotation already refuses to
 * start a rotation (see `ensureEngine` in provider.ts); this watchdog also ends the process.
 *
 * When it exits, and why that is safe:
 * - only after a probe of the engine's address is refused (a slow or odd answer counts as alive,
 *   as for the rotation probe), and
 * - only while no provider call is in flight. A call that got GenAuth's answer returns it to the
 *   engine, and state records it only through the engine. With the engine really gone nothing can
 *   record it, so exiting loses nothing; but a call in flight is waited for anyway, so that a
 *   wrong reading (an engine that refused one connection and is still there) can never cut a
 *   rotation between GenAuth's answer and the reply that carries the secret to state. Such calls
 *   end by themselves: each attempt is bounded by `requestTimeoutMs`, and no new attempt starts
 *   once the rotation probe finds the engine gone.
 * - The decision is taken in a timer tick, never in the microtask that ends a call: the reply of
 *   a call that just ended is written to the socket before the next probe's connection is even
 *   refused.
 */
import { EngineLiveness, engineAddress, engineLiveness } from "./engineLiveness";

/** How often the watchdog probes the engine: often enough to end an orphan soon, rarely enough to cost nothing. */
export const WATCHDOG_INTERVAL_MS = 3_000;

/** The timer the watchdog polls with (tests drive a fake one). */
export interface WatchdogTimer {
  /** Calls `tick` every `ms` until cleared; the timer alone must not keep the process alive. */
  setInterval(tick: () => Promise<void>, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Node's timers, unref'd: the watchdog never keeps an otherwise finished process alive. */
export const SYSTEM_WATCHDOG_TIMER: WatchdogTimer = {
  setInterval: (tick, ms) => setInterval(() => void tick(), ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** What a watchdog watches and what it does. */
export interface EngineWatchdogOptions {
  /** Whether the engine is still there. */
  alive: EngineLiveness;
  /** Ends the process. */
  exit: () => void;
  /** @default {@link WATCHDOG_INTERVAL_MS} */
  intervalMs?: number;
  /** @default {@link SYSTEM_WATCHDOG_TIMER} */
  timer?: WatchdogTimer;
}

/**
 * Ends the process once its engine is gone and no call is in flight (see the module comment).
 * Calls run through {@link track}; polling starts with {@link start} or the first tracked call.
 */
export class EngineWatchdog {
  private inFlight = 0;
  /** Calls ever started: a call that starts and ends while a probe is out still shows here. */
  private started = 0;
  private handle: unknown;
  private probing = false;
  private exited = false;
  private readonly intervalMs: number;
  private readonly timer: WatchdogTimer;

  constructor(private readonly options: EngineWatchdogOptions) {
    this.intervalMs = options.intervalMs ?? WATCHDOG_INTERVAL_MS;
    this.timer = options.timer ?? SYSTEM_WATCHDOG_TIMER;
  }

  /** Starts polling (again calling it does nothing). */
  start(): void {
    if (this.handle !== undefined || this.exited) return;
    this.handle = this.timer.setInterval(() => this.tick(), this.intervalMs);
  }

  /** Stops polling. */
  stop(): void {
    if (this.handle === undefined) return;
    this.timer.clearInterval(this.handle);
    this.handle = undefined;
  }

  /** Runs `work` as a call in flight: the process does not exit before it settles. Starts polling. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.start();
    this.inFlight++;
    this.started++;
    try {
      return await work();
    } finally {
      this.inFlight--;
    }
  }

  /** The number of calls in flight. */
  calls(): number {
    return this.inFlight;
  }

  /** One poll: probes the engine unless a call is in flight, and exits when it is gone. */
  private async tick(): Promise<void> {
    // A call in flight keeps the process whatever the engine does; a probe still going is enough.
    if (this.inFlight > 0 || this.probing || this.exited) return;
    this.probing = true;
    const startedBefore = this.started;
    let alive: boolean;
    try {
      alive = await this.options.alive();
    } catch {
      alive = true; // a probe that fails oddly is not a refused connection
    } finally {
      this.probing = false;
    }
    // A call may have arrived (and even ended) while the probe was out: then the engine is there.
    if (alive || this.inFlight > 0 || this.started !== startedBefore || this.exited) return;
    this.exited = true;
    this.stop();
    this.options.exit();
  }
}

/**
 * The watchdog of a provider process the engine started, probing the engine address among `args`
 * with `alive` (pass the probe the provider already uses before rotating), exiting with
 * `process.exit`. Undefined when `args` hold no engine address (a process not started by the
 * engine, a test): there is nothing to watch.
 */
export function processWatchdog(
  args: readonly string[] = process.argv.slice(2),
  alive?: EngineLiveness,
): EngineWatchdog | undefined {
  const address = engineAddress(args);
  if (address === undefined) return undefined;
  return new EngineWatchdog({
    alive: alive ?? engineLiveness(address),
    // Nothing is written first: the engine read this process's stdout and stderr, and it is gone.
    exit: () => process.exit(0),
  });
}
