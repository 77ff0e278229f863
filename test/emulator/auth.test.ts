import { authenticate, AuthRequest, authScheme, callerUserPool, userPoolHeader } from "../../emulator/auth";
import {
  COLLABORATOR_KEY_ID,
  COLLABORATOR_KEY_SECRET,
  POOL_A_ID,
  POOL_A_SECRET,
  POOL_B_ID,
} from "../../emulator/seed";
import { EmulatorState } from "../../emulator/state";
import { fakeClock, signedHeaders } from "./support";

const PATH = "/api/v3/get-application-secret";
const PARAMS = { appId: "6229ffaa0000000000000001" };

function setup() {
  const clock = fakeClock();
  const state = new EmulatorState(undefined, { now: clock.now });
  const request = (headers: Record<string, string>, params = PARAMS): AuthRequest => ({
    method: "GET",
    path: PATH,
    headers,
    params,
  });
  const signed = (overrides: Partial<Parameters<typeof signedHeaders>[0]> = {}) =>
    signedHeaders({
      accessKeyId: POOL_A_ID,
      accessKeySecret: POOL_A_SECRET,
      method: "GET",
      path: PATH,
      params: PARAMS,
      date: new Date(clock.now()),
      nonce: "nonce-1",
      ...overrides,
    });
  return { state, clock, request, signed };
}

describe("authScheme", () => {
  it.each([
    [{}, "none"],
    [{ authorization: "Bearer x.y.z" }, "bearer"],
    [{ authorization: "bearer x.y.z" }, "bearer"],
    [{ authorization: "x.y.z" }, "raw-token"],
    [{ authorization: "authing AK:c2ln" }, "signature"],
    [{ authorization: "GenAuth AK:c2ln" }, "genauth-signature"],
    [{ authorization: "genauth AK:c2ln" }, "genauth-signature"],
  ])("classifies %j as %s", (headers, scheme) => {
    expect(authScheme(headers)).toBe(scheme);
  });
});

describe("userPoolHeader", () => {
  it("prefers x-authing-userpool-id and falls back to x-genauth-userpool-id", () => {
    expect(userPoolHeader({ "x-authing-userpool-id": "a", "x-genauth-userpool-id": "g" })).toBe("a");
    expect(userPoolHeader({ "x-genauth-userpool-id": "g" })).toBe("g");
    expect(userPoolHeader({})).toBeUndefined();
  });
});

describe("authenticate with a token", () => {
  it("accepts a live token with or without the Bearer prefix", () => {
    const { state, request } = setup();
    const { token } = state.issueToken(POOL_A_ID);
    expect(authenticate(state, request({ authorization: `Bearer ${token}` }))).toEqual({
      ok: true,
      scheme: "bearer",
      userPoolId: POOL_A_ID,
    });
    expect(authenticate(state, request({ authorization: token }))).toMatchObject({
      ok: true,
      scheme: "raw-token",
    });
  });

  it.each([
    ["no authorization header", {}],
    ["an unknown token", { authorization: "Bearer a.b.c" }],
    ["garbage", { authorization: "garbage" }],
  ])("answers 401/2020 for %s", (_, headers) => {
    const { state, request } = setup();
    expect(authenticate(state, request(headers))).toMatchObject({
      ok: false,
      failure: { statusCode: 401, apiCode: 2020, message: "not logged in or token expired" },
    });
  });

  it("answers 401/2020 once the token has expired", () => {
    const { state, clock, request } = setup();
    const { token } = state.issueToken(POOL_A_ID);
    clock.advance(7200 * 1000);
    expect(authenticate(state, request({ authorization: `Bearer ${token}` }))).toMatchObject({
      failure: { apiCode: 2020 },
    });
  });

  it("answers 401/2020 for a live token when forceExpired is set", () => {
    const { state, request } = setup();
    const { token } = state.issueToken(POOL_A_ID);
    const result = authenticate(state, request({ authorization: token }), { forceExpired: true });
    expect(result).toMatchObject({ ok: false, failure: { apiCode: 2020 } });
  });

  it("accepts a user pool header naming the token's pool under either name", () => {
    const { state, request } = setup();
    const { token } = state.issueToken(POOL_A_ID);
    expect(
      authenticate(state, request({ authorization: token, "x-authing-userpool-id": POOL_A_ID })).ok,
    ).toBe(true);
    expect(
      authenticate(state, request({ authorization: token, "x-genauth-userpool-id": POOL_A_ID })).ok,
    ).toBe(true);
  });

  it("answers 403/2224 when the user pool header names another pool", () => {
    const { state, request } = setup();
    const { token } = state.issueToken(POOL_A_ID);
    expect(
      authenticate(state, request({ authorization: token, "x-genauth-userpool-id": POOL_B_ID })),
    ).toMatchObject({
      ok: false,
      failure: { statusCode: 403, apiCode: 2224 },
    });
  });
});

describe.each([
  ["authing", "x-authing-", "signature"],
  ["genauth", "x-genauth-", "genauth-signature"],
] as const)("authenticate with an AK/SK signature, %s dialect", (dialect, x, scheme) => {
  const setupDialect = () => {
    const base = setup();
    const signed = (overrides: Partial<Parameters<typeof signedHeaders>[0]> = {}) =>
      base.signed({ dialect, ...overrides });
    return { ...base, signed };
  };
  it("accepts a correctly signed request and maps the key to its pool", () => {
    const { state, request, signed } = setupDialect();
    expect(authenticate(state, request(signed()))).toEqual({
      ok: true,
      scheme,
      userPoolId: POOL_A_ID,
    });
  });

  it("accepts the collaborator key for pool A", () => {
    const { state, request, signed } = setupDialect();
    const headers = signed({ accessKeyId: COLLABORATOR_KEY_ID, accessKeySecret: COLLABORATOR_KEY_SECRET });
    expect(authenticate(state, request(headers))).toMatchObject({ ok: true, userPoolId: POOL_A_ID });
  });

  it("answers 1300 when the secret is wrong", () => {
    const { state, request, signed } = setupDialect();
    const result = authenticate(state, request(signed({ accessKeySecret: "wrong" })));
    expect(result).toMatchObject({ ok: false, failure: { statusCode: 401, apiCode: 1300 } });
  });

  it("answers 1300 when the signed parameters differ from the sent ones", () => {
    const { state, request, signed } = setupDialect();
    const result = authenticate(state, request(signed(), { appId: "another" }));
    expect(result).toMatchObject({ failure: { apiCode: 1300 } });
  });

  it("answers 401/2020 for an unknown key id", () => {
    const { state, request, signed } = setupDialect();
    expect(authenticate(state, request(signed({ accessKeyId: "unknown" })))).toMatchObject({
      failure: { statusCode: 401, apiCode: 2020 },
    });
  });

  it.each([
    ["1301 for another signature method", { [`${x}signature-method`]: "HMAC-SHA256" }, 1301],
    ["1302 for another signature version", { [`${x}signature-version`]: "2.0" }, 1302],
    ["1303 for an unparseable date", { date: "yesterday-ish" }, 1303],
  ])("answers %s", (_, extra, apiCode) => {
    const { state, request, signed } = setupDialect();
    expect(authenticate(state, request(signed({ extra })))).toMatchObject({ failure: { apiCode } });
  });

  it("answers 1304 when the date header is missing", () => {
    const { state, request, signed } = setupDialect();
    const { date: _date, ...headers } = signed();
    expect(authenticate(state, request(headers))).toMatchObject({ failure: { apiCode: 1304 } });
  });

  it("answers 1305 when the date is more than 15 minutes off and accepts it at exactly 15", () => {
    const { state, clock, request, signed } = setupDialect();
    const at = (offset: number, nonce: string) => signed({ date: new Date(clock.now() + offset), nonce });
    expect(authenticate(state, request(at(15 * 60 * 1000 + 1000, "n1")))).toMatchObject({
      failure: { apiCode: 1305 },
    });
    expect(authenticate(state, request(at(-15 * 60 * 1000, "n2"))).ok).toBe(true);
  });

  it("accepts date as Unix milliseconds, and answers 1305 for milliseconds more than 15 minutes off", () => {
    const { state, clock, request, signed } = setupDialect();
    expect(authenticate(state, request(signed({ dateAs: "ms" }))).ok).toBe(true);
    const late = signed({ dateAs: "ms", nonce: "n-late", date: new Date(clock.now() - 16 * 60 * 1000) });
    expect(authenticate(state, request(late))).toMatchObject({ failure: { apiCode: 1305 } });
  });

  it("does not accept the other dialect's signature headers in place of its own", () => {
    const { state, request, signed } = setupDialect();
    const other = x === "x-authing-" ? "x-genauth-" : "x-authing-";
    const renamed = Object.fromEntries(
      Object.entries(signed()).map(([name, value]) => [name.replace(x, other), value]),
    );
    // The method header is looked for under this dialect's own name, so the first check fails.
    expect(authenticate(state, request(renamed))).toMatchObject({ failure: { apiCode: 1301 } });
  });

  it("answers 1306 when a nonce is replayed", () => {
    const { state, request, signed } = setupDialect();
    expect(authenticate(state, request(signed())).ok).toBe(true);
    expect(authenticate(state, request(signed()))).toMatchObject({ failure: { apiCode: 1306 } });
  });

  it("does not use up the nonce of a request whose signature fails", () => {
    const { state, request, signed } = setupDialect();
    authenticate(state, request(signed({ accessKeySecret: "wrong" })));
    expect(authenticate(state, request(signed())).ok).toBe(true);
  });
});

describe("callerUserPool", () => {
  it("charges a token request to the pool of the access key it names", () => {
    const { state } = setup();
    expect(callerUserPool(state, {}, COLLABORATOR_KEY_ID)).toBe(POOL_A_ID);
    expect(callerUserPool(state, {}, POOL_B_ID)).toBe(POOL_B_ID);
  });

  it("charges a call to its token's pool, even an expired token's", () => {
    const { state, clock } = setup();
    const { token } = state.issueToken(POOL_B_ID);
    clock.advance(7200 * 1000);
    expect(callerUserPool(state, { authorization: `Bearer ${token}` })).toBe(POOL_B_ID);
    expect(callerUserPool(state, { authorization: token })).toBe(POOL_B_ID);
  });

  it("charges a signed call to its key's pool without checking or using the nonce", () => {
    const { state, request, signed } = setup();
    const headers = signed({ accessKeyId: COLLABORATOR_KEY_ID, accessKeySecret: COLLABORATOR_KEY_SECRET });
    expect(callerUserPool(state, headers)).toBe(POOL_A_ID);
    expect(authenticate(state, request(headers)).ok).toBe(true);
  });

  it("falls back to a user pool header naming a known pool, else to nothing", () => {
    const { state } = setup();
    expect(
      callerUserPool(state, { authorization: "forged.jwt.token", "x-genauth-userpool-id": POOL_B_ID }),
    ).toBe(POOL_B_ID);
    expect(callerUserPool(state, { "x-authing-userpool-id": "no-such-pool" })).toBeUndefined();
    expect(callerUserPool(state, {}, "unknown-key")).toBeUndefined();
  });
});
