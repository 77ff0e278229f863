import { ApplicationSecretProvider } from "../../../provider/core/provider";
import { SecretOutputs } from "../../../provider/core/state";
import { fingerprint } from "../../../provider/client/fingerprint";
import { POOL_A_ID, POOL_A_SECRET, POOL_B_ID, POOL_B_SECRET, SEEDED_APPS } from "../../../emulator";
import { APP_1, configuredProvider, useEmulator } from "../../support/emulator";

const emulator = useEmulator();
let clock = new Date("2026-11-26T00:00:00.000Z");

/** A provider configured like `pulumi config set genauth:*` would, with fast retries. */
async function configured(extra: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
  return configuredProvider(emulator().url, { config: extra, env, now: () => clock });
}

const rotations = (appId = APP_1) => emulator().control.app(appId).rotations;
const calls = () => emulator().control.calls();

beforeEach(() => {
  clock = new Date("2026-11-26T00:00:00.000Z");
});

describe("ApplicationSecretProvider", () => {
  it("check refuses missing credentials and makes no API call", async () => {
    const provider = new ApplicationSecretProvider({ env: {}, now: () => clock });
    await provider.configure({ config: { get: () => undefined } } as never);
    const result = await provider.check({}, { appId: APP_1 });
    expect(result.failures?.[0].reason).toMatch(/genauth:accessKeyId.*GENAUTH_ACCESS_KEY_ID/);
    expect(calls()).toEqual({});
  });

  it("create reads the current secret, rotates exactly once and returns the new secret with its bookkeeping", async () => {
    const provider = await configured();
    const before = rotations();
    const { id, outs } = await provider.create({ appId: APP_1, rotationTrigger: "2026-11" });
    expect(id).toBe(APP_1);
    expect(rotations()).toBe(before + 1);
    expect(outs).toMatchObject({
      appId: APP_1,
      rotationTrigger: "2026-11",
      secret: emulator().control.app(APP_1).secret,
      rotatedAt: clock.toISOString(),
      rotationReason: "created",
      rotationCount: 1,
      nextRotationAt: "",
    });
    expect(outs.fingerprint).toBe(fingerprint(outs.secret));
    expect(calls()).toEqual({
      "get-management-token": 1,
      "get-application-secret": 1,
      "refresh-application-secret": 1,
    });
  });

  it("create with adopt reads the current secret and does not rotate", async () => {
    const provider = await configured();
    const current = emulator().control.app(APP_1).secret;
    const { outs } = await provider.create({ appId: APP_1, adopt: true });
    expect(outs).toMatchObject({ secret: current, rotationReason: "adopted" });
    expect(calls()["refresh-application-secret"]).toBeUndefined();
  });

  it("create fails with GenAuth's code, message and requestId for an unknown app, before any rotation", async () => {
    const provider = await configured();
    await expect(provider.create({ appId: "6229ffaa00000000000000ff" })).rejects.toThrow(
      /get-application-secret failed for app 6229ffaa00000000000000ff: .*apiCode 2011: .*\(requestId \w+\)/,
    );
    expect(calls()["refresh-application-secret"]).toBeUndefined();
  });

  it("diff makes no API call, and update without a rotation reason makes none either", async () => {
    const provider = await configured();
    const { outs } = await provider.create({ appId: APP_1, rotationTrigger: 1 });
    emulator().control.resetCalls();
    const news = { appId: APP_1, rotationTrigger: 1, onDelete: "rotate" as const };
    expect(await provider.diff(APP_1, outs, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const { outs: updated } = await provider.update(APP_1, outs, news);
    expect(updated).toMatchObject({ secret: outs.secret, onDelete: "rotate", rotationCount: 1 });
    expect(calls()).toEqual({});
  });

  it("update rotates exactly once when the trigger changed", async () => {
    const provider = await configured();
    const { outs } = await provider.create({ appId: APP_1, rotationTrigger: 1 });
    const before = rotations();
    clock = new Date("2026-11-27T00:00:00.000Z");
    const { outs: updated } = await provider.update(APP_1, outs, { appId: APP_1, rotationTrigger: 2 });
    expect(rotations()).toBe(before + 1);
    expect(updated).toMatchObject({
      secret: emulator().control.app(APP_1).secret,
      rotationReason: "trigger",
      rotatedAt: clock.toISOString(),
      rotationCount: 2,
    });
    expect(updated.history.map((h) => h.reason)).toEqual(["created", "trigger"]);
  });

  it("update after a lost response rotates exactly once and state matches GenAuth", async () => {
    const provider = await configured();
    const { outs } = await provider.create({ appId: APP_1, rotationTrigger: 1 });
    emulator().control.addFaults({
      operation: "refresh-application-secret",
      effect: { kind: "lose-response" },
    });
    const before = rotations();
    const { outs: updated } = await provider.update(APP_1, outs, { appId: APP_1, rotationTrigger: 2 });
    expect(rotations()).toBe(before + 1);
    expect(updated.secret).toBe(emulator().control.app(APP_1).secret);
  });

  it("update rotates for the schedule once the interval has passed", async () => {
    const provider = await configured();
    const { outs } = await provider.create({ appId: APP_1, rotateAfter: "1d" });
    expect(outs.nextRotationAt).toBe("2026-11-27T00:00:00.000Z");
    clock = new Date("2026-11-27T00:00:00.000Z");
    expect((await provider.diff(APP_1, outs, { appId: APP_1, rotateAfter: "1d" })).changes).toBe(true);
    const { outs: updated } = await provider.update(APP_1, outs, { appId: APP_1, rotateAfter: "1d" });
    expect(updated).toMatchObject({ rotationReason: "schedule", nextRotationAt: "2026-11-28T00:00:00.000Z" });
  });

  it("read follows an outside rotation as drift and returns the inputs", async () => {
    const provider = await configured();
    const { outs } = await provider.create({ appId: APP_1, rotationTrigger: "t" });
    const outside = emulator().control.rotate(APP_1).secret;
    clock = new Date("2026-11-28T00:00:00.000Z");
    const result = await provider.read(APP_1, outs);
    expect(result.id).toBe(APP_1);
    expect(result.props).toMatchObject({
      secret: outside,
      rotationReason: "drift",
      rotatedAt: clock.toISOString(),
      rotationCount: 2,
    });
    expect(result.inputs).toEqual({ appId: APP_1, rotationTrigger: "t", scheduledFrom: clock.toISOString() });
  });

  it("read without drift changes nothing", async () => {
    const provider = await configured();
    const { outs } = await provider.create({ appId: APP_1 });
    expect((await provider.read(APP_1, outs)).props).toEqual({ ...outs, scheduledFrom: outs.rotatedAt });
  });

  it("read reports the resource gone only when GenAuth says the application does not exist", async () => {
    const provider = await configured();
    const { outs } = await provider.create({ appId: APP_1 });
    expect(
      await provider.read("6229ffaa00000000000000ff", { ...outs, appId: "6229ffaa00000000000000ff" }),
    ).toMatchObject({ id: "" });
    emulator().control.addFaults({
      operation: "get-application-secret",
      effect: { kind: "http", status: 503 },
      times: 99,
    });
    await expect(provider.read(APP_1, outs)).rejects.toThrow(
      /get-application-secret failed for app .*HTTP 503/,
    );
  });

  it("read with a user pool that does not match the credentials fails instead of emptying state", async () => {
    const provider = await configured();
    const { outs } = await provider.create({ appId: APP_1 });
    const mismatched = {
      ...outs,
      connection: { accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET, userPoolId: POOL_B_ID },
    };
    await expect(provider.read(APP_1, mismatched)).rejects.toThrow(
      /get-application-secret failed .*statusCode 403/,
    );
  });

  it("uses the per-resource connection for a second user pool", async () => {
    const provider = await configured();
    const billing = SEEDED_APPS.billing;
    const { outs } = await provider.create({
      appId: billing,
      connection: { accessKeyId: POOL_B_ID, accessKeySecret: POOL_B_SECRET },
    });
    expect(outs.secret).toBe(emulator().control.app(billing).secret);
    expect(calls()["get-management-token"]).toBe(1);
  });

  it("falls back to GENAUTH_* environment variables", async () => {
    const provider = new ApplicationSecretProvider({
      env: {
        GENAUTH_HOST: emulator().url,
        GENAUTH_ACCESS_KEY_ID: POOL_A_ID,
        GENAUTH_ACCESS_KEY_SECRET: POOL_A_SECRET,
      },
      now: () => clock,
    });
    await provider.configure({ config: { get: () => undefined } } as never);
    expect((await provider.check({}, { appId: APP_1 })).failures).toEqual([]);
    await expect(provider.create({ appId: APP_1 })).resolves.toMatchObject({ id: APP_1 });
  });

  describe("delete", () => {
    it("by default makes no API call", async () => {
      const provider = await configured();
      const { outs } = await provider.create({ appId: APP_1 });
      emulator().control.resetCalls();
      await provider.delete(APP_1, outs);
      expect(calls()).toEqual({});
    });

    it("with onDelete rotate invalidates the secret in state", async () => {
      const provider = await configured();
      const { outs } = await provider.create({ appId: APP_1, onDelete: "rotate" });
      await provider.delete(APP_1, outs);
      expect(emulator().control.app(APP_1).secret).not.toBe(outs.secret);
    });

    it("with onDelete rotate leaves a secret a replacement already rotated", async () => {
      const provider = await configured();
      const { outs: old } = await provider.create({ appId: APP_1, onDelete: "rotate" });
      const { outs: replacement } = await provider.create({ appId: APP_1, onDelete: "rotate" });
      const before = rotations();
      await provider.delete(APP_1, old as SecretOutputs);
      expect(rotations()).toBe(before);
      expect(emulator().control.app(APP_1).secret).toBe(replacement.secret);
    });
  });
});
