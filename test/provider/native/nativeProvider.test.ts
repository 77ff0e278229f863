/**
 * The native face over the shared lifecycle, in process against the emulator: what the plugin's
 * server receives from each method.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET } from "../../../emulator";
import { NativeProvider } from "../../../provider/native/nativeProvider";
import { SECRET_SIG, SIG_KEY, unwrapSecrets } from "../../../provider/native/secrets";
import { APP_1, useEmulator } from "../../support/emulator";

const emulator = useEmulator();
const URN = "urn:pulumi:dev::proj::genauth:index:ApplicationSecret::web";
const SCHEMA = readFileSync(path.join(__dirname, "../../../provider/native/schema.json"), "utf8");
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const calls = () => Object.values(emulator().control.calls()).reduce((a, b) => a + b, 0);
const rotations = () => emulator().control.app(APP_1).rotations;

let clock: Date;
let provider: NativeProvider;
beforeEach(async () => {
  clock = new Date("2026-06-01T00:00:00.000Z");
  provider = new NativeProvider({
    version: "0.0.0-test",
    schema: SCHEMA,
    environment: { env: {}, now: () => clock, engineAlive: async () => true },
  });
  await provider.configure({
    host: emulator().url,
    accessKeyId: POOL_A_ID,
    accessKeySecret: POOL_A_SECRET,
    requestTimeoutMs: "300",
    retryBaseDelayMs: "1",
    maxProcessingDelayMs: "50",
  });
  emulator().control.resetCalls();
});

/** check, then create, as the engine runs them. */
async function created(news: Record<string, unknown> = { appId: APP_1, rotationTrigger: "v1" }) {
  const checked = await provider.check(URN, {}, news);
  return {
    inputs: checked.inputs as Record<string, unknown>,
    ...(await provider.create(URN, checked.inputs)),
  };
}

describe("check", () => {
  test("returns the inputs without the dynamic face's planned inputs, calling nothing", async () => {
    const result = await provider.check(URN, {}, { appId: APP_1, rotationTrigger: "v1", rotateAfter: "1d" });
    expect(result).toEqual({
      inputs: { appId: APP_1, rotationTrigger: "v1", rotateAfter: "1d" },
      failures: [],
    });
    expect(calls()).toBe(0);
  });

  test("keeps connection a secret, whether or not it arrived as one", async () => {
    const plain = await provider.check(URN, {}, { appId: APP_1, connection: { userPoolId: "p" } });
    expect(plain.inputs.connection).toEqual(secret({ userPoolId: "p" }));
    const wrapped = await provider.check(URN, {}, { appId: APP_1, connection: secret({ userPoolId: "p" }) });
    expect(wrapped.inputs.connection).toEqual(secret({ userPoolId: "p" }));
  });

  test("keeps any input that arrived secret a secret", async () => {
    const result = await provider.check(URN, {}, { appId: APP_1, rotationTrigger: secret("t") });
    expect(result.inputs.rotationTrigger).toEqual(secret("t"));
  });

  test("refuses a bad input by name, as the dynamic face does", async () => {
    const result = await provider.check(URN, {}, { appId: "no spaces", onDelete: "keep" });
    expect(result.failures!.map((f) => f.property)).toEqual(["appId", "onDelete"]);
  });

  test("refuses an empty tlsCaCertificates and a userPoolId of no GenAuth shape, named as config keys", async () => {
    const configured = new NativeProvider({
      version: "0.0.0-test",
      schema: SCHEMA,
      environment: { env: {}, now: () => clock, engineAlive: async () => true },
    });
    await configured.configure({
      host: emulator().url,
      accessKeyId: POOL_A_ID,
      accessKeySecret: POOL_A_SECRET,
      tlsCaCertificates: "",
      userPoolId: POOL_A_SECRET,
    });
    const result = await configured.check(URN, {}, { appId: APP_1 });
    expect(result.failures).toEqual([
      { property: "genauth:tlsCaCertificates", reason: expect.stringMatching(/^is set but empty/) },
      { property: "genauth:userPoolId", reason: expect.stringMatching(/^is the access key secret, not/) },
    ]);
    expect(JSON.stringify(result)).not.toContain(POOL_A_SECRET);
    expect(calls()).toBe(0);
  });

  test("refuses a resource type it does not serve, without a stack trace", async () => {
    const error = await provider
      .check("urn:pulumi:dev::proj::genauth:index:Other::x", {}, {})
      .catch((e) => e);
    expect(error.message).toBe(
      "unknown resource type genauth:index:Other: this provider serves only genauth:index:ApplicationSecret",
    );
    expect(error.stack).toBe(""); // the message only: no trace reaches the CLI
  });
});

describe("check: the duplicate guard", () => {
  const urnOf = (type: string) => `urn:pulumi:dev::proj::${type}::secret`;

  test("tells resources apart by URN: two components' children named alike are refused, naming both", async () => {
    const first = urnOf("my:index:Team$genauth:index:ApplicationSecret");
    const second = urnOf("other:index:Team$genauth:index:ApplicationSecret");
    expect((await provider.check(first, {}, { appId: APP_1 })).failures).toEqual([]);
    const refused = await provider.check(second, {}, { appId: APP_1 });
    expect(refused.failures).toEqual([
      {
        property: "appId",
        reason: expect.stringMatching(
          /^ApplicationSecret "secret" and ApplicationSecret "secret" both manage appId /,
        ),
      },
    ]);
    // The same resource checked again (preview, then update) is not a duplicate.
    expect((await provider.check(first, {}, { appId: APP_1 })).failures).toEqual([]);
    expect(calls()).toBe(0);
  });
});

describe("create", () => {
  test("rotates once and returns the secret wrapped as a secret, with the appId as id", async () => {
    const { id, outs } = await created();
    expect(id).toBe(APP_1);
    expect(rotations()).toBe(1);
    expect(outs.secret).toEqual(secret(emulator().control.app(APP_1).secret));
    expect(outs).toMatchObject({
      appId: APP_1,
      rotationTrigger: "v1",
      rotationReason: "created",
      rotationCount: 1,
    });
  });

  test("a rotation it cannot confirm fails with partial state: no secret, the pending rotation", async () => {
    emulator().control.addFaults([
      { operation: "get-application-secret", effect: { kind: "hang", ms: 1 }, times: 1 },
      { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
      { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
    ]);
    const checked = await provider.check(URN, {}, { appId: APP_1, connection: { userPoolId: POOL_A_ID } });
    const error = await provider.create(URN, checked.inputs).catch((e) => e);
    expect(error.id).toBe(APP_1);
    expect(error.reasons).toEqual([error.message]);
    expect(error.message).toMatch(/^GenAuth may have rotated the secret of app 6229ffaa0000000000000001/);
    expect(error.stack).toBe("");
    expect(error.properties).not.toHaveProperty("secret");
    expect(error.properties.pendingRotation).toMatchObject({ reason: "created" });
    expect(error.properties.connection).toEqual(secret({ userPoolId: POOL_A_ID }));
    expect(JSON.stringify(error.properties)).not.toContain(emulator().control.app(APP_1).secret);
  });
});

describe("diff and update", () => {
  test("unchanged inputs: no changes, no rows, and an update would call nothing", async () => {
    const { inputs, outs } = await created();
    emulator().control.resetCalls();
    const again = await provider.check(URN, inputs, { appId: APP_1, rotationTrigger: "v1" });
    const diff = await provider.diff(APP_1, URN, outs, again.inputs);
    expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, detailedDiff: {} });
    expect(calls()).toBe(0);
  });

  test("a trigger change shows why and rotates once", async () => {
    const { inputs, outs } = await created();
    const next = await provider.check(URN, inputs, { appId: APP_1, rotationTrigger: "v2" });
    const diff = await provider.diff(APP_1, URN, outs, next.inputs);
    expect(diff.changes).toBe(true);
    expect(Object.keys(diff.detailedDiff)).toEqual(["rotationTrigger", "secret"]);
    const updated = await provider.update(APP_1, URN, outs, next.inputs);
    expect(rotations()).toBe(2);
    expect(updated.outs).toMatchObject({ rotationReason: "trigger", rotationTrigger: "v2" });
    expect(updated.outs.secret).toEqual(secret(emulator().control.app(APP_1).secret));
  });

  test("a schedule falls due from the outputs alone, and the update rotates for it", async () => {
    const { inputs, outs } = await created({ appId: APP_1, rotateAfter: "1h" });
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    const next = await provider.check(URN, inputs, { appId: APP_1, rotateAfter: "1h" });
    expect(next.inputs).toEqual({ appId: APP_1, rotateAfter: "1h" });
    const diff = await provider.diff(APP_1, URN, outs, next.inputs);
    expect(diff.detailedDiff).toEqual({
      rotateAfter: { kind: "update", inputDiff: true },
      secret: { kind: "add", inputDiff: false },
    });
    const updated = await provider.update(APP_1, URN, outs, next.inputs);
    expect(updated.outs).toMatchObject({ rotationReason: "schedule", rotationCount: 2 });
    expect(rotations()).toBe(2);
  });
});

describe("read", () => {
  test("import: reads the current secret without rotating, and returns only the inputs a user sets", async () => {
    const result = await provider.read(APP_1, URN, {});
    expect(rotations()).toBe(0);
    expect(result.id).toBe(APP_1);
    expect(result.inputs).toEqual({ appId: APP_1 });
    expect(result.props).toMatchObject({ appId: APP_1, rotationReason: "adopted" });
    expect(result.props.secret).toEqual(secret(emulator().control.app(APP_1).secret));
  });

  test("refresh after an outside rotation records drift", async () => {
    const { outs } = await created();
    emulator().control.rotate(APP_1);
    const result = await provider.read(APP_1, URN, outs);
    expect(result.props).toMatchObject({ rotationReason: "drift", rotationCount: 2 });
    expect(unwrapSecrets(result.props.secret)).toBe(emulator().control.app(APP_1).secret);
    expect(result.inputs).toEqual({ appId: APP_1, rotationTrigger: "v1" });
  });

  test("refresh of an unconfirmed rotation that happened records its trigger: the next diff plans nothing", async () => {
    const { inputs, outs } = await created();
    emulator().control.addFaults([
      { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
      { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
    ]);
    const next = await provider.check(URN, inputs, { appId: APP_1, rotationTrigger: "v2" });
    const error = await provider.update(APP_1, URN, outs, next.inputs).catch((e) => e);
    emulator().control.clearFaults();
    // The error says why the read-back failed, and that stack outputs stay stale (rows 9 and 13c).
    expect(error.message).toMatch(
      /; reading the secret back failed too: GenAuth get-application-secret failed for app \w+ after \d+ attempts: HTTP 502/,
    );
    expect(error.message).toContain("stack outputs taken from this resource (pulumi stack output");
    expect(error.properties.pendingRotation).toMatchObject({ reason: "trigger", rotationTrigger: "v2" });
    expect(rotations()).toBe(2);

    const refreshed = await provider.read(APP_1, URN, error.properties);
    expect(refreshed.props).toMatchObject({
      rotationReason: "trigger",
      rotationTrigger: "v2",
      rotationCount: 2,
    });
    expect(refreshed.props).not.toHaveProperty("pendingRotation");
    expect(unwrapSecrets(refreshed.props.secret)).toBe(emulator().control.app(APP_1).secret);
    const again = await provider.check(URN, refreshed.inputs!, { appId: APP_1, rotationTrigger: "v2" });
    const diff = await provider.diff(APP_1, URN, refreshed.props, again.inputs);
    expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, detailedDiff: {} });
    expect(rotations()).toBe(2);
  });

  test("a GenAuth failure fails without this package's stack trace", async () => {
    emulator().control.addFaults({
      operation: "get-application-secret",
      effect: { kind: "http", status: 400 },
    });
    const error = await provider.read(APP_1, URN, {}).catch((e) => e);
    expect(error.message).toContain("get-application-secret");
    expect(error.stack).not.toMatch(/\n\s+at /);
  });
});

describe("delete", () => {
  test("retains the application's secret by default: no call", async () => {
    const { outs } = await created();
    emulator().control.resetCalls();
    await provider.delete(APP_1, URN, outs);
    expect(calls()).toBe(0);
  });
});

describe("a plugin run under another version's name", () => {
  const config = () => ({ host: emulator().url, accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET });

  test("warns once, naming both versions and how to install the right one, when the engine asked for another", async () => {
    const warnings: Array<[string, string]> = [];
    const plugin = new NativeProvider({
      version: "0.2.0",
      schema: SCHEMA,
      environment: { env: {}, now: () => clock, engineAlive: async () => true },
      warn: async (message, urn) => void warnings.push([message, urn]),
    });
    await plugin.configure(config(), "0.1.0");
    await plugin.check(URN, {}, { appId: APP_1 });
    await plugin.check(URN.replace("::web", "::api"), {}, { appId: "6229ffaa0000000000000002" });
    expect(warnings).toHaveLength(1);
    expect(warnings[0][1]).toBe(URN);
    expect(warnings[0][0]).toMatch(
      /pulumi-resource-genauth 0\.2\.0 is running where version 0\.1\.0 was asked for/,
    );
    expect(warnings[0][0]).toContain("pulumi plugin install resource genauth 0.1.0 --server");
  });

  test("says nothing when the versions agree (a leading v aside) or the engine did not say", async () => {
    for (const requested of ["0.2.0", "v0.2.0", undefined]) {
      const warnings: string[] = [];
      const plugin = new NativeProvider({
        version: "0.2.0",
        schema: SCHEMA,
        environment: { env: {}, now: () => clock, engineAlive: async () => true },
        warn: async (message) => void warnings.push(message),
      });
      await plugin.configure(config(), requested);
      await plugin.check(URN, {}, { appId: APP_1 });
      expect([requested, warnings]).toEqual([requested, []]);
    }
  });
});
