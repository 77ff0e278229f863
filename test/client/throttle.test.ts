import { ThrottleGate } from "../../provider/client/throttle";

/** A gate on a fake clock whose sleeps move the clock, are recorded, and then run `onSleep`. */
function fakeGate(onSleep: (gate: ThrottleGate, sleeps: number) => void = () => undefined) {
  let now = 1_000;
  const slept: number[] = [];
  const gate: ThrottleGate = new ThrottleGate(
    () => now,
    async (ms) => {
      slept.push(ms);
      now += ms;
      onSleep(gate, slept.length);
    },
  );
  return { gate, slept, advance: (ms: number) => (now += ms) };
}

describe("ThrottleGate", () => {
  it("lets calls through at once when no pause is in effect", async () => {
    const { gate, slept } = fakeGate();
    await gate.wait();
    expect(slept).toEqual([]);
  });

  it("holds a call until the pause has passed", async () => {
    const { gate, slept, advance } = fakeGate();
    gate.pause(1000);
    advance(300);
    await gate.wait();
    expect(slept).toEqual([700]);
    await gate.wait();
    expect(slept).toEqual([700]);
  });

  it("keeps the longer of two pauses", async () => {
    const { gate, slept } = fakeGate();
    gate.pause(2000);
    gate.pause(500);
    await gate.wait();
    expect(slept).toEqual([2000]);
  });

  it("waits again when a pause is extended while a call waits", async () => {
    const { gate, slept } = fakeGate((g, sleeps) => {
      if (sleeps === 1) g.pause(400); // another call was throttled meanwhile
    });
    gate.pause(1000);
    await gate.wait();
    expect(slept).toEqual([1000, 400]);
  });
});
