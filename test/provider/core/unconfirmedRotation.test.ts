/**
 * A rotation GenAuth may have made that the provider could not confirm (the answer was lost and
 * reading the secret back failed too): the step fails with partial state that holds no secret,
 * and the next step confirms before anything else, with exactly one rotation per requested one.
 */
import { ApplicationSecretProvider } from "../../../provider/core/provider";
import { SecretOutputs, UnconfirmedOutputs } from "../../../provider/core/state";
import { UnconfirmedRotationError } from "../../../provider/core/unconfirmedRotationError";
import { APP_1, configuredProvider, useEmulator } from "../../support/emulator";

const emulator = useEmulator();
const rotations = () => emulator().control.app(APP_1).rotations;
const genauthSecret = () => emulator().control.app(APP_1).secret;

/** The refresh's answer is lost and every read-back fails, after `passingReads` reads succeed. */
function loseAnswerAndReadBacks(passingReads: number) {
  emulator().control.addFaults([
    ...(passingReads > 0
      ? [
          {
            operation: "get-application-secret" as const,
            effect: { kind: "hang" as const, ms: 1 },
            times: passingReads,
          },
        ]
      : []),
    { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
    { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
  ]);
}

async function failure(step: Promise<unknown>): Promise<UnconfirmedRotationError> {
  const error = await step.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnconfirmedRotationError);
  return error as UnconfirmedRotationError;
}

let provider: ApplicationSecretProvider;
beforeEach(async () => {
  provider = await configuredProvider(emulator().url);
});

describe("an update whose rotation cannot be confirmed", () => {
  let created: SecretOutputs;
  let error: UnconfirmedRotationError;

  beforeEach(async () => {
    created = (await provider.create({ appId: APP_1, rotationTrigger: "a" })).outs;
    loseAnswerAndReadBacks(0);
    error = await failure(provider.update(APP_1, created, { appId: APP_1, rotationTrigger: "b" }));
    emulator().control.clearFaults();
  });

  it("fails naming the app, the requestId and what the next up does", () => {
    expect(error.message).toMatch(
      /^GenAuth may have rotated the secret of app 6229ffaa0000000000000001, .*requestId \w+.*next pulumi up reads the app's current secret first/,
    );
    expect(error.reasons).toEqual([error.message]);
  });

  it("says why reading the secret back failed: the read's codes and requestId", () => {
    expect(error.message).toMatch(
      /; reading the secret back failed too: GenAuth get-application-secret failed for app 6229ffaa0000000000000001 after \d+ attempts: HTTP 502[^)]*\(requestId \w+\)\)\. State records/,
    );
    expect(error.message).not.toContain(created.secret);
    expect(error.message).not.toContain(genauthSecret());
  });

  it("says the stack outputs keep the old secret until the next up succeeds, refresh or not", () => {
    expect(error.message).toContain(
      "Until that up succeeds, stack outputs taken from this resource (pulumi stack output, --show-secrets " +
        "included) still show the secret and fingerprint from before this step, which GenAuth may no longer " +
        "accept; pulumi refresh does not change stack outputs.",
    );
  });

  it("records partial state with the last confirmed bookkeeping, the old trigger and no secret", () => {
    expect(error.id).toBe(APP_1);
    expect(error.properties).not.toHaveProperty("secret");
    expect(JSON.stringify(error.properties)).not.toContain(genauthSecret());
    expect(JSON.stringify(error.properties)).not.toContain(created.secret);
    expect(error.properties).toMatchObject({
      rotationTrigger: "a",
      rotationCount: 1,
      fingerprint: created.fingerprint,
      pendingRotation: { reason: "trigger", previousFingerprint: created.fingerprint, rotationTrigger: "b" },
    });
    expect(JSON.stringify(error.properties)).not.toContain("undefined");
  });

  it("the next update adopts GenAuth's new secret without rotating again", async () => {
    expect(rotations()).toBe(2);
    const { outs } = await provider.update(APP_1, error.properties as never, {
      appId: APP_1,
      rotationTrigger: "b",
    });
    expect(rotations()).toBe(2);
    expect(outs).toMatchObject({ secret: genauthSecret(), rotationReason: "trigger", rotationCount: 2 });
    expect(outs).not.toHaveProperty("pendingRotation");
  });

  it("the next update adopts GenAuth's new secret even when the trigger was reverted", async () => {
    expect(
      await provider.diff(APP_1, error.properties as never, { appId: APP_1, rotationTrigger: "a" }),
    ).toMatchObject({
      changes: true,
    });
    const { outs } = await provider.update(APP_1, error.properties as never, {
      appId: APP_1,
      rotationTrigger: "a",
    });
    expect(rotations()).toBe(2);
    expect(outs.secret).toBe(genauthSecret());
  });

  it("a refresh adopts GenAuth's new secret for the trigger it was made for", async () => {
    const read = await provider.read(APP_1, error.properties as never);
    expect(read.props).toMatchObject({
      secret: genauthSecret(),
      rotationTrigger: "b",
      rotationReason: "trigger",
    });
    expect(read.props).not.toHaveProperty("pendingRotation");
    expect(read.inputs).toMatchObject({ rotationTrigger: "b" });
    expect(rotations()).toBe(2);
  });
});

describe("a confirming read that GenAuth refuses with a business error", () => {
  it("quotes GenAuth's statusCode, apiCode, message and requestId in the unconfirmed-rotation error", async () => {
    const created = (await provider.create({ appId: APP_1, rotationTrigger: "a" })).outs;
    emulator().control.addFaults([
      {
        operation: "get-application-secret",
        effect: { kind: "status", statusCode: 503, apiCode: 1599, message: "pool under maintenance" },
        times: 99,
      },
      { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
    ]);
    const error = await failure(provider.update(APP_1, created, { appId: APP_1, rotationTrigger: "b" }));
    emulator().control.clearFaults();
    expect(error.message).toMatch(
      /reading the secret back failed too: GenAuth get-application-secret failed for app \w+ after \d+ attempts: HTTP 200, statusCode 503, apiCode 1599: pool under maintenance \(requestId \w+\)\)/,
    );
    expect(error.message).not.toContain(created.secret);
  });
});

describe("a refresh that adopts an unconfirmed rotation records what it was for", () => {
  /** refresh (read), then the next `up` with `program` as the engine runs it: check, then diff. */
  async function refreshThenPlan(pending: UnconfirmedOutputs, program: Record<string, unknown>) {
    const read = await provider.read(APP_1, pending as never);
    const checked = await provider.check(read.inputs!, program);
    expect(checked.failures).toEqual([]);
    const diff = await provider.diff(APP_1, read.props as never, checked.inputs as never);
    return { read, diff };
  }

  it("a trigger change: the next up with the same program plans nothing and rotates nothing", async () => {
    const created = (await provider.create({ appId: APP_1, rotationTrigger: "a" })).outs;
    loseAnswerAndReadBacks(0);
    const { properties } = await failure(
      provider.update(APP_1, created, { appId: APP_1, rotationTrigger: "b" }),
    );
    emulator().control.clearFaults();
    const { read, diff } = await refreshThenPlan(properties, { appId: APP_1, rotationTrigger: "b" });
    expect(read.props).toMatchObject({ rotationReason: "trigger", rotationTrigger: "b", rotationCount: 2 });
    expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(rotations()).toBe(2);
  });

  it("a create: the next up with the same program plans nothing", async () => {
    loseAnswerAndReadBacks(1);
    const { properties } = await failure(provider.create({ appId: APP_1, rotationTrigger: "x" }));
    emulator().control.clearFaults();
    const { read, diff } = await refreshThenPlan(properties, { appId: APP_1, rotationTrigger: "x" });
    expect(read.props).toMatchObject({ rotationReason: "created", rotationTrigger: "x", rotationCount: 1 });
    expect(diff.changes).toBe(false);
    expect(rotations()).toBe(1);
  });

  it("a due schedule: the schedule counts anew from the refresh, so nothing is due", async () => {
    const created = (await provider.create({ appId: APP_1, rotateAfter: "1d" })).outs;
    loseAnswerAndReadBacks(0);
    // The schedule was due: check planned it into the inputs, as the engine passes them to update.
    const due = { ...created, scheduledFrom: "2000-01-01T00:00:00.000Z" };
    const planned = await provider.check(due, { appId: APP_1, rotateAfter: "1d" });
    const { properties } = await failure(provider.update(APP_1, due, planned.inputs as never));
    emulator().control.clearFaults();
    expect(properties.pendingRotation.reason).toBe("schedule");
    const { read, diff } = await refreshThenPlan(properties, { appId: APP_1, rotateAfter: "1d" });
    expect(read.props).toMatchObject({ rotationReason: "schedule", rotationCount: 2 });
    expect(diff.changes).toBe(false);
    expect(rotations()).toBe(2);
  });
});

describe("an unconfirmed rotation that did not happen", () => {
  let created: SecretOutputs;
  let pending: UnconfirmedOutputs;

  beforeEach(async () => {
    created = (await provider.create({ appId: APP_1, rotationTrigger: "a" })).outs;
    // The request is reset before GenAuth runs it, and every read-back fails: nothing rotated.
    emulator().control.addFaults([
      { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
      { operation: "refresh-application-secret", effect: { kind: "reset" }, times: 99 },
    ]);
    pending = (await failure(provider.update(APP_1, created, { appId: APP_1, rotationTrigger: "b" })))
      .properties;
    emulator().control.clearFaults();
    expect(rotations()).toBe(1);
  });

  it("rotates once on the next update when the rotation is still wanted", async () => {
    const { outs } = await provider.update(APP_1, pending as never, { appId: APP_1, rotationTrigger: "b" });
    expect(rotations()).toBe(2);
    expect(outs).toMatchObject({ secret: genauthSecret(), rotationReason: "trigger", rotationTrigger: "b" });
  });

  it("does not rotate on the next update when the trigger was reverted, and keeps GenAuth's secret", async () => {
    const { outs } = await provider.update(APP_1, pending as never, { appId: APP_1, rotationTrigger: "a" });
    expect(rotations()).toBe(1);
    expect(outs).toMatchObject({ secret: created.secret, rotationReason: "created", rotationCount: 1 });
    expect(outs).not.toHaveProperty("pendingRotation");
  });

  it("a refresh leaves the pending rotation for the next up", async () => {
    const read = await provider.read(APP_1, pending as never);
    expect(read.props).toEqual(pending);
    expect(rotations()).toBe(1);
  });
});

describe("a create whose rotation cannot be confirmed", () => {
  it("records partial state without a secret, and the next update adopts the rotated secret", async () => {
    const before = genauthSecret();
    loseAnswerAndReadBacks(1);
    const error = await failure(provider.create({ appId: APP_1, rotationTrigger: "x" }));
    emulator().control.clearFaults();
    expect(rotations()).toBe(1);
    expect(JSON.stringify(error.properties)).not.toContain(before);
    expect(JSON.stringify(error.properties)).not.toContain(genauthSecret());
    expect(error.properties).toMatchObject({ rotationCount: 0, pendingRotation: { reason: "created" } });

    const { outs } = await provider.update(APP_1, error.properties as never, {
      appId: APP_1,
      rotationTrigger: "x",
    });
    expect(rotations()).toBe(1);
    expect(outs).toMatchObject({ secret: genauthSecret(), rotationReason: "created", rotationCount: 1 });
  });

  it("the next update rotates when the create's rotation did not happen", async () => {
    emulator().control.addFaults([
      { operation: "get-application-secret", effect: { kind: "hang", ms: 1 } },
      { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
      { operation: "refresh-application-secret", effect: { kind: "reset" }, times: 99 },
    ]);
    const error = await failure(provider.create({ appId: APP_1 }));
    emulator().control.clearFaults();
    expect(rotations()).toBe(0);
    const { outs } = await provider.update(APP_1, error.properties as never, { appId: APP_1 });
    expect(rotations()).toBe(1);
    expect(outs).toMatchObject({ secret: genauthSecret(), rotationReason: "created", rotationCount: 1 });
  });
});

describe("an orphaned provider", () => {
  it("starts no rotation once the engine is gone, and says so", async () => {
    const created = (await provider.create({ appId: APP_1, rotationTrigger: 1 })).outs;
    const orphan = await configuredProvider(emulator().url, { engineAlive: async () => false });
    await expect(orphan.update(APP_1, created, { appId: APP_1, rotationTrigger: 2 })).rejects.toThrow(
      /^not rotating the secret of app 6229ffaa0000000000000001: the pulumi process that started this provider is gone/,
    );
    await expect(orphan.create({ appId: APP_1 })).rejects.toThrow(/not rotating/);
    expect(rotations()).toBe(1);
  });
});

describe("a rotation queued behind a throttle when the engine goes away", () => {
  it("is not sent once the engine is gone, even as a retry", async () => {
    const created = (await provider.create({ appId: APP_1, rotationTrigger: 1 })).outs;
    // The engine answers the first probe and is gone by the second.
    let probes = 0;
    const orphaning = await configuredProvider(emulator().url, { engineAlive: async () => probes++ === 0 });
    emulator().control.addFaults({ operation: "refresh-application-secret", effect: { kind: "throttle" } });
    // The first attempt gets a 429 (no effect); its retry must not be sent.
    const step = orphaning.update(APP_1, created, { appId: APP_1, rotationTrigger: 2 });
    await expect(step).rejects.toThrow(/^not rotating the secret of app/);
    expect(rotations()).toBe(1);
    expect(probes).toBe(2);
    expect(emulator().control.calls()["refresh-application-secret"]).toBe(2);
  });
});
