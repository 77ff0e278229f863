import {
  configSource,
  connectionSource,
  DEFAULT_HOST,
  envSource,
  hostOf,
  resolveSettings,
} from "../../provider/config";

const cfg = (values: Record<string, string>) => configSource((key) => values[key]);

describe("resolveSettings", () => {
  it("defaults the host to the GenAuth public cloud", () => {
    const r = resolveSettings([
      connectionSource(undefined),
      cfg({ "genauth:accessKeyId": "id", "genauth:accessKeySecret": "s" }),
    ]);
    expect(r.ok && r.settings.host).toBe(DEFAULT_HOST);
  });

  it("prefers connection, then config, then environment, field by field for host and userPoolId", () => {
    const r = resolveSettings([
      connectionSource({ userPoolId: "pool-from-connection" }),
      cfg({
        "genauth:host": "https://config.example/",
        "genauth:accessKeyId": "cfg-id",
        "genauth:accessKeySecret": "cfg-s",
      }),
      envSource({ GENAUTH_HOST: "https://env.example", GENAUTH_USER_POOL_ID: "env-pool" }),
    ]);
    expect(r.ok && r.settings).toMatchObject({
      host: "https://config.example",
      accessKeyId: "cfg-id",
      accessKeySecret: "cfg-s",
      userPoolId: "pool-from-connection",
    });
  });

  it("takes the key pair whole from the first source with an access key id, never mixing sources", () => {
    const r = resolveSettings([
      connectionSource({ accessKeyId: "conn-id" }),
      cfg({ "genauth:accessKeyId": "cfg-id", "genauth:accessKeySecret": "cfg-s" }),
    ]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toEqual({
      property: "connection.accessKeySecret",
      reason: expect.stringMatching(/never combined from two sources/),
    });
  });

  it("falls back to environment variables", () => {
    const r = resolveSettings([
      connectionSource(undefined),
      cfg({}),
      envSource({
        GENAUTH_ACCESS_KEY_ID: "env-id",
        GENAUTH_ACCESS_KEY_SECRET: "env-s",
        GENAUTH_MAX_ATTEMPTS: "2",
      }),
    ]);
    expect(r.ok && r.settings).toMatchObject({
      accessKeyId: "env-id",
      accessKeySecret: "env-s",
      retry: { maxAttempts: 2 },
    });
  });

  it("names the key and the bad value of a non-numeric timeout", () => {
    const r = resolveSettings([
      cfg({ "genauth:accessKeyId": "i", "genauth:accessKeySecret": "s", "genauth:requestTimeoutMs": "soon" }),
    ]);
    expect(!r.ok && r.problems).toEqual([
      { property: "genauth:requestTimeoutMs", reason: 'must be an integer of at least 1, got "soon"' },
    ]);
  });

  it("resolves the host it calls with resolveHost: trimmed, lowercased, no default port or trailing slash", () => {
    const r = resolveSettings([
      envSource({
        GENAUTH_HOST: " HTTPS://Config.Example:443/ ",
        GENAUTH_ACCESS_KEY_ID: "i",
        GENAUTH_ACCESS_KEY_SECRET: "s",
      }),
    ]);
    expect(r.ok && r.settings.host).toBe("https://config.example");
  });
});

describe("hostOf", () => {
  it("takes the first source that sets a host, resolved, else the default", () => {
    const env = envSource({ GENAUTH_HOST: "https://env.example/" });
    expect(hostOf([connectionSource({ host: "  " }), cfg({}), env])).toBe("https://env.example");
    expect(hostOf([connectionSource({ host: "HTTP://127.0.0.1:1/" }), env])).toBe("http://127.0.0.1:1");
    expect(hostOf([connectionSource(undefined), cfg({})])).toBe(DEFAULT_HOST);
  });
});
