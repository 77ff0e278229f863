import { withRotationPlan } from "../../../../provider/core/lifecycle/plan";
import { SecretInputs } from "../../../../provider/inputs/types";

const t0 = new Date("2026-11-01T00:00:00.000Z");
const t1 = new Date("2026-11-01T00:00:30.000Z");
const t2 = new Date("2026-11-01T00:01:00.000Z");

describe("withRotationPlan (what check adds to the inputs)", () => {
  const news: SecretInputs = { appId: "a", rotateAfter: "1m" };

  it("starts the schedule at the check of a create", () => {
    expect(withRotationPlan({}, news, t0)).toEqual({ ...news, scheduledFrom: t0.toISOString() });
  });

  it("starts the schedule anew when the trigger changes, without a schedule reason", () => {
    const olds = { ...news, rotationTrigger: 1, scheduledFrom: t0.toISOString() };
    expect(withRotationPlan(olds, { ...news, rotationTrigger: 2 }, t1)).toEqual({
      ...news,
      rotationTrigger: 2,
      scheduledFrom: t1.toISOString(),
    });
  });

  it("carries the start over while the schedule is not due", () => {
    const olds = { ...news, scheduledFrom: t0.toISOString() };
    expect(withRotationPlan(olds, news, t1)).toEqual({ ...news, scheduledFrom: t0.toISOString() });
  });

  it("says in words why a due schedule rotates, and starts it anew", () => {
    const olds = { ...news, scheduledFrom: t0.toISOString() };
    expect(withRotationPlan(olds, news, t2)).toEqual({
      ...news,
      scheduledFrom: t2.toISOString(),
      scheduledRotation:
        'rotateAfter "1m" has passed: due at 2026-11-01T00:01:00.000Z, counted from 2026-11-01T00:00:00.000Z',
    });
  });

  it("ignores computed inputs a program sets itself", () => {
    const forged = { ...news, scheduledFrom: "1970-01-01T00:00:00.000Z", scheduledRotation: "forged" };
    const olds = { ...news, scheduledFrom: t0.toISOString() };
    expect(withRotationPlan(olds, forged, t1)).toEqual({ ...news, scheduledFrom: t0.toISOString() });
  });

  it("leaves state without a start (written before 0.2) without one", () => {
    expect(withRotationPlan({ appId: "a" }, news, t2)).toEqual(news);
  });
});
