import {
  configSource,
  connectionSource,
  envSource,
  hostOf,
  insecureSkipVerifyWarning,
  resolveSettings,
} from "../../../provider/inputs/config";
import { DEFAULT_HOST } from "../../../provider/inputs/hostSetting";
import { ConnectionInputs } from "../../../provider/inputs/types";
import { TestCa } from "../../support/certificates";

/** A connection as a program in another language may send it: booleans as text. */
const fromOtherSdk = (connection: Record<string, unknown>) => connection as ConnectionInputs;

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

describe("resolveSettings: TLS and plain http for private deployments", () => {
  const pair = { "genauth:accessKeyId": "i", "genauth:accessKeySecret": "s" };
  const ca = new TestCa();

  it("defaults to Node's CAs, verification on and no plain http", () => {
    const r = resolveSettings([cfg(pair)]);
    expect(r.ok && r.settings).toMatchObject({
      tls: { insecureSkipVerify: false },
      allowInsecureHttp: false,
    });
    expect(r.ok && r.settings.tls?.caCertificates).toBeUndefined();
  });

  it("reads the three settings from config, the environment and connection, the first that sets each", () => {
    const r = resolveSettings([
      connectionSource({ tlsInsecureSkipVerify: true }),
      cfg({ ...pair, "genauth:tlsCaCertificates": ca.cert, "genauth:tlsInsecureSkipVerify": "false" }),
      envSource({ GENAUTH_ALLOW_INSECURE_HTTP: "TRUE", GENAUTH_TLS_CA_CERTIFICATES: "ignored" }),
    ]);
    expect(r.ok && r.settings).toMatchObject({
      tls: { caCertificates: ca.cert.trim(), insecureSkipVerify: true },
      allowInsecureHttp: true,
    });
  });

  it('reads connection booleans given as booleans or as "true"/"false"', () => {
    for (const value of [true, "true"] as const) {
      const r = resolveSettings([
        connectionSource(fromOtherSdk({ allowInsecureHttp: value, tlsInsecureSkipVerify: "false" })),
        cfg(pair),
      ]);
      expect(r.ok && r.settings).toMatchObject({
        allowInsecureHttp: true,
        tls: { insecureSkipVerify: false },
      });
    }
  });

  it("allows http:// to a non-loopback host only with allowInsecureHttp", () => {
    const host = { "genauth:host": "http://genauth.internal:8080", ...pair };
    const refused = resolveSettings([cfg(host)]);
    expect(!refused.ok && refused.problems).toEqual([
      { property: "genauth:host", reason: expect.stringMatching(/set genauth:allowInsecureHttp to true\)$/) },
    ]);
    const allowed = resolveSettings([cfg({ ...host, "genauth:allowInsecureHttp": "true" })]);
    expect(allowed.ok && allowed.settings.host).toBe("http://genauth.internal:8080");
  });

  it("names the setting of a flag that is not true or false, without echoing a long value", () => {
    const r = resolveSettings([
      cfg({ ...pair, "genauth:tlsInsecureSkipVerify": "yes" }),
      envSource({ GENAUTH_ALLOW_INSECURE_HTTP: "x".repeat(30) }),
    ]);
    expect(!r.ok && r.problems).toEqual([
      {
        property: "GENAUTH_ALLOW_INSECURE_HTTP",
        reason: "must be true or false, got a value of 30 characters",
      },
      { property: "genauth:tlsInsecureSkipVerify", reason: 'must be true or false, got "yes"' },
    ]);
  });

  it("names the setting of CA certificates that are no PEM certificates", () => {
    const r = resolveSettings([envSource({ GENAUTH_TLS_CA_CERTIFICATES: "ca.pem" }), cfg(pair)]);
    expect(!r.ok && r.problems).toEqual([
      {
        property: "GENAUTH_TLS_CA_CERTIFICATES",
        reason: expect.stringMatching(/^must be the PEM text of one or more CA certificates/),
      },
    ]);
  });
});

describe("resolveSettings: CA certificates and the user pool id are checked before any call", () => {
  const pair = { "genauth:accessKeyId": "i", "genauth:accessKeySecret": "s" };
  const ca = new TestCa();

  it("refuses an empty CA setting instead of falling through to the next source", () => {
    const r = resolveSettings([
      connectionSource({ tlsCaCertificates: "" }),
      cfg({ ...pair, "genauth:tlsCaCertificates": ca.cert }),
    ]);
    expect(!r.ok && r.problems).toEqual([
      { property: "connection.tlsCaCertificates", reason: expect.stringMatching(/^is set but empty/) },
    ]);
  });

  it("refuses CA certificates that carry a private key too, without showing it", () => {
    const key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
    const r = resolveSettings([cfg({ ...pair, "genauth:tlsCaCertificates": `${ca.cert}\n${key}` })]);
    expect(!r.ok && r.problems).toEqual([
      { property: "genauth:tlsCaCertificates", reason: expect.stringMatching(/^holds a PRIVATE KEY: /) },
    ]);
    expect(JSON.stringify(r)).not.toContain("MIIEpAIBAAKCAQEA");
  });

  it("passes a user pool id of GenAuth's shape and refuses one of another", () => {
    const ok = resolveSettings([cfg({ ...pair, "genauth:userPoolId": "6229ffaa00000000000000a0" })]);
    expect(ok.ok && ok.settings.userPoolId).toBe("6229ffaa00000000000000a0");
    const bad = resolveSettings([envSource({ GENAUTH_USER_POOL_ID: "pool id" }), cfg(pair)]);
    expect(!bad.ok && bad.problems).toEqual([
      {
        property: "GENAUTH_USER_POOL_ID",
        reason: expect.stringMatching(/^holds characters no GenAuth user pool ID holds/),
      },
    ]);
  });
});

describe("insecureSkipVerifyWarning", () => {
  it("names the setting and the host when verification is skipped", () => {
    const warning = insecureSkipVerifyWarning([
      connectionSource(fromOtherSdk({ host: "https://auth.corp.example/", tlsInsecureSkipVerify: "true" })),
      cfg({}),
    ]);
    expect(warning).toMatch(
      /^connection\.tlsInsecureSkipVerify is true: the certificate of https:\/\/auth\.corp\.example is not verified/,
    );
    expect(warning).toContain("genauth:tlsCaCertificates");
  });

  it("reads the provider's order: a connection's false wins over the environment's true", () => {
    const env = envSource({ GENAUTH_TLS_INSECURE_SKIP_VERIFY: "true", GENAUTH_HOST: "https://h.example" });
    expect(
      insecureSkipVerifyWarning([connectionSource({ tlsInsecureSkipVerify: false }), env]),
    ).toBeUndefined();
    expect(insecureSkipVerifyWarning([connectionSource(undefined), env])).toMatch(
      /^GENAUTH_TLS_INSECURE_SKIP_VERIFY is true: the certificate of https:\/\/h\.example/,
    );
  });

  it("is undefined when nothing skips verification", () => {
    expect(insecureSkipVerifyWarning([connectionSource(undefined), cfg({})])).toBeUndefined();
  });
});
