import { EmulatorControlClient, EmulatorControlHttpError } from "../../emulator/control-client";
import { POOL_A_ID, POOL_A_SECRET, POOL_B_ID, SEEDED_APPS } from "../../emulator/seed";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { countingSecrets } from "./support";

let emulator: RunningEmulator;
let client: EmulatorControlClient;

beforeEach(async () => {
  emulator = await startEmulator({ generateSecret: countingSecrets() });
  client = new EmulatorControlClient(`${emulator.url}/`);
});

afterEach(() => emulator.stop());

async function getToken(): Promise<{
  statusCode: number;
  data?: { access_token: string; expires_in: number };
}> {
  const response = await fetch(`${emulator.url}/api/v3/get-management-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET }),
  });
  return (await response.json()) as {
    statusCode: number;
    data?: { access_token: string; expires_in: number };
  };
}

async function getSecret(token: string): Promise<{ statusCode: number; apiCode?: number }> {
  const response = await fetch(`${emulator.url}/api/v3/get-application-secret?appId=${SEEDED_APPS.web}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as { statusCode: number; apiCode?: number };
}

describe("EmulatorControlClient", () => {
  it("reads and rotates an app over HTTP", async () => {
    expect(await client.app(SEEDED_APPS.web)).toEqual({
      appId: SEEDED_APPS.web,
      userPoolId: POOL_A_ID,
      appName: "web",
      secret: "secret-1",
      rotations: 0,
    });
    expect(await client.rotate(SEEDED_APPS.web)).toEqual({ secret: "secret-5" });
    expect(emulator.state.findApp(SEEDED_APPS.web)?.secret).toBe("secret-5");
  });

  it("rejects with the status and message of a refused control call", async () => {
    const refused = client.app("missing");
    await expect(refused).rejects.toBeInstanceOf(EmulatorControlHttpError);
    await expect(refused).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining("missing does not exist"),
    });
  });

  it("adds an app that the API then serves", async () => {
    await client.addApp({ appId: "extra-app", userPoolId: POOL_B_ID, appName: "extra", secret: "s3cret" });
    expect(emulator.state.findAppInPool(POOL_B_ID, "extra-app")).toMatchObject({
      appName: "extra",
      secret: "s3cret",
    });
  });

  it("reports and resets call counts", async () => {
    await getToken();
    expect(await client.calls()).toEqual({ "get-management-token": 1 });
    await client.resetCalls();
    expect(await client.calls()).toEqual({});
  });

  it("sets the lifetime of later tokens and expires earlier ones", async () => {
    const first = await getToken();
    await client.setTokenLifetime(120);
    const second = await getToken();
    expect(second.data?.expires_in).toBe(120);
    expect(await client.expireTokens()).toEqual({ expired: 2 });
    expect(await getSecret(first.data?.access_token ?? "")).toMatchObject({ statusCode: 401, apiCode: 2020 });
  });

  it("adds, lists and clears fault rules", async () => {
    expect(
      await client.addFaults([
        { operation: "get-management-token", effect: { kind: "status", statusCode: 500 } },
        { operation: "*", effect: { kind: "throttle" }, times: 3 },
      ]),
    ).toEqual({ ids: ["fault-1", "fault-2"] });
    expect((await getToken()).statusCode).toBe(500);
    expect((await client.faults()).map((rule) => [rule.id, rule.fired, rule.times])).toEqual([
      ["fault-1", 1, 1],
      ["fault-2", 0, 3],
    ]);
    expect(await client.clearFaults()).toEqual({ cleared: 2 });
  });

  it("refuses an invalid fault rule with 400 and a message naming the field", async () => {
    await expect(
      client.addFaults({ operation: "*", effect: { kind: "boom" } } as never),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining(
        'fault rule effect.kind must be one of throttle, http, status, hang, process-late, reset, lose-response, expire-token, redirect; got "boom"',
      ),
    });
  });

  it("returns the last n requests", async () => {
    await getToken();
    await getToken();
    const log = await client.requests(1);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ operation: "get-management-token", method: "POST", authScheme: "none" });
  });

  it("resets to the start seed or to a posted seed", async () => {
    await client.rotate(SEEDED_APPS.web);
    await client.reset();
    expect((await client.app(SEEDED_APPS.web)).rotations).toBe(0);
    await client.reset({
      userPools: [{ userPoolId: "p", accessKeySecret: "s", apps: [{ appId: "a", appName: "n" }] }],
    });
    expect((await client.app("a")).userPoolId).toBe("p");
    await expect(client.app(SEEDED_APPS.web)).rejects.toMatchObject({ status: 404 });
  });

  it("sets, reads, resets and clears the rate limit", async () => {
    expect(await client.setRateLimit({ requestsPerSecond: 1, retryAfter: false })).toEqual({
      requestsPerSecond: 1,
      retryAfter: false,
      throttled: 0,
    });
    await getToken();
    const throttled = await fetch(`${emulator.url}/api/v3/get-management-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET }),
    });
    expect(throttled.status).toBe(429);
    expect((await client.rateLimit()).throttled).toBe(1);
    await client.resetThrottled();
    expect((await client.rateLimit()).throttled).toBe(0);
    expect(await client.clearRateLimit()).toEqual({
      requestsPerSecond: null,
      retryAfter: false,
      throttled: 0,
    });
    expect((await getToken()).statusCode).toBe(200);
    await expect(client.setRateLimit({ requestsPerSecond: 0 })).rejects.toMatchObject({ status: 400 });
  });

  it("lists every issued secret, across resets", async () => {
    const jwt = (await getToken()).data?.access_token;
    await client.rotate(SEEDED_APPS.web);
    await client.reset();
    const issued = await client.issuedSecrets();
    expect(issued.tokens).toEqual([jwt]);
    expect(issued.appSecrets).toEqual(Array.from({ length: 9 }, (_, i) => `secret-${i + 1}`));
  });

  it("asks for an outage and gets the answer before the emulator goes down", async () => {
    expect(await client.outage(60_000)).toEqual({ ms: 60_000 });
    // The emulator goes down just after its answer is out, so the first calls may still get through.
    let down = false;
    for (let i = 0; i < 100 && !down; i++)
      down = await client.calls().then(
        () => false,
        () => true,
      );
    expect(down).toBe(true);
    await emulator.comeBack();
    expect(await client.calls()).toEqual({});
  });

  it("answers a malformed control body with 400", async () => {
    const response = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: "{" });
    expect(response.status).toBe(400);
  });
});
