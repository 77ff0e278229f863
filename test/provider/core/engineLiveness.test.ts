import * as net from "net";
import { engineAddress, engineLiveness } from "../../../provider/core/engineLiveness";

describe("engineLiveness", () => {
  it("is alive while the engine's address accepts connections, and gone once it refuses them", async () => {
    const engine = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
    const alive = engineLiveness(`127.0.0.1:${(engine.address() as net.AddressInfo).port}`);
    expect(await alive()).toBe(true);
    await new Promise<void>((resolve) => engine.close(() => resolve()));
    expect(await alive()).toBe(false);
  });

  it("lets concurrent asks share the probe in flight; a later ask probes again", async () => {
    let connections = 0;
    const engine = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
    try {
      const alive = engineLiveness(`127.0.0.1:${(engine.address() as net.AddressInfo).port}`);
      expect(await Promise.all([alive(), alive(), alive()])).toEqual([true, true, true]);
      await accepted(() => connections, 1);
      expect(connections).toBe(1);
      expect(await alive()).toBe(true);
      await accepted(() => connections, 2);
      expect(connections).toBe(2);
    } finally {
      await new Promise<void>((resolve) => engine.close(() => resolve()));
    }
  });

  it("counts as alive when the process was not given an engine address", async () => {
    expect(await engineLiveness(undefined)()).toBe(true);
    expect(await engineLiveness("--selectProjects")()).toBe(true);
  });
});

describe("engineAddress", () => {
  it("is the first argument, as the engine starts the dynamic-provider host and the native plugin", () => {
    expect(engineAddress(["127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddress(["127.0.0.1:40123", "other"])).toBe("127.0.0.1:40123");
  });

  it("skips the flags the engine puts first under --logflow and --tracing, as the SDK's parseArgs does", () => {
    expect(engineAddress(["--logtostderr", "-v=9", "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddress(["--tracing", "127.0.0.1:9411", "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
  });

  it("is undefined without one (a process not started by the engine)", () => {
    expect(engineAddress([])).toBeUndefined();
    expect(engineAddress(["--selectProjects", "unit"])).toBeUndefined();
    expect(engineAddress(["--logtostderr"])).toBeUndefined();
  });
});

/**
 * Waits until the server side has seen `least` connections (it accepts a few turns after the client
 * connected), then a little longer, so any extra connection is counted too.
 */
async function accepted(count: () => number, least: number): Promise<void> {
  for (let turn = 0; turn < 1000 && count() < least; turn++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((resolve) => setTimeout(resolve, 50));
}
