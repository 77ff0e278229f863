import { decideDiff } from "../../provider/core/lifecycle/diff";
import { detailedDiff } from "../../provider/native/detailedDiff";
import { SecretInputs, StoredOutputs } from "../../provider/inputs/types";

const NOW = new Date("2026-06-01T00:00:00.000Z");
const state = (overrides: Record<string, unknown> = {}) =>
  ({
    appId: "app1",
    rotationTrigger: "v1",
    secret: "s",
    rotatedAt: "2026-05-31T00:00:00.000Z",
    scheduledFrom: "2026-05-31T00:00:00.000Z",
    rotationReason: "created",
    fingerprint: "f",
    rotationCount: 1,
    nextRotationAt: "",
    history: [],
    ...overrides,
  }) as unknown as StoredOutputs;

function rows(olds: StoredOutputs, news: Record<string, unknown>) {
  const inputs = news as unknown as SecretInputs;
  return detailedDiff(decideDiff(olds, inputs, NOW), olds, inputs);
}

describe("the native detailed diff", () => {
  test("no change has no rows", () => {
    expect(rows(state(), { appId: "app1", rotationTrigger: "v1" })).toEqual({});
  });

  test("a trigger change lists the trigger and the secret it replaces", () => {
    expect(rows(state(), { appId: "app1", rotationTrigger: "v2" })).toEqual({
      rotationTrigger: { kind: "update", inputDiff: true },
      secret: { kind: "add", inputDiff: false },
    });
  });

  test("a due schedule lists rotateAfter, unchanged, as the reason, and the new secret", () => {
    const olds = state({ rotateAfter: "12h" });
    expect(rows(olds, { appId: "app1", rotationTrigger: "v1", rotateAfter: "12h" })).toEqual({
      rotateAfter: { kind: "update", inputDiff: true },
      secret: { kind: "add", inputDiff: false },
    });
  });

  test("a schedule that is not due lists nothing", () => {
    const olds = state({ rotateAfter: "2d" });
    expect(rows(olds, { appId: "app1", rotationTrigger: "v1", rotateAfter: "2d" })).toEqual({});
  });

  test("an added, a removed and a changed input are an add, a delete and an update", () => {
    expect(rows(state({ onDelete: "rotate" }), { appId: "app1", adopt: true, rotateAfter: "30d" })).toEqual({
      rotationTrigger: { kind: "delete", inputDiff: true },
      rotateAfter: { kind: "add", inputDiff: true },
      adopt: { kind: "add", inputDiff: true },
      onDelete: { kind: "delete", inputDiff: true },
      secret: { kind: "add", inputDiff: false },
    });
  });

  test("a new appId is a replacement and nothing else", () => {
    expect(rows(state(), { appId: "app2", rotationTrigger: "v2" })).toEqual({
      appId: { kind: "updateReplace", inputDiff: true },
      rotationTrigger: { kind: "update", inputDiff: true },
    });
  });

  test("an unconfirmed rotation in state lists the pendingRotation the update clears", () => {
    const { secret: _s, ...rest } = state() as unknown as Record<string, unknown>;
    const olds = { ...rest, pendingRotation: { reason: "trigger" } } as unknown as StoredOutputs;
    expect(rows(olds, { appId: "app1", rotationTrigger: "v1" })).toEqual({
      pendingRotation: { kind: "delete", inputDiff: false },
    });
  });
});
