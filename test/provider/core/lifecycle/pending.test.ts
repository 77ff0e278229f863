import { recordSecret } from "../../../../provider/core/lifecycle/outputs";
import {
  refreshedPending,
  settlePending,
  unconfirmedOutputs,
} from "../../../../provider/core/lifecycle/pending";
import { SecretInputs } from "../../../../provider/inputs/types";

const t0 = new Date("2026-11-01T00:00:00.000Z");
const t1 = new Date("2026-11-02T00:00:00.000Z");
const created = recordSecret(
  undefined,
  { appId: "a", rotationTrigger: 1 },
  { secret: "s1", reason: "created", at: t0 },
);
const attempt = { reason: "trigger" as const, at: t1, previousSecret: "s1", userPoolId: "p" };
/** An update to trigger 2 whose rotation could not be confirmed. */
const pendingUpdate = unconfirmedOutputs(created, { appId: "a", rotationTrigger: 2 }, attempt);
/** A create whose rotation could not be confirmed. */
const pendingCreate = unconfirmedOutputs(undefined, { appId: "a" }, { ...attempt, reason: "created" });
const read = (secret: string) => ({ secret, requestId: "r", userPoolId: "p" });

describe("settlePending (an update settles an unconfirmed rotation)", () => {
  it("records the rotation that happened, for its reason, without rotating again", () => {
    const settled = settlePending(pendingUpdate, { appId: "a", rotationTrigger: 2 }, read("s2"), t1);
    expect(settled).toMatchObject({
      rotate: false,
      outs: { secret: "s2", rotationReason: "trigger", rotationCount: 2 },
    });
  });

  it("rotates again when it did not happen and the trigger still differs", () => {
    const settled = settlePending(pendingUpdate, { appId: "a", rotationTrigger: 2 }, read("s1"), t1);
    expect(settled).toMatchObject({
      rotate: true,
      reason: "trigger",
      prev: { secret: "s1", rotationCount: 1 },
    });
  });

  it("keeps GenAuth's secret when it did not happen and the trigger was reverted", () => {
    const settled = settlePending(pendingUpdate, { appId: "a", rotationTrigger: 1 }, read("s1"), t1);
    expect(settled).toMatchObject({ rotate: false, outs: { secret: "s1", rotationReason: "created" } });
  });

  it("creates again, or adopts with adopt: true, when a create's rotation did not happen", () => {
    const news: SecretInputs = { appId: "a" };
    expect(settlePending(pendingCreate, news, read("s1"), t1)).toEqual({
      rotate: true,
      prev: undefined,
      reason: "created",
    });
    expect(settlePending(pendingCreate, { ...news, adopt: true }, read("s1"), t1)).toMatchObject({
      rotate: false,
      outs: { secret: "s1", rotationReason: "adopted", rotationCount: 1 },
    });
  });
});

describe("refreshedPending (a refresh adopts an unconfirmed rotation that happened)", () => {
  it("records it for the trigger it was made for", () => {
    expect(refreshedPending(pendingUpdate, { appId: "a", rotationTrigger: 1 }, read("s2"), t1)).toMatchObject(
      {
        secret: "s2",
        rotationTrigger: 2,
        rotationReason: "trigger",
      },
    );
  });

  it("leaves it for the next up when it did not happen", () => {
    expect(refreshedPending(pendingUpdate, { appId: "a" }, { ...read("s1"), userPoolId: "q" }, t1)).toEqual({
      ...pendingUpdate,
      userPoolId: "q",
    });
  });
});
