import { decideDiff } from "../../../provider/core/lifecycle/diff";
import { detailedDiff } from "../../../provider/native/detailedDiff";
import { StoredOutputs } from "../../../provider/core/state";
import { SecretInputs } from "../../../provider/inputs/types";

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

  /** State after an unconfirmed rotation: no secret, the pending rotation. */
  const pending = (overrides: Record<string, unknown> = {}) => {
    const { secret: _s, ...rest } = state(overrides) as unknown as Record<string, unknown>;
    return {
      ...rest,
      pendingRotation: { reason: "trigger", rotationTrigger: "v2" },
    } as unknown as StoredOutputs;
  };

  test("an unconfirmed rotation the update only adopts lists the pendingRotation it clears and the secret it records", () => {
    expect(rows(pending(), { appId: "app1", rotationTrigger: "v1" })).toEqual({
      pendingRotation: { kind: "delete", inputDiff: false },
      secret: { kind: "add", inputDiff: false },
    });
  });

  test("an unconfirmed rotation with a trigger change lists the same secret row once, beside the trigger", () => {
    expect(rows(pending(), { appId: "app1", rotationTrigger: "v2" })).toEqual({
      rotationTrigger: { kind: "update", inputDiff: true },
      pendingRotation: { kind: "delete", inputDiff: false },
      secret: { kind: "add", inputDiff: false },
    });
  });

  test("an unconfirmed create (no confirmed secret yet) lists the secret the update records", () => {
    const olds = pending({ rotationCount: 0, rotatedAt: "", history: [], rotationTrigger: "v2" });
    expect(rows(olds, { appId: "app1", rotationTrigger: "v2" })).toEqual({
      pendingRotation: { kind: "delete", inputDiff: false },
      secret: { kind: "add", inputDiff: false },
    });
  });
});
