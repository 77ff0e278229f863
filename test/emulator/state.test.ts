import { EmulatorState } from "../../emulator/state";
import { COLLABORATOR_KEY_ID, POOL_A_ID, POOL_B_ID, SEEDED_APPS, Seed } from "../../emulator/seed";
import { SecretRecord } from "../../emulator/secretRecord";
import { verifyJwt } from "../../emulator/token";
import { countingSecrets, fakeClock } from "./support";

function build(seed?: Seed) {
  const clock = fakeClock();
  const state = new EmulatorState(seed, { now: clock.now, generateSecret: countingSecrets() });
  return { state, clock };
}

describe("EmulatorState", () => {
  it("generates a 32-hex-character secret per app by default", () => {
    const state = new EmulatorState();
    const secrets = state.listApps().map((app) => app.secret);
    expect(secrets).toHaveLength(4);
    secrets.forEach((secret) => expect(secret).toMatch(/^[0-9a-f]{32}$/));
    expect(new Set(secrets).size).toBe(4);
  });

  it("keeps a secret the seed fixes", () => {
    const { state } = build({
      userPools: [
        { userPoolId: "p", accessKeySecret: "s", apps: [{ appId: "a", appName: "n", secret: "fixed" }] },
      ],
    });
    expect(state.findApp("a")?.secret).toBe("fixed");
  });

  it("maps the pool key and the collaborator key to their pools", () => {
    const { state } = build();
    expect(state.findAccessKey(POOL_B_ID)?.userPoolId).toBe(POOL_B_ID);
    expect(state.findAccessKey(COLLABORATOR_KEY_ID)?.userPoolId).toBe(POOL_A_ID);
    expect(state.findAccessKey("nope")).toBeUndefined();
  });

  it("hides another pool's app from findAppInPool", () => {
    const { state } = build();
    expect(state.findAppInPool(POOL_A_ID, SEEDED_APPS.billing)).toBeUndefined();
    expect(state.findAppInPool(POOL_B_ID, SEEDED_APPS.billing)?.appName).toBe("billing");
  });

  it("rotates to a new secret and counts the rotation", () => {
    const { state } = build();
    expect(state.findApp(SEEDED_APPS.web)?.secret).toBe("secret-1");
    expect(state.rotateSecret(SEEDED_APPS.web)).toBe("secret-5");
    expect(state.findApp(SEEDED_APPS.web)).toMatchObject({ secret: "secret-5", rotations: 1 });
  });

  it("returns copies, so changing a result does not change the state", () => {
    const { state } = build();
    const app = state.findApp(SEEDED_APPS.web);
    if (app) app.secret = "changed";
    expect(state.findApp(SEEDED_APPS.web)?.secret).toBe("secret-1");
  });

  it.each([
    [
      {
        userPools: [
          { userPoolId: "p", accessKeySecret: "s" },
          { userPoolId: "p", accessKeySecret: "t" },
        ],
      },
      "duplicate user pool p",
    ],
    [
      { userPools: [], accessKeys: [{ accessKeyId: "k", accessKeySecret: "s", userPoolId: "x" }] },
      "user pool x does not exist",
    ],
    [
      {
        userPools: [
          {
            userPoolId: "p",
            accessKeySecret: "s",
            apps: [
              { appId: "a", appName: "1" },
              { appId: "a", appName: "2" },
            ],
          },
        ],
      },
      "application a already exists",
    ],
  ])("refuses a seed that contradicts itself (%#)", (seed, message) => {
    expect(() => new EmulatorState(seed as Seed)).toThrow(message);
  });

  describe("tokens", () => {
    it("issues a JWT scoped to the pool that is valid until its lifetime ends", () => {
      const { state, clock } = build();
      const { token, expiresIn } = state.issueToken(POOL_A_ID);
      expect(expiresIn).toBe(7200);
      expect(state.verifyToken(token)).toEqual({ userPoolId: POOL_A_ID });
      clock.advance(7200 * 1000 - 1);
      expect(state.verifyToken(token)).toBeDefined();
      clock.advance(1);
      expect(state.verifyToken(token)).toBeUndefined();
    });

    it("puts scoped_userpool_id, iat and exp in the payload", () => {
      const { state } = build();
      state.tokenLifetimeSeconds = 60;
      const [, payload] = state.issueToken(POOL_B_ID).token.split(".");
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
      expect(claims).toMatchObject({ scoped_userpool_id: POOL_B_ID, exp: claims.iat + 60 });
    });

    it("expires every token issued so far but not later ones", () => {
      const { state } = build();
      const before = state.issueToken(POOL_A_ID).token;
      expect(state.expireTokens()).toBe(1);
      const after = state.issueToken(POOL_A_ID).token;
      expect(state.verifyToken(before)).toBeUndefined();
      expect(state.verifyToken(after)).toBeDefined();
    });

    it("does not accept another state's tokens", () => {
      const token = build().state.issueToken(POOL_A_ID).token;
      expect(build().state.verifyToken(token)).toBeUndefined();
      expect(verifyJwt(token, Buffer.alloc(32))).toBeUndefined();
    });
  });

  it("refuses a nonce used within 15 minutes and accepts it again after", () => {
    const { state, clock } = build();
    expect(state.useNonce("n")).toBe(true);
    expect(state.useNonce("n")).toBe(false);
    clock.advance(15 * 60 * 1000 + 1);
    expect(state.useNonce("n")).toBe(true);
  });

  describe("issued secrets", () => {
    it("reports seeded, added and rotated app secrets and issued tokens to its sink, oldest first", () => {
      const secretSink = new SecretRecord();
      const state = new EmulatorState(undefined, { generateSecret: countingSecrets(), secretSink });
      state.rotateSecret(SEEDED_APPS.web);
      state.addApp(POOL_B_ID, { appId: "extra", appName: "extra" });
      const { token } = state.issueToken(POOL_A_ID);
      expect(secretSink.issued()).toEqual({
        appSecrets: ["secret-1", "secret-2", "secret-3", "secret-4", "secret-5", "secret-6"],
        tokens: [token],
      });
    });

    it("adds to a record shared with earlier states, never repeating a value", () => {
      const secretRecord = new SecretRecord();
      const seed: Seed = {
        userPools: [
          { userPoolId: "p", accessKeySecret: "s", apps: [{ appId: "a", appName: "n", secret: "fixed" }] },
        ],
      };
      const first = new EmulatorState(seed, { secretSink: secretRecord });
      first.rotateSecret("a");
      const rotated = first.findApp("a")?.secret;
      new EmulatorState(seed, { secretSink: secretRecord });
      expect(secretRecord.issued().appSecrets).toEqual(["fixed", rotated]);
    });

    it("tells a token's pool even after it expired, and nothing for a foreign token", () => {
      const { state, clock } = build();
      const { token } = state.issueToken(POOL_B_ID);
      clock.advance(7200 * 1000);
      expect(state.verifyToken(token)).toBeUndefined();
      expect(state.tokenUserPool(token)).toBe(POOL_B_ID);
      expect(state.tokenUserPool(build().state.issueToken(POOL_A_ID).token)).toBeUndefined();
    });
  });
});
