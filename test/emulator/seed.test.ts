import { DEFAULT_SEED, parseSeed, POOL_A_ID, POOL_B_ID, SEEDED_APPS } from "../../emulator/seed";

describe("DEFAULT_SEED", () => {
  it("holds pool A with web, api and worker and pool B with billing", () => {
    const pools = DEFAULT_SEED.userPools.map((pool) => [
      pool.userPoolId,
      pool.apps?.map((app) => app.appName),
    ]);
    expect(pools).toEqual([
      [POOL_A_ID, ["web", "api", "worker"]],
      [POOL_B_ID, ["billing"]],
    ]);
    expect(DEFAULT_SEED.userPools[0].apps?.[0].appId).toBe(SEEDED_APPS.web);
  });

  it("fixes no app secret, so every emulator generates its own", () => {
    const secrets = DEFAULT_SEED.userPools.flatMap((pool) => pool.apps ?? []).map((app) => app.secret);
    expect(secrets.every((secret) => secret === undefined)).toBe(true);
  });

  it("passes its own validation unchanged in substance", () => {
    expect(parseSeed(JSON.parse(JSON.stringify(DEFAULT_SEED)))).toMatchObject(DEFAULT_SEED);
  });
});

describe("parseSeed", () => {
  it.each([
    [null, "seed must be an object"],
    [{}, "seed.userPools must be an array"],
    [{ userPools: [{ userPoolId: "p" }] }, "seed.userPools[0].accessKeySecret must be a non-empty string"],
    [
      { userPools: [{ userPoolId: "p", accessKeySecret: "s", apps: [{ appId: "a" }] }] },
      "seed.userPools[0].apps[0].appName must be a non-empty string",
    ],
    [{ userPools: [], accessKeys: [{ accessKeyId: "k" }] }, "seed.accessKeys[0].accessKeySecret must be"],
  ])("names the bad field of %j", (value, message) => {
    expect(() => parseSeed(value)).toThrow(message);
  });

  it("defaults missing apps and access keys to empty lists", () => {
    expect(parseSeed({ userPools: [{ userPoolId: "p", accessKeySecret: "s" }] })).toEqual({
      userPools: [{ userPoolId: "p", accessKeySecret: "s", apps: [] }],
      accessKeys: [],
    });
  });
});
