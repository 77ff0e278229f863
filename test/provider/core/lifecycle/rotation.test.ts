import { recordSecret } from "../../../../provider/core/lifecycle/outputs";
import { withRotationPlan } from "../../../../provider/core/lifecycle/plan";
import { decideRotation, rotationReason } from "../../../../provider/core/lifecycle/rotation";

const t0 = new Date("2026-11-01T00:00:00.000Z");
const t1 = new Date("2026-11-01T00:00:30.000Z");
const t2 = new Date("2026-11-01T00:01:00.000Z");

describe("rotationReason (what diff and update act on)", () => {
  const state = recordSecret(
    undefined,
    { appId: "a", rotateAfter: "1m", rotationTrigger: 1 },
    {
      secret: "s1",
      reason: "created",
      at: t0,
    },
  );

  it("is the trigger when it changed, the schedule when check found it due, else nothing", () => {
    expect(
      rotationReason(state, { appId: "a", rotationTrigger: 2, scheduledFrom: t2.toISOString() }, t2),
    ).toBe("trigger");
    const due = withRotationPlan({ ...state }, { appId: "a", rotateAfter: "1m", rotationTrigger: 1 }, t2);
    expect(rotationReason(state, due, t2)).toBe("schedule");
    const notDue = withRotationPlan({ ...state }, { appId: "a", rotateAfter: "1m", rotationTrigger: 1 }, t1);
    expect(rotationReason(state, notDue, t1)).toBeUndefined();
  });

  it("counts from rotatedAt for inputs without a start (state written before 0.2)", () => {
    const { scheduledFrom: _start, ...legacy } = state;
    expect(rotationReason(legacy, { appId: "a", rotateAfter: "1m", rotationTrigger: 1 }, t2)).toBe(
      "schedule",
    );
    expect(rotationReason(legacy, { appId: "a", rotateAfter: "1m", rotationTrigger: 1 }, t1)).toBeUndefined();
  });
});

describe("decideRotation (what check, diff, create and update ask)", () => {
  it("creates a new resource, or adopts GenAuth's secret with adopt: true", () => {
    expect(decideRotation(undefined, { appId: "a" }, t0)).toEqual({ rotate: true, reason: "created" });
    expect(decideRotation({}, { appId: "a", adopt: true }, t0)).toEqual({ rotate: false, reason: "adopted" });
  });

  it("treats another appId as a new resource", () => {
    expect(
      decideRotation({ appId: "b", rotationTrigger: 1 }, { appId: "a", rotationTrigger: 1 }, t0),
    ).toEqual({
      rotate: true,
      reason: "created",
    });
  });

  it("names the trigger before a due schedule, and keeps the secret when neither applies", () => {
    const olds = { appId: "a", rotationTrigger: { x: 1, y: 2 }, scheduledFrom: t0.toISOString() };
    const due = { appId: "a", rotateAfter: "1m", scheduledRotation: "due" };
    expect(decideRotation(olds, { ...due, rotationTrigger: 2 }, t2)).toEqual({
      rotate: true,
      reason: "trigger",
    });
    expect(decideRotation(olds, { ...due, rotationTrigger: { y: 2, x: 1 } }, t2)).toEqual({
      rotate: true,
      reason: "schedule",
    });
    expect(decideRotation(olds, { appId: "a", rotationTrigger: { y: 2, x: 1 } }, t2)).toEqual({
      rotate: false,
    });
  });
});
