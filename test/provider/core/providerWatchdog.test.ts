/**
 * The provider (both faces share it) runs every method that calls GenAuth as a call its watchdog
 * waits for, and its first call starts the watchdog.
 */
import { POOL_A_ID, POOL_A_SECRET } from "../../../emulator";
import { EngineWatchdog, WatchdogTimer } from "../../../provider/core/engineWatchdog";
import { ApplicationSecretProvider } from "../../../provider/core/provider";
import { APP_1, useEmulator } from "../../support/emulator";

const emulator = useEmulator();

/** A provider whose watchdog sees the engine gone, polled by hand; its rotation probe says alive. */
async function watchedProvider() {
  let tick: (() => Promise<void>) | undefined;
  const timer: WatchdogTimer = { setInterval: (fn) => (tick = fn), clearInterval: () => (tick = undefined) };
  const exits: string[] = [];
  const watchdog = new EngineWatchdog({ alive: async () => false, exit: () => exits.push("exit"), timer });
  const provider = new ApplicationSecretProvider({
    env: {},
    now: () => new Date(),
    engineAlive: async () => true,
    watchdog,
  });
  const fire = async () => {
    if (!tick) throw new Error("the watchdog is not polling");
    await tick();
  };
  const values: Record<string, string> = {
    "genauth:host": emulator().url,
    "genauth:accessKeyId": POOL_A_ID,
    "genauth:accessKeySecret": POOL_A_SECRET,
  };
  const started = () => tick !== undefined;
  return {
    provider,
    watchdog,
    exits,
    fire,
    started,
    configure: () => provider.configure({ config: { get: (key: string) => values[key] } } as never),
  };
}

test("configure, the first call the engine makes, starts the watchdog", async () => {
  const { started, configure } = await watchedProvider();
  expect(started()).toBe(false);
  await configure();
  expect(started()).toBe(true);
});

test("a create in flight keeps the process until its outputs are returned; the next tick ends it", async () => {
  const { provider, watchdog, exits, fire, configure } = await watchedProvider();
  await configure();
  const create = provider.create({ appId: APP_1 });
  expect(watchdog.calls()).toBe(1);
  await fire();
  expect(exits).toEqual([]);
  const { outs } = await create;
  expect(outs.secret).toBe(emulator().control.app(APP_1).secret);
  expect(watchdog.calls()).toBe(0);
  await fire();
  expect(exits).toEqual(["exit"]);
});

test("update, read and delete are calls in flight too", async () => {
  const { provider, watchdog, exits, fire, configure } = await watchedProvider();
  await configure();
  const { outs } = await provider.create({ appId: APP_1 });
  for (const step of [
    () => provider.update(APP_1, outs, { ...outs, rotationTrigger: "2" }),
    () => provider.read(APP_1, outs),
    () => provider.delete(APP_1, { ...outs, onDelete: "rotate" }),
  ]) {
    const running = step();
    expect(watchdog.calls()).toBe(1);
    await fire();
    await running;
  }
  expect(exits).toEqual([]);
});
