import { banner, checkedTlsFiles, DEFAULT_PORT, HELP, listeningLine, parseCli } from "../../emulator/cli";
import { selfSignedCert } from "../support/certificates";
import { EmulatorState } from "../../emulator/state";

describe("parseCli", () => {
  it("defaults to port 8787 on 127.0.0.1 with the banner and without request logging", () => {
    expect(parseCli([])).toEqual({
      port: DEFAULT_PORT,
      host: "127.0.0.1",
      quiet: false,
      logRequests: false,
      help: false,
      requestIdOnSuccess: false,
    });
    expect(DEFAULT_PORT).toBe(8787);
  });

  it("reads every flag", () => {
    const argv = [
      "--port",
      "0",
      "--host",
      "0.0.0.0",
      "--token-lifetime",
      "60",
      "--seed",
      "s.json",
      "--quiet",
      "--log-requests",
      "--tls-cert",
      "cert.pem",
      "--tls-key",
      "key.pem",
      "--request-id-on-success",
    ];
    expect(parseCli(argv)).toEqual({
      port: 0,
      host: "0.0.0.0",
      tokenLifetimeSeconds: 60,
      seedFile: "s.json",
      quiet: true,
      logRequests: true,
      help: false,
      tlsFiles: { cert: "cert.pem", key: "key.pem" },
      requestIdOnSuccess: true,
    });
  });

  it("reads the rate limit, Retry-After and secret log flags", () => {
    expect(parseCli(["--rate-limit", "300", "--secret-log", "/tmp/secrets.log"])).toMatchObject({
      rateLimit: { requestsPerSecond: 300, retryAfter: false },
      secretLogFile: "/tmp/secrets.log",
    });
    expect(parseCli(["--rate-limit", "5", "--retry-after"]).rateLimit).toEqual({
      requestsPerSecond: 5,
      retryAfter: true,
    });
  });

  it("documents the new flags and control operations in the help", () => {
    for (const text of [
      "--rate-limit <n>",
      "--retry-after",
      "--secret-log <file>",
      "--tls-cert <file.pem>",
      "--tls-key <file.pem>",
      "--request-id-on-success",
      "outage",
    ]) {
      expect(HELP).toContain(text);
    }
  });

  it.each([
    [["--rate-limit", "0"], "--rate-limit must be an integer from 1"],
    [["--rate-limit", "fast"], "--rate-limit must be an integer from 1"],
    [["--retry-after"], "--retry-after needs --rate-limit"],
    [["--tls-cert", "c.pem"], "--tls-cert needs --tls-key"],
    [["--tls-key", "k.pem"], "--tls-key needs --tls-cert"],
    [["--port", "http"], "--port must be an integer from 0 to 65535"],
    [["--port", "70000"], "--port must be an integer from 0 to 65535"],
    [["--token-lifetime", "0"], "--token-lifetime must be an integer from 1"],
    [["--verbose"], "Unknown option '--verbose'"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCli(argv)).toThrow(message);
  });
});

describe("checkedTlsFiles", () => {
  const files = { cert: "cert.pem", key: "key.pem" };
  const pair = selfSignedCert();

  it("passes a certificate and its key", () => {
    expect(checkedTlsFiles(files, pair)).toEqual(pair);
  });

  it.each([
    [
      "the key file given to --tls-cert",
      { cert: pair.key, key: pair.key },
      "--tls-cert cert.pem: holds a private key, not a certificate; give the certificate's file to --tls-cert and the key's to --tls-key",
    ],
    [
      "the two files swapped",
      { cert: pair.key, key: pair.cert },
      "--tls-cert cert.pem: holds a private key, not a certificate; give the certificate's file to --tls-cert and the key's to --tls-key",
    ],
    [
      "the certificate given to --tls-key",
      { cert: pair.cert, key: pair.cert },
      "--tls-key key.pem: holds a certificate, not a private key; give the key's file to --tls-key and the certificate's to --tls-cert",
    ],
    [
      "a file that is no PEM",
      { cert: "hello", key: pair.key },
      "--tls-cert cert.pem: holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the server certificate's PEM file",
    ],
  ])("names the flag and the fix for %s, never the key", (_label, texts, message) => {
    const error = (() => {
      try {
        checkedTlsFiles(files, texts);
      } catch (e) {
        return e as Error;
      }
      throw new Error("nothing thrown");
    })();
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("PRIVATE KEY-----");
  });

  it("names both flags for a key that is not the certificate's", () => {
    const other = selfSignedCert();
    expect(() => checkedTlsFiles(files, { cert: pair.cert, key: other.key })).toThrow(
      /^--tls-cert cert\.pem and --tls-key key\.pem do not make a usable pair \(.+\); give the certificate and the key it was issued for$/,
    );
  });
});

describe("listeningLine", () => {
  it("is the one line scripts wait for", () => {
    expect(listeningLine("http://127.0.0.1:8787")).toBe(
      "genauth-emulator listening on http://127.0.0.1:8787",
    );
  });
});

describe("banner", () => {
  it("names pools, key pairs and apps but no app secret", () => {
    const state = new EmulatorState();
    const text = banner(state);
    expect(text).toContain(
      "accessKeyId=6229ffaa00000000000000a0 accessKeySecret=emulator-pool-a-secret-0001",
    );
    expect(text).toContain("collaborator key: accessKeyId=emulator-collaborator-key");
    expect(text).toContain("app 6229ffbb0000000000000001 (billing)");
    for (const app of state.listApps()) expect(text).not.toContain(app.secret);
  });
});
