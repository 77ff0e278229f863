import {
  getApplication,
  getApplicationSecret,
  getApplicationSimpleInfo,
  getManagementToken,
  listApplications,
  refreshApplicationSecret,
} from "../../emulator/handlers";
import { POOL_A_ID, POOL_A_SECRET, POOL_B_ID, SEEDED_APPS } from "../../emulator/seed";
import { EmulatorState } from "../../emulator/state";
import { countingSecrets, fakeClock } from "./support";

const ctx = { requestId: "req-1", userPoolId: POOL_A_ID };

function newState() {
  return new EmulatorState(undefined, { now: fakeClock().now, generateSecret: countingSecrets() });
}

describe("getManagementToken", () => {
  it("issues a token for a correct key pair", () => {
    const state = newState();
    const envelope = getManagementToken(
      state,
      { accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET },
      ctx,
    );
    expect(envelope).toMatchObject({ statusCode: 200, requestId: "req-1", data: { expires_in: 7200 } });
    const data = envelope.data as { access_token: string };
    expect(state.verifyToken(data.access_token)).toEqual({ userPoolId: POOL_A_ID });
  });

  it.each([
    ["a wrong secret", { accessKeyId: POOL_A_ID, accessKeySecret: "wrong" }],
    ["an unknown key", { accessKeyId: "nobody", accessKeySecret: POOL_A_SECRET }],
  ])("answers 401/2020 for %s", (_, input) => {
    expect(getManagementToken(newState(), input, ctx)).toEqual({
      statusCode: 401,
      apiCode: 2020,
      message: "invalid accessKeyId or accessKeySecret",
      requestId: "req-1",
    });
  });

  it("answers 400 naming the missing field", () => {
    expect(getManagementToken(newState(), { accessKeyId: POOL_A_ID }, ctx)).toMatchObject({
      statusCode: 400,
      message: "accessKeySecret is required",
    });
  });
});

describe("application handlers", () => {
  it("refreshApplicationSecret rotates and returns the new secret, which getApplicationSecret then returns", () => {
    const state = newState();
    const input = { appId: SEEDED_APPS.web };
    expect(getApplicationSecret(state, input, ctx)).toMatchObject({
      statusCode: 200,
      data: { secret: "secret-1" },
    });
    expect(refreshApplicationSecret(state, input, ctx)).toMatchObject({
      statusCode: 200,
      data: { secret: "secret-5" },
    });
    expect(getApplicationSecret(state, input, ctx)).toMatchObject({ data: { secret: "secret-5" } });
  });

  it("getApplication renders ApplicationDto without the secret", () => {
    const envelope = getApplication(newState(), { appId: SEEDED_APPS.api }, ctx);
    expect(envelope.data).toEqual({
      appId: SEEDED_APPS.api,
      appIdentifier: "api",
      appName: "api",
      appType: "api",
      userPoolId: POOL_A_ID,
      defaultProtocol: "oidc",
      redirectUris: [],
    });
  });

  it("getApplicationSimpleInfo renders the light shape", () => {
    expect(getApplicationSimpleInfo(newState(), { appId: SEEDED_APPS.web }, ctx).data).toEqual({
      appId: SEEDED_APPS.web,
      appIdentifier: "web",
      appName: "web",
      appLogo: "",
      appType: "web",
      isIntegrateApp: false,
    });
  });

  it.each([
    ["refreshApplicationSecret", refreshApplicationSecret],
    ["getApplicationSecret", getApplicationSecret],
    ["getApplication", getApplication],
    ["getApplicationSimpleInfo", getApplicationSimpleInfo],
  ])("%s answers 404/2011 for an app of another pool and does not touch it", (_, handler) => {
    const state = newState();
    expect(handler(state, { appId: SEEDED_APPS.billing }, ctx)).toEqual({
      statusCode: 404,
      apiCode: 2011,
      message: "application does not exist",
      requestId: "req-1",
    });
    expect(state.findApp(SEEDED_APPS.billing)).toMatchObject({ secret: "secret-4", rotations: 0 });
  });

  it.each([{}, { appId: "" }, { appId: 42 }])("answers 400 naming appId for the input %j", (input) => {
    expect(refreshApplicationSecret(newState(), input, ctx)).toMatchObject({
      statusCode: 400,
      apiCode: 2000,
      message: expect.stringContaining("appId"),
    });
  });
});

describe("listApplications", () => {
  it("lists the caller's pool only, paged, with the total", () => {
    const state = newState();
    const page = (input: Record<string, unknown>, pool = POOL_A_ID) =>
      listApplications(state, input, { ...ctx, userPoolId: pool }).data as {
        list: { appId: string }[];
        totalCount: number;
      };
    expect(page({}).list.map((app) => app.appId)).toEqual([
      SEEDED_APPS.web,
      SEEDED_APPS.api,
      SEEDED_APPS.worker,
    ]);
    expect(page({ page: "2", limit: "2" })).toEqual({
      list: [expect.objectContaining({ appId: SEEDED_APPS.worker })],
      totalCount: 3,
    });
    expect(page({}, POOL_B_ID)).toMatchObject({ totalCount: 1 });
  });

  it.each([{ limit: "51" }, { limit: "0" }, { limit: "x" }, { page: "0" }, { page: 1.5 }])(
    "answers 400 for %j",
    (input) => {
      expect(listApplications(newState(), input, ctx)).toMatchObject({ statusCode: 400 });
    },
  );

  it("accepts the largest documented limit of 50", () => {
    expect(listApplications(newState(), { limit: 50 }, ctx)).toMatchObject({ statusCode: 200 });
  });
});
