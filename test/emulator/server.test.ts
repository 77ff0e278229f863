import { FaultRule } from "../../emulator/faults";
import { POOL_A_ID, POOL_A_SECRET, POOL_B_ID, POOL_B_SECRET, SEEDED_APPS } from "../../emulator/seed";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { FakeClock, fakeClock, signedHeaders, waitFor } from "./support";

let emulator: RunningEmulator;
let clock: FakeClock;

beforeEach(async () => {
  clock = fakeClock();
  emulator = await startEmulator({ now: clock.now });
});

afterEach(() => emulator.stop());

interface Answer {
  status: number;
  headers: Headers;
  body: {
    statusCode: number;
    message: string;
    apiCode?: number;
    requestId?: string;
    data?: Record<string, unknown>;
  };
}

async function call(
  method: "GET" | "POST",
  operation: string,
  input: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const query = method === "GET" ? `?${new URLSearchParams(input)}` : "";
  const response = await fetch(`${emulator.url}/api/v3/${operation}${query}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer["body"],
  };
}

async function token(): Promise<string> {
  const answer = await call("POST", "get-management-token", {
    accessKeyId: POOL_A_ID,
    accessKeySecret: POOL_A_SECRET,
  });
  return answer.body.data?.access_token as string;
}

const refresh = (auth: string, appId: string = SEEDED_APPS.web) =>
  call("POST", "refresh-application-secret", { appId }, { authorization: auth });
const getSecret = (auth: string, appId: string = SEEDED_APPS.web) =>
  call("GET", "get-application-secret", { appId }, { authorization: auth });
const addFault = (rule: FaultRule) => emulator.control.addFaults(rule);

describe("the emulated API over HTTP", () => {
  it("listens on a URL without a trailing slash", () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("issues a JWT whose payload names the user pool, valid for 7200 s", async () => {
    const answer = await call("POST", "get-management-token", {
      accessKeyId: POOL_A_ID,
      accessKeySecret: POOL_A_SECRET,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, data: { expires_in: 7200 } });
    const payload = (answer.body.data?.access_token as string).split(".")[1];
    expect(JSON.parse(Buffer.from(payload, "base64url").toString()).scoped_userpool_id).toBe(POOL_A_ID);
  });

  it("answers a wrong key pair with HTTP 200 and statusCode 401, apiCode 2020", async () => {
    const answer = await call("POST", "get-management-token", {
      accessKeyId: POOL_A_ID,
      accessKeySecret: "nope",
    });
    expect(answer).toMatchObject({ status: 200, body: { statusCode: 401, apiCode: 2020 } });
  });

  it("accepts the token with and without the Bearer prefix", async () => {
    const jwt = await token();
    const secret = emulator.control.app(SEEDED_APPS.web).secret;
    expect((await getSecret(`Bearer ${jwt}`)).body.data).toEqual({ secret });
    expect((await getSecret(jwt)).body.data).toEqual({ secret });
  });

  it("accepts an AK/SK-signed request", async () => {
    const params = { appId: SEEDED_APPS.api };
    const headers = signedHeaders({
      ...{ accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET, method: "GET", params, nonce: "n-1" },
      path: "/api/v3/get-application",
      date: new Date(clock.now()),
    });
    const answer = await call("GET", "get-application", params, headers);
    expect(answer.body).toMatchObject({ statusCode: 200, data: { appId: SEEDED_APPS.api, appName: "api" } });
  });

  it("refreshes to a new secret that get-application-secret then returns", async () => {
    const jwt = await token();
    const before = emulator.control.app(SEEDED_APPS.web).secret;
    const rotated = (await refresh(jwt)).body.data?.secret;
    expect(rotated).toMatch(/^[0-9a-f]{32}$/);
    expect(rotated).not.toBe(before);
    expect((await getSecret(jwt)).body.data?.secret).toBe(rotated);
    expect(emulator.control.app(SEEDED_APPS.web)).toMatchObject({ secret: rotated, rotations: 1 });
  });

  it("answers an app of another pool with HTTP 200, statusCode 404 and apiCode 2011", async () => {
    const answer = await refresh(await token(), SEEDED_APPS.billing);
    expect(answer).toMatchObject({
      status: 200,
      body: { statusCode: 404, apiCode: 2011, message: "application does not exist" },
    });
  });

  it("answers a user pool header of another pool with statusCode 403, apiCode 2224", async () => {
    const answer = await call(
      "GET",
      "list-applications",
      {},
      { authorization: await token(), "x-authing-userpool-id": POOL_B_ID },
    );
    expect(answer.body).toMatchObject({ statusCode: 403, apiCode: 2224 });
  });

  it("answers 2020 once the token lifetime has passed on the injected clock", async () => {
    const jwt = await token();
    clock.advance(7200 * 1000);
    expect((await getSecret(jwt)).body).toMatchObject({ statusCode: 401, apiCode: 2020 });
  });

  it("answers an unknown path and a wrong method with HTTP 404 and an envelope", async () => {
    const unknown = await call("GET", "delete-everything");
    expect(unknown).toMatchObject({ status: 404, body: { statusCode: 404 } });
    expect(unknown.body.requestId).toBeDefined();
    const wrongMethod = await call("GET", "refresh-application-secret");
    expect(wrongMethod).toMatchObject({
      status: 404,
      body: { message: expect.stringContaining("takes POST") },
    });
  });

  it("answers a malformed JSON body with HTTP 400 and statusCode 400", async () => {
    const response = await fetch(`${emulator.url}/api/v3/get-management-token`, {
      method: "POST",
      body: "{oops",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("not valid JSON"),
    });
  });

  it("counts every API call received, failed ones included, and no control call", async () => {
    const jwt = await token();
    await refresh(jwt, "missing");
    await refresh(jwt);
    emulator.control.rotate(SEEDED_APPS.api);
    expect(emulator.control.calls()).toEqual({ "get-management-token": 1, "refresh-application-secret": 2 });
  });

  it("logs requests without any secret or token", async () => {
    const jwt = await token();
    const secret = (await refresh(jwt)).body.data?.secret as string;
    await call("GET", "list-applications", {}, { authorization: jwt, "x-genauth-userpool-id": POOL_A_ID });
    const log = emulator.control.requests();
    expect(log.map((entry) => [entry.operation, entry.authScheme])).toEqual([
      ["get-management-token", "none"],
      ["refresh-application-secret", "raw-token"],
      ["list-applications", "raw-token"],
    ]);
    expect(log[1]).toMatchObject({ appId: SEEDED_APPS.web, httpStatus: 200, statusCode: 200 });
    expect(log[2].userPoolHeader).toBe(POOL_A_ID);
    const text = JSON.stringify(log);
    for (const hidden of [jwt, secret, POOL_A_SECRET]) expect(text).not.toContain(hidden);
  });

  it("forgets tokens and rotations on reset", async () => {
    const jwt = await token();
    await refresh(jwt);
    emulator.control.reset();
    expect(emulator.control.app(SEEDED_APPS.web).rotations).toBe(0);
    expect((await getSecret(jwt)).body.apiCode).toBe(2020);
  });

  it("applies a token lifetime given at start", async () => {
    await emulator.stop();
    emulator = await startEmulator({ now: clock.now, tokenLifetimeSeconds: 60 });
    const answer = await call("POST", "get-management-token", {
      accessKeyId: POOL_A_ID,
      accessKeySecret: POOL_A_SECRET,
    });
    expect(answer.body.data?.expires_in).toBe(60);
  });
});

describe("faults over HTTP", () => {
  it("throttles with HTTP 429, a 429 body and Retry-After, then answers normally", async () => {
    const jwt = await token();
    addFault({
      operation: "refresh-application-secret",
      effect: { kind: "throttle" },
      retryAfterSeconds: 3,
    });
    const throttled = await refresh(jwt);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(throttled.body).toEqual({
      statusCode: 429,
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(emulator.control.app(SEEDED_APPS.web).rotations).toBe(0);
    expect((await refresh(jwt)).body.statusCode).toBe(200);
  });

  it("answers an http fault with that HTTP status and no Retry-After unless asked", async () => {
    addFault({ operation: "*", effect: { kind: "http", status: 502 } });
    const answer = await call("POST", "get-management-token", {
      accessKeyId: POOL_A_ID,
      accessKeySecret: POOL_A_SECRET,
    });
    expect(answer).toMatchObject({ status: 502, body: { statusCode: 502 } });
    expect(answer.headers.get("retry-after")).toBeNull();
  });

  it("answers a status fault with HTTP 200 and the business statusCode", async () => {
    addFault({ operation: "get-application-secret", effect: { kind: "status", statusCode: 503 } });
    expect(await getSecret(await token())).toMatchObject({ status: 200, body: { statusCode: 503 } });
  });

  it("drops the connection on reset without rotating, and counts the call", async () => {
    const jwt = await token();
    addFault({
      operation: "refresh-application-secret",
      appId: SEEDED_APPS.web,
      effect: { kind: "reset" },
    });
    await expect(refresh(jwt)).rejects.toThrow();
    expect(emulator.control.app(SEEDED_APPS.web).rotations).toBe(0);
    expect(emulator.control.calls()["refresh-application-secret"]).toBe(1);
    expect(emulator.control.faults()[0].fired).toBe(1);
  });

  it("rotates and then drops the connection on lose-response, so only get-application-secret tells", async () => {
    const jwt = await token();
    const before = emulator.control.app(SEEDED_APPS.web).secret;
    addFault({ operation: "refresh-application-secret", effect: { kind: "lose-response" } });
    await expect(refresh(jwt)).rejects.toThrow();
    const after = (await getSecret(jwt)).body.data?.secret;
    expect(after).not.toBe(before);
    expect(emulator.control.app(SEEDED_APPS.web)).toMatchObject({ secret: after, rotations: 1 });
    expect(emulator.control.requests().at(-2)).toMatchObject({ fault: "lose-response", statusCode: 200 });
    expect(emulator.control.requests().at(-2)?.httpStatus).toBeUndefined();
  });

  it("answers 2020 to a live token once per expire-token rule", async () => {
    const jwt = await token();
    addFault({ operation: "*", effect: { kind: "expire-token" } });
    expect((await getSecret(jwt)).body).toMatchObject({ statusCode: 401, apiCode: 2020 });
    expect((await getSecret(jwt)).body.statusCode).toBe(200);
  });

  it("answers after the delay of a hang with ms", async () => {
    const jwt = await token();
    addFault({ operation: "get-application-secret", effect: { kind: "hang", ms: 5 } });
    expect((await getSecret(jwt)).body.statusCode).toBe(200);
    expect(emulator.control.requests().at(-1)).toMatchObject({ fault: "hang", httpStatus: 200 });
  });

  it("holds an endless hang until stop(), which closes the connection promptly", async () => {
    const jwt = await token();
    addFault({ operation: "refresh-application-secret", effect: { kind: "hang" } });
    const pending = refresh(jwt).then(
      () => "answered",
      () => "dropped",
    );
    await waitFor(
      () => emulator.control.requests().some((entry) => entry.fault === "hang"),
      "the hanging request",
    );
    await emulator.stop();
    expect(await pending).toBe("dropped");
    expect(emulator.state.findApp(SEEDED_APPS.web)?.rotations).toBe(0);
  });

  it("lets the client give up on an endless hang", async () => {
    const jwt = await token();
    addFault({ operation: "get-application-secret", effect: { kind: "hang" } });
    const controller = new AbortController();
    const pending = fetch(`${emulator.url}/api/v3/get-application-secret?appId=${SEEDED_APPS.web}`, {
      headers: { authorization: jwt },
      signal: controller.signal,
    });
    await waitFor(() => emulator.control.faults()[0].fired === 1, "the hang to fire");
    controller.abort();
    await expect(pending).rejects.toThrow("aborted");
    expect((await getSecret(jwt)).body.statusCode).toBe(200);
  });
});

describe("rate limiting over HTTP", () => {
  const tokenCall = () =>
    call("POST", "get-management-token", { accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET });

  it("answers calls beyond the limit with HTTP 429 and the documented 429 body, without Retry-After", async () => {
    const jwt = await token();
    emulator.control.setRateLimit({ requestsPerSecond: 2 });
    expect((await refresh(jwt)).status).toBe(200);
    expect((await getSecret(jwt)).status).toBe(200);
    const throttled = await refresh(jwt);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBeNull();
    expect(throttled.body).toEqual({
      statusCode: 429,
      message: expect.stringContaining(`user pool ${POOL_A_ID} is over its rate limit`),
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it("adds Retry-After in whole seconds when asked for", async () => {
    const jwt = await token();
    emulator.control.setRateLimit({ requestsPerSecond: 2, retryAfter: true });
    expect((await refresh(jwt)).status).toBe(200);
    clock.advance(400);
    expect((await getSecret(jwt)).status).toBe(200);
    const throttled = await refresh(jwt);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("1");
    expect(throttled.body).toEqual({
      statusCode: 429,
      message: expect.stringContaining(`user pool ${POOL_A_ID} is over its rate limit; retry in 600 ms`),
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    clock.advance(600);
    expect((await refresh(jwt)).status).toBe(200);
  });

  it("changes nothing with a throttled call: no rotation, no fault fired, no nonce used", async () => {
    const jwt = await token();
    emulator.control.setRateLimit({ requestsPerSecond: 1 });
    await getSecret(jwt);
    addFault({ operation: "refresh-application-secret", effect: { kind: "http", status: 500 } });
    expect((await refresh(jwt)).status).toBe(429);
    expect(emulator.control.app(SEEDED_APPS.web).rotations).toBe(0);
    expect(emulator.control.faults()[0].fired).toBe(0);
    const params = { appId: SEEDED_APPS.web };
    const headers = signedHeaders({
      ...{ accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET, method: "GET", params, nonce: "n-1" },
      path: "/api/v3/get-application-secret",
      date: new Date(clock.now()),
    });
    expect((await call("GET", "get-application-secret", params, headers)).status).toBe(429);
    clock.advance(1000);
    expect((await call("GET", "get-application-secret", params, headers)).body.statusCode).toBe(200);
  });

  it("charges token requests to the key's pool and keeps pools apart", async () => {
    emulator.control.setRateLimit({ requestsPerSecond: 1 });
    expect((await tokenCall()).status).toBe(200);
    expect((await tokenCall()).status).toBe(429);
    const poolB = await call("POST", "get-management-token", {
      accessKeyId: POOL_B_ID,
      accessKeySecret: POOL_B_SECRET,
    });
    expect(poolB.body.statusCode).toBe(200);
  });

  it("leaves out Retry-After when told so explicitly too", async () => {
    emulator.control.setRateLimit({ requestsPerSecond: 1, retryAfter: false });
    await tokenCall();
    const throttled = await tokenCall();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBeNull();
  });

  it("counts throttled calls as calls, marks them in the request log and reports how many", async () => {
    emulator.control.setRateLimit({ requestsPerSecond: 1 });
    for (let i = 0; i < 4; i++) await tokenCall();
    expect(emulator.control.calls()).toEqual({ "get-management-token": 4 });
    const log = emulator.control.requests();
    expect(log.filter((entry) => entry.rateLimited).length).toBe(3);
    expect(log[1]).toMatchObject({ httpStatus: 429, statusCode: 429, rateLimited: true });
    expect(log[0].rateLimited).toBeUndefined();
    expect(emulator.control.rateLimit()).toEqual({ requestsPerSecond: 1, retryAfter: false, throttled: 3 });
    emulator.control.resetThrottled();
    expect(emulator.control.rateLimit().throttled).toBe(0);
  });

  it("stops limiting when cleared, and starts from the start option after a reset", async () => {
    await emulator.stop();
    emulator = await startEmulator({ now: clock.now, rateLimit: { requestsPerSecond: 1 } });
    await tokenCall();
    expect((await tokenCall()).status).toBe(429);
    emulator.control.clearRateLimit();
    expect((await tokenCall()).status).toBe(200);
    expect(emulator.control.rateLimit()).toEqual({
      requestsPerSecond: null,
      retryAfter: false,
      throttled: 1,
    });
    emulator.control.reset();
    expect(emulator.control.rateLimit()).toEqual({ requestsPerSecond: 1, retryAfter: false, throttled: 0 });
  });

  it("admits exactly GenAuth's 300 of 310 concurrent calls within one second", async () => {
    emulator.control.setRateLimit({ requestsPerSecond: 300 });
    const answers = await Promise.all(Array.from({ length: 310 }, () => tokenCall()));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(300);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    expect(emulator.control.rateLimit().throttled).toBe(10);
  });

  it("refuses to start with an invalid limit", async () => {
    await expect(startEmulator({ rateLimit: { requestsPerSecond: 0 } })).rejects.toThrow(
      "requestsPerSecond must be an integer of at least 1",
    );
  });
});

describe("requestId on success", () => {
  it("is left out of successful answers by default, as GenAuth documents it only for failures", async () => {
    const answer = await call(
      "GET",
      "get-application-secret",
      { appId: SEEDED_APPS.web },
      {
        authorization: await token(),
      },
    );
    expect(answer.body.statusCode).toBe(200);
    expect(answer.body).not.toHaveProperty("requestId");
    expect(emulator.control.requests().at(-1)?.requestId).toMatch(/^[0-9a-f]{32}$/); // the log keeps it
  });

  it("is sent on success too when the emulator is started with requestIdOnSuccess", async () => {
    await emulator.stop();
    emulator = await startEmulator({ now: clock.now, requestIdOnSuccess: true });
    const answer = await call("POST", "get-management-token", {
      accessKeyId: POOL_A_ID,
      accessKeySecret: POOL_A_SECRET,
    });
    expect(answer.body.requestId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("the redirect fault", () => {
  it("answers with the status and Location of its own path and query, before authenticating", async () => {
    addFault({ operation: "get-application-secret", effect: { kind: "redirect", status: 307 } });
    const response = await fetch(`${emulator.url}/api/v3/get-application-secret?appId=${SEEDED_APPS.web}`, {
      redirect: "manual",
    });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(`/api/v3/get-application-secret?appId=${SEEDED_APPS.web}`);
    expect(emulator.control.requests().at(-1)).toMatchObject({ fault: "redirect", httpStatus: 307 });
  });

  it("runs the operation first with afterProcessing, so a refresh rotates", async () => {
    const jwt = await token();
    addFault({
      operation: "refresh-application-secret",
      effect: {
        kind: "redirect",
        status: 303,
        location: "https://elsewhere.example/done",
        afterProcessing: true,
      },
    });
    const response = await fetch(`${emulator.url}/api/v3/refresh-application-secret`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: jwt },
      body: JSON.stringify({ appId: SEEDED_APPS.web }),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("https://elsewhere.example/done");
    expect(emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
  });
});
