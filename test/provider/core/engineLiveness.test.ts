import * as net from "net";
import { engineLiveness } from "../../../provider/core/engineLiveness";

describe("engineLiveness", () => {
  it("is alive while the engine's address accepts connections, and gone once it refuses them", async () => {
    const engine = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
    const alive = engineLiveness(`127.0.0.1:${(engine.address() as net.AddressInfo).port}`);
    expect(await alive()).toBe(true);
    await new Promise<void>((resolve) => engine.close(() => resolve()));
    expect(await alive()).toBe(false);
  });

  it("counts as alive when the process was not given an engine address", async () => {
    expect(await engineLiveness(undefined)()).toBe(true);
    expect(await engineLiveness("--selectProjects")()).toBe(true);
  });
});
