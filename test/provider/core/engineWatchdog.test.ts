import { EngineWatchdog, processWatchdog, WatchdogTimer } from "../../../provider/core/engineWatchdog";

/** A timer the test fires by hand; `fire` resolves once the tick has finished. */
function fakeTimer() {
  let tick: (() => Promise<void>) | undefined;
  const intervals: number[] = [];
  const timer: WatchdogTimer = {
    setInterval: (fn, ms) => {
      tick = fn;
      intervals.push(ms);
      return intervals.length;
    },
    clearInterval: () => {
      tick = undefined;
    },
  };
  return {
    timer,
    intervals,
    running: () => tick !== undefined,
    fire: async () => {
      if (!tick) throw new Error("the watchdog is not polling");
      await tick();
    },
  };
}

/** A call the test ends by hand. */
function deferred() {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(alive: () => Promise<boolean>) {
  const clock = fakeTimer();
  const exits: number[] = [];
  const watchdog = new EngineWatchdog({
    alive,
    exit: () => exits.push(1),
    intervalMs: 3_000,
    timer: clock.timer,
  });
  return { clock, exits, watchdog };
}

describe("EngineWatchdog", () => {
  test("polls every interval once started, and only once however often it is started", () => {
    const { clock, watchdog } = setup(async () => true);
    expect(clock.running()).toBe(false);
    watchdog.start();
    watchdog.start();
    expect(clock.intervals).toEqual([3_000]);
  });

  test("keeps the process while the engine answers, and exits at the first refused probe", async () => {
    let engine = true;
    const { clock, exits, watchdog } = setup(async () => engine);
    watchdog.start();
    await clock.fire();
    await clock.fire();
    expect(exits).toEqual([]);
    engine = false;
    await clock.fire();
    expect(exits).toEqual([1]);
    expect(clock.running()).toBe(false);
  });

  test("the first tracked call starts it (the dynamic face has no start-up hook)", async () => {
    const { clock, watchdog } = setup(async () => true);
    await watchdog.track(async () => "done");
    expect(clock.running()).toBe(true);
  });

  test("never exits while a call is in flight, even with the engine gone; exits at the next tick after it", async () => {
    let probes = 0;
    const { clock, exits, watchdog } = setup(async () => {
      probes++;
      return false;
    });
    const call = deferred();
    const tracked = watchdog.track(() => call.promise);
    await clock.fire();
    await clock.fire();
    expect(exits).toEqual([]);
    expect(probes).toBe(0); // not even probed: the call decides
    expect(watchdog.calls()).toBe(1);
    call.resolve("secret's answer");
    await expect(tracked).resolves.toBe("secret's answer");
    expect(watchdog.calls()).toBe(0);
    // Not in the call's own continuation: the reply goes out first, the next tick decides.
    expect(exits).toEqual([]);
    await clock.fire();
    expect(exits).toEqual([1]);
  });

  test("a failed call counts as ended too", async () => {
    const { clock, exits, watchdog } = setup(async () => false);
    await expect(watchdog.track(() => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    await clock.fire();
    expect(exits).toEqual([1]);
  });

  test("a call that arrives while the probe is out keeps the process", async () => {
    let answer!: (alive: boolean) => void;
    const { clock, exits, watchdog } = setup(() => new Promise<boolean>((resolve) => (answer = resolve)));
    watchdog.start();
    const tick = clock.fire();
    const call = deferred();
    const tracked = watchdog.track(() => call.promise);
    answer(false);
    await tick;
    expect(exits).toEqual([]);
    call.resolve("ok");
    await tracked;
  });

  test("a call that arrives and ends while the probe is out keeps the process too", async () => {
    let answer!: (alive: boolean) => void;
    const { clock, exits, watchdog } = setup(() => new Promise<boolean>((resolve) => (answer = resolve)));
    watchdog.start();
    const tick = clock.fire();
    await watchdog.track(async () => "quick");
    answer(false);
    await tick;
    expect(exits).toEqual([]);
  });

  test("a probe that throws counts as alive, and a probe still out is not doubled", async () => {
    let probes = 0;
    let answer!: (alive: boolean) => void;
    const { clock, exits, watchdog } = setup(() => {
      probes++;
      if (probes === 1) return Promise.reject(new Error("odd"));
      return new Promise<boolean>((resolve) => (answer = resolve));
    });
    watchdog.start();
    await clock.fire();
    expect(exits).toEqual([]);
    const slow = clock.fire();
    await clock.fire(); // the second probe is still out: this tick does nothing
    expect(probes).toBe(2);
    answer(true);
    await slow;
    expect(exits).toEqual([]);
  });
});

describe("processWatchdog", () => {
  test("watches only a process started with an engine address", () => {
    expect(processWatchdog([])).toBeUndefined();
    expect(processWatchdog(["--selectProjects", "unit"])).toBeUndefined();
    expect(processWatchdog(["127.0.0.1:40123"], async () => true)).toBeInstanceOf(EngineWatchdog);
    expect(processWatchdog(["--logtostderr", "-v=9", "127.0.0.1:40123"], async () => true)).toBeInstanceOf(
      EngineWatchdog,
    );
  });
});
