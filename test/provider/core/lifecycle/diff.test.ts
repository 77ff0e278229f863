import { canonicalJson } from "../../../../provider/core/lifecycle/canonicalJson";
import { decideDiff } from "../../../../provider/core/lifecycle/diff";
import { recordSecret } from "../../../../provider/core/lifecycle/outputs";
import { SecretOutputs } from "../../../../provider/core/state";
import { SecretInputs } from "../../../../provider/inputs/types";

const created = new Date("2026-11-01T00:00:00.000Z");
const later = new Date("2026-11-02T00:00:00.000Z");

function state(inputs: SecretInputs): SecretOutputs {
  return recordSecret(undefined, inputs, { secret: "s1", reason: "created", at: created, requestId: "r1" });
}

describe("canonicalJson", () => {
  it("ignores key order at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });
  it("tells apart values that differ only in type", () => {
    expect(canonicalJson("1")).not.toBe(canonicalJson(1));
  });
});

describe("decideDiff", () => {
  const base: SecretInputs = { appId: "app-1", rotationTrigger: { month: "2026-11", n: 1 } };

  it("reports no change when nothing changed, whatever the key order of the trigger", () => {
    const d = decideDiff(state(base), { appId: "app-1", rotationTrigger: { n: 1, month: "2026-11" } }, later);
    expect(d).toEqual({ changes: false, replaces: [], rotation: undefined, confirms: false, changed: [] });
  });

  it("replaces when appId changes", () => {
    const d = decideDiff(state(base), { ...base, appId: "app-2" }, later);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual(["appId"]);
  });

  it("updates and rotates when the trigger changes", () => {
    const d = decideDiff(state(base), { ...base, rotationTrigger: "2026-12" }, later);
    expect(d).toMatchObject({
      changes: true,
      replaces: [],
      rotation: "trigger",
      changed: ["rotationTrigger"],
    });
  });

  it("rotates when a trigger is added or removed", () => {
    expect(decideDiff(state({ appId: "a" }), { appId: "a", rotationTrigger: 1 }, later).rotation).toBe(
      "trigger",
    );
    expect(decideDiff(state(base), { appId: "app-1" }, later).rotation).toBe("trigger");
  });

  it.each([
    ["connection", { connection: { host: "https://x.example" } }],
    ["onDelete", { onDelete: "rotate" as const }],
    ["adopt", { adopt: true }],
  ])("updates without rotating when %s changes", (key, change) => {
    const d = decideDiff(state(base), { ...base, ...change }, later);
    expect(d).toMatchObject({ changes: true, replaces: [], rotation: undefined, changed: [key] });
  });

  it("updates without rotating when a schedule is added that is not yet due", () => {
    const d = decideDiff(state(base), { ...base, rotateAfter: "90d" }, later);
    expect(d).toMatchObject({ changes: true, rotation: undefined, changed: ["rotateAfter"] });
  });

  it("rotates for the schedule when the new interval is already due", () => {
    const d = decideDiff(state(base), { ...base, rotateAfter: "12h" }, later);
    expect(d).toMatchObject({ changes: true, rotation: "schedule" });
  });

  it("rotates for the schedule when the interval since rotatedAt has passed, and not a minute before", () => {
    const olds = state({ ...base, rotateAfter: "1d" });
    expect(decideDiff(olds, { ...base, rotateAfter: "1d" }, new Date(later.getTime() - 60_000)).changes).toBe(
      false,
    );
    expect(decideDiff(olds, { ...base, rotateAfter: "1d" }, later)).toMatchObject({
      changes: true,
      rotation: "schedule",
    });
  });

  it("rotates once, for the trigger, when the trigger changed and the schedule is due", () => {
    const olds = state({ ...base, rotateAfter: "1h" });
    expect(decideDiff(olds, { ...base, rotateAfter: "1h", rotationTrigger: "x" }, later).rotation).toBe(
      "trigger",
    );
  });

  it("treats an unknown trigger (preview) as a rotation, not a replacement", () => {
    const d = decideDiff(
      state(base),
      { ...base, rotationTrigger: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
      later,
    );
    expect(d).toMatchObject({ changes: true, replaces: [], rotation: "trigger" });
  });
});
