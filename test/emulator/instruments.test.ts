import { Instruments } from "../../emulator/instruments";
import { POOL_A_ID, POOL_B_ID } from "../../emulator/seed";
import { fakeClock } from "./support";

function build() {
  const clock = fakeClock();
  return { instruments: new Instruments({ now: clock.now }), clock };
}

describe("Instruments", () => {
  it("counts calls by operation until reset", () => {
    const { instruments } = build();
    instruments.countCall("get-application");
    instruments.countCall("get-application");
    instruments.countCall("list-applications");
    expect(instruments.calls()).toEqual({ "get-application": 2, "list-applications": 1 });
    instruments.resetCalls();
    expect(instruments.calls()).toEqual({});
  });

  it("fires a fault rule only as many times as allowed and counts each firing", () => {
    const { instruments } = build();
    const id = instruments.addFault({ operation: "get-application", effect: { kind: "reset" }, times: 2 });
    expect(instruments.takeFault("get-application", undefined)?.id).toBe(id);
    expect(instruments.takeFault("get-application", undefined)?.fired).toBe(2);
    expect(instruments.takeFault("get-application", undefined)).toBeUndefined();
    expect(instruments.faults()[0]).toMatchObject({ id, fired: 2, times: 2 });
    expect(instruments.clearFaults()).toBe(1);
  });

  describe("rate limit", () => {
    it("admits everything when no limit is set", () => {
      const { instruments } = build();
      for (let i = 0; i < 1000; i++) expect(instruments.admitCall(POOL_A_ID)).toEqual({ admitted: true });
      expect(instruments.rateLimit()).toBeUndefined();
    });

    it("limits each pool on its own and counts the refusals", () => {
      const { instruments, clock } = build();
      instruments.setRateLimit({ requestsPerSecond: 2, retryAfter: true });
      expect(instruments.admitCall(POOL_A_ID).admitted).toBe(true);
      clock.advance(250);
      expect(instruments.admitCall(POOL_A_ID).admitted).toBe(true);
      expect(instruments.admitCall(POOL_A_ID)).toEqual({
        admitted: false,
        userPoolId: POOL_A_ID,
        retryAfterMs: 750,
      });
      expect(instruments.admitCall(POOL_B_ID).admitted).toBe(true);
      expect(instruments.throttled()).toBe(1);
      clock.advance(750);
      expect(instruments.admitCall(POOL_A_ID).admitted).toBe(true);
    });

    it("admits a call charged to no pool", () => {
      const { instruments } = build();
      instruments.setRateLimit({ requestsPerSecond: 1 });
      instruments.admitCall(undefined);
      expect(instruments.admitCall(undefined).admitted).toBe(true);
    });

    it("starts empty windows when the limit is set again, and resets the count on demand", () => {
      const { instruments } = build();
      instruments.setRateLimit({ requestsPerSecond: 1 });
      instruments.admitCall(POOL_A_ID);
      expect(instruments.admitCall(POOL_A_ID).admitted).toBe(false);
      instruments.setRateLimit({ requestsPerSecond: 1 });
      expect(instruments.admitCall(POOL_A_ID).admitted).toBe(true);
      expect(instruments.throttled()).toBe(1);
      instruments.resetThrottled();
      expect(instruments.throttled()).toBe(0);
      instruments.setRateLimit(undefined);
      expect(instruments.admitCall(POOL_A_ID).admitted).toBe(true);
    });

    it("takes the limit from the options", () => {
      const instruments = new Instruments({ rateLimit: { requestsPerSecond: 300, retryAfter: false } });
      expect(instruments.rateLimit()).toEqual({ requestsPerSecond: 300, retryAfter: false });
    });
  });

  it("records requests in the request log", () => {
    const { instruments } = build();
    instruments.recordRequest({
      operation: "get-application",
      method: "GET",
      path: "/",
      authScheme: "none",
      requestId: "r1",
    });
    expect(instruments.requests().map((entry) => entry.requestId)).toEqual(["r1"]);
  });
});
