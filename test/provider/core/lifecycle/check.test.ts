import { configSource, envSource } from "../../../../provider/inputs/config";
import { checkInputs, UNKNOWN } from "../../../../provider/core/lifecycle/check";
import { decideDiff } from "../../../../provider/core/lifecycle/diff";
import { carryOver } from "../../../../provider/core/lifecycle/outputs";
import { SecretOutputs } from "../../../../provider/core/state";

const config = configSource(
  (key) => ({ "genauth:accessKeyId": "pool-a", "genauth:accessKeySecret": "config-secret" })[key],
);
const noConfig = configSource(() => undefined);
const noEnv = envSource({});

function failures(news: Record<string, unknown>, fallbacks = [config, noEnv]) {
  return checkInputs(news, fallbacks).failures;
}

describe("checkInputs", () => {
  it("accepts a plain appId with credentials from config", () => {
    expect(failures({ appId: "6229ffaa0000000000000001" })).toEqual([]);
  });

  it.each([[""], ["   "], [42], [undefined], [null]])(
    "refuses appId %j, naming the field and what to give",
    (appId) => {
      const [f] = failures({ appId });
      expect(f.property).toBe("appId");
      expect(f.reason).toMatch(/must be a non-empty string \(the application's ID/);
    },
  );

  it("refuses an appId with surrounding whitespace, saying to remove it", () => {
    expect(failures({ appId: " 6229ffaa0000000000000001" })).toEqual([
      { property: "appId", reason: expect.stringMatching(/leading or trailing whitespace; remove it/) },
    ]);
  });

  it("reports a value the engine would echo raw (a line break, an escape) as the resource's, naming the field", () => {
    // The engine prints a property failure with the value as is; the reason shows it escaped.
    expect(failures({ appId: " 6229ffaa0000000000000001\n" })).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^appId: .*\\n" has leading or trailing whitespace; remove it/),
      },
    ]);
    expect(failures({ appId: "a", rotateAfter: "\u001b[2J" })).toEqual([
      { property: "", reason: expect.stringMatching(/^rotateAfter: "\\u001b\[2J"/) },
    ]);
  });

  it("accepts unknown values during preview", () => {
    expect(failures({ appId: UNKNOWN, rotateAfter: UNKNOWN, connection: UNKNOWN })).toEqual([]);
    expect(failures({ appId: "a", connection: { host: UNKNOWN } })).toEqual([]);
  });

  it("names both config keys and both env vars when no credentials are set", () => {
    const [f] = failures({ appId: "a" }, [noConfig, noEnv]);
    expect(f.reason).toContain("genauth:accessKeyId");
    expect(f.reason).toContain("genauth:accessKeySecret");
    expect(f.reason).toContain("GENAUTH_ACCESS_KEY_ID");
    expect(f.reason).toContain("GENAUTH_ACCESS_KEY_SECRET");
  });

  it("refuses a host that is not an http(s) URL", () => {
    const [f] = failures({ appId: "a", connection: { host: "ftp://genauth.example" } });
    expect(f).toEqual({
      property: "connection.host",
      reason: expect.stringMatching(/must be an http\(s\) URL/),
    });
    expect(failures({ appId: "a", connection: { host: "not a url" } })[0].reason).toMatch(/is not a URL/);
  });

  it("refuses plain http to anything but loopback and suggests https", () => {
    const [f] = failures({ appId: "a", connection: { host: "http://genauth.example.com" } });
    expect(f.reason).toMatch(/use https:\/\/genauth\.example\.com/);
    for (const host of ["http://127.0.0.1:8787", "http://localhost:1", "http://[::1]:9"]) {
      expect(failures({ appId: "a", connection: { host } })).toEqual([]);
    }
  });

  it.each([
    [{ rotateAfter: "P1M" }, "rotateAfter", /give days instead/],
    [{ rotateAfter: "90 days" }, "rotateAfter", /"90d"/],
    [{ rotateAfter: 90 }, "rotateAfter", /must be a string/],
    [{ adopt: "yes" }, "adopt", /must be true or false/],
    [{ onDelete: "destroy" }, "onDelete", /"retain".*"rotate"/],
    [{ connection: { host: 1 } }, "connection.host", /must be a string, got a number/],
    [{ connection: "https://genauth.example" }, "connection", /must be an object with the fields host, /],
  ])("refuses %j", (extra, property, reason) => {
    const [f] = failures({ appId: "a", ...extra });
    expect(f.property).toBe(property);
    expect(f.reason).toMatch(reason);
  });

  it("does not echo a long value that might be a pasted secret", () => {
    const [f] = failures({ appId: "a", adopt: "x".repeat(64) });
    expect(f.reason).not.toContain("x".repeat(64));
  });
});

describe("preview of a resource whose state holds a schedule now refused", () => {
  // What an older version recorded for `rotateAfter: "15000000w"`, which it accepted.
  const olds: SecretOutputs = {
    appId: "6229ffaa0000000000000001",
    rotateAfter: "15000000w",
    secret: "s1",
    rotatedAt: "2026-11-01T00:00:00.000Z",
    rotationReason: "created",
    fingerprint: "f",
    rotationCount: 1,
    nextRotationAt: "",
    history: [],
  };
  const news = { appId: olds.appId, rotateAfter: "15000000w" };

  it("fails in check with the bound and the value, not a bare 'Invalid time value'", () => {
    expect(failures(news)).toEqual([
      {
        property: "rotateAfter",
        reason: expect.stringMatching(/^"15000000w" is longer than 3650 days \(10 years\)/),
      },
    ]);
  });

  it("diffs and carries the state over without throwing, the schedule counted as none", () => {
    const now = new Date("2030-01-01T00:00:00.000Z");
    expect(decideDiff(olds, news, now)).toMatchObject({ changes: false, rotation: undefined });
    expect(carryOver(olds, news).nextRotationAt).toBe("");
  });
});
