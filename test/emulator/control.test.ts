import { ControlError, ControlHost, EmulatorControl } from "../../emulator/control";
import { handleControlRequest } from "../../emulator/controlOperations";
import { SecretRecord } from "../../emulator/secretRecord";
import { POOL_A_ID, SEEDED_APPS, Seed } from "../../emulator/seed";
import { Instruments } from "../../emulator/instruments";
import { EmulatorState } from "../../emulator/state";
import { countingSecrets } from "./support";

function setup() {
  // One record for every state, as the server keeps it, so issued secrets outlive resets.
  const secretRecord = new SecretRecord();
  const build = (seed?: Seed) =>
    new EmulatorState(seed, { generateSecret: countingSecrets(), secretSink: secretRecord });
  let state = build();
  let instruments = new Instruments();
  const host: ControlHost = {
    state: () => state,
    instruments: () => instruments,
    issuedSecrets: () => secretRecord.issued(),
    reset: (seed) => {
      state = build(seed);
      instruments = new Instruments();
    },
  };
  const control = new EmulatorControl(host);
  const http = (method: string, path: string, body?: unknown, query = "") =>
    handleControlRequest(host, method, path, new URLSearchParams(query), body);
  return { control, http, state: () => state, instruments: () => instruments };
}

/** A host with a fresh state and instruments that never resets: for tests that only need an outage. */
function bareHost(): ControlHost {
  return {
    state: () => new EmulatorState(),
    instruments: () => new Instruments(),
    issuedSecrets: () => new SecretRecord().issued(),
    reset: () => undefined,
  };
}

describe("EmulatorControl", () => {
  it("shows an app's truth, secret included", () => {
    const { control } = setup();
    expect(control.app(SEEDED_APPS.web)).toEqual({
      appId: SEEDED_APPS.web,
      userPoolId: POOL_A_ID,
      appName: "web",
      secret: "secret-1",
      rotations: 0,
    });
  });

  it("rotates like the console without counting an API call", () => {
    const { control } = setup();
    expect(control.rotate(SEEDED_APPS.web)).toEqual({ secret: "secret-5" });
    expect(control.app(SEEDED_APPS.web).rotations).toBe(1);
    expect(control.calls()).toEqual({});
  });

  it("throws a 404 ControlError for an unknown app", () => {
    const { control } = setup();
    expect(() => control.rotate("nope")).toThrow(new ControlError(404, "application nope does not exist"));
  });

  it("adds an app with defaults and refuses a duplicate or an unknown pool", () => {
    const { control } = setup();
    expect(control.addApp({ appId: "extra", userPoolId: POOL_A_ID })).toMatchObject({
      appName: "extra",
      secret: "secret-5",
    });
    expect(() => control.addApp({ appId: "extra", userPoolId: POOL_A_ID })).toThrow(
      expect.objectContaining({ status: 409 }),
    );
    expect(() => control.addApp({ appId: "x", userPoolId: "nowhere" })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it("resets to the start seed, forgetting rotations, counts and faults", () => {
    const { control, instruments } = setup();
    control.rotate(SEEDED_APPS.web);
    instruments().countCall("get-application");
    control.addFaults({ operation: "*", effect: { kind: "reset" } });
    control.reset();
    expect(control.app(SEEDED_APPS.web).rotations).toBe(0);
    expect(control.calls()).toEqual({});
    expect(control.faults()).toEqual([]);
  });

  it("resets to a given seed and refuses an invalid one with 400", () => {
    const { control } = setup();
    control.reset({
      userPools: [{ userPoolId: "p", accessKeySecret: "s", apps: [{ appId: "only", appName: "o" }] }],
    });
    expect(control.app("only").userPoolId).toBe("p");
    expect(() => control.reset({} as Seed)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("adds all fault rules or none", () => {
    const { control } = setup();
    const rules = [
      { operation: "*" as const, effect: { kind: "reset" as const } },
      { operation: "*" as const, effect: { kind: "bogus" } },
    ];
    expect(() => control.addFaults(rules as never)).toThrow(expect.objectContaining({ status: 400 }));
    expect(control.faults()).toEqual([]);
  });

  it("refuses a token lifetime below one second", () => {
    expect(() => setup().control.setTokenLifetime(0)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("sets, reports and clears the rate limit, and resets the throttled count", () => {
    const { control, instruments } = setup();
    expect(control.rateLimit()).toEqual({ requestsPerSecond: null, retryAfter: false, throttled: 0 });
    expect(control.setRateLimit({ requestsPerSecond: 1, retryAfter: true })).toEqual({
      requestsPerSecond: 1,
      retryAfter: true,
      throttled: 0,
    });
    instruments().admitCall(POOL_A_ID);
    instruments().admitCall(POOL_A_ID);
    expect(control.rateLimit().throttled).toBe(1);
    control.resetThrottled();
    expect(control.clearRateLimit()).toEqual({ requestsPerSecond: null, retryAfter: false, throttled: 0 });
  });

  it("refuses an invalid rate limit with 400", () => {
    const { control } = setup();
    expect(() => control.setRateLimit({ requestsPerSecond: -3 })).toThrow(
      new ControlError(400, "rate limit requestsPerSecond must be an integer of at least 1; got -3"),
    );
  });

  it("starts an outage through the host once checked, and says 501 without a server", async () => {
    const { control } = setup();
    await expect(control.outage(10)).rejects.toThrow(
      new ControlError(501, "this emulator has no server to take down"),
    );
    const outages: number[] = [];
    const withServer = new EmulatorControl({
      ...bareHost(),
      outage: async (ms) => void outages.push(ms),
    });
    expect(await withServer.outage(10)).toEqual({ ms: 10 });
    await expect(withServer.outage(-1)).rejects.toMatchObject({ status: 400 });
    expect(outages).toEqual([10]);
  });

  it("lists issued secrets across resets", () => {
    const { control, state } = setup();
    control.rotate(SEEDED_APPS.web);
    const { token } = state().issueToken(POOL_A_ID);
    control.reset({
      userPools: [
        { userPoolId: "p", accessKeySecret: "s", apps: [{ appId: "a", appName: "n", secret: "fixed" }] },
      ],
    });
    expect(control.issuedSecrets()).toEqual({
      appSecrets: ["secret-1", "secret-2", "secret-3", "secret-4", "secret-5", "fixed"],
      tokens: [token],
    });
  });
});

describe("handleControlRequest", () => {
  it("routes each control path to its operation", () => {
    const { http } = setup();
    expect(http("GET", `/__emulator/apps/${SEEDED_APPS.api}`)).toMatchObject({
      status: 200,
      body: { appName: "api" },
    });
    expect(http("POST", `/__emulator/apps/${SEEDED_APPS.api}/rotate`)).toEqual({
      status: 200,
      body: { secret: "secret-5" },
    });
    expect(http("POST", "/__emulator/faults", [{ operation: "*", effect: { kind: "reset" } }])).toEqual({
      status: 200,
      body: { ids: ["fault-1"] },
    });
    expect(http("GET", "/__emulator/faults").body).toEqual([
      { operation: "*", effect: { kind: "reset" }, times: 1, id: "fault-1", fired: 0 },
    ]);
    expect(http("DELETE", "/__emulator/faults").body).toEqual({ cleared: 1 });
    expect(http("PUT", "/__emulator/token-lifetime", { seconds: 60 })).toEqual({
      status: 200,
      body: { seconds: 60 },
    });
    expect(http("POST", "/__emulator/tokens/expire").body).toEqual({ expired: 0 });
    expect(http("GET", "/__emulator/calls").body).toEqual({});
    expect(http("POST", "/__emulator/calls/reset").body).toEqual({ reset: true });
    expect(http("GET", "/__emulator/requests", undefined, "limit=5").body).toEqual([]);
    expect(http("POST", "/__emulator/reset").body).toEqual({ reset: true });
    expect(http("PUT", "/__emulator/rate-limit", { requestsPerSecond: 300 })).toEqual({
      status: 200,
      body: { requestsPerSecond: 300, retryAfter: false, throttled: 0 },
    });
    expect(http("GET", "/__emulator/rate-limit").body).toMatchObject({ requestsPerSecond: 300 });
    expect(http("POST", "/__emulator/rate-limit/reset").body).toEqual({ reset: true });
    expect(http("DELETE", "/__emulator/rate-limit").body).toMatchObject({ requestsPerSecond: null });
    expect(http("GET", "/__emulator/issued-secrets").body).toEqual({
      appSecrets: ["secret-1", "secret-2", "secret-3", "secret-4", "secret-5"],
      tokens: [],
    });
  });

  it("answers an outage first and leaves starting it to the server", () => {
    const outages: number[] = [];
    const host: ControlHost = { ...bareHost(), outage: async (ms) => void outages.push(ms) };
    const answer = handleControlRequest(host, "POST", "/__emulator/outage", new URLSearchParams(), {
      ms: 250,
    });
    expect(answer).toEqual({ status: 200, body: { ms: 250 }, after: expect.any(Function) });
    expect(outages).toEqual([]);
    void answer.after?.();
    expect(outages).toEqual([250]);
  });

  it("answers control errors as {error} with their status", () => {
    const { http } = setup();
    expect(http("GET", "/__emulator/apps/nope")).toEqual({
      status: 404,
      body: { error: "application nope does not exist" },
    });
    expect(http("GET", "/__emulator/requests", undefined, "limit=x").status).toBe(400);
    expect(http("PUT", "/__emulator/token-lifetime", "60").status).toBe(400);
    expect(http("GET", "/__emulator/unknown")).toEqual({
      status: 404,
      body: { error: "no control operation GET /__emulator/unknown" },
    });
    expect(http("DELETE", "/__emulator/calls").status).toBe(404);
    expect(http("PUT", "/__emulator/rate-limit", { requestsPerSecond: "many" }).status).toBe(400);
    expect(http("PUT", "/__emulator/rate-limit").status).toBe(400);
    expect(http("POST", "/__emulator/outage", { ms: 100 })).toEqual({
      status: 501,
      body: { error: "this emulator has no server to take down" },
    });
    expect(http("POST", "/__emulator/outage", {}).status).toBe(400);
  });
});
