/**
 * Real TLS: the emulator serves HTTPS with certificates made by a CA of the test's own, so nothing
 * is trusted by accident (Node's bundled CAs know none of them).
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../../harness/programModules";
import { GenAuthClient } from "../../../provider/client/client";
import { GenAuthError } from "../../../provider/client/errors";
import { agentOptions, certificateReason, extraCaCertificates } from "../../../provider/client/tls";
import { pemCertificates } from "../../../provider/inputs/caCertificates";
import { RunningEmulator, startEmulator } from "../../../emulator";
import { APP_1, fastSettings } from "../../support/emulator";
import { KeyPairPem, selfSignedCert, TestCa } from "../../support/certificates";

const ca = new TestCa();
const otherCa = new TestCa("another CA");

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function httpsEmulator(tls: KeyPairPem): Promise<RunningEmulator> {
  emulator = await startEmulator({ tls });
  return emulator;
}

async function failure(client: GenAuthClient): Promise<GenAuthError> {
  const outcome = await client.getApplicationSecret(APP_1).catch((e: unknown) => e);
  if (!(outcome instanceof GenAuthError)) throw new Error(`expected a GenAuthError, got ${String(outcome)}`);
  return outcome;
}

const run = promisify(execFile);

describe("GenAuthClient over TLS", () => {
  it("reads a secret from a host whose CA is given in tls.caCertificates", async () => {
    const { url, control } = await httpsEmulator(ca.issue());
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = new GenAuthClient(fastSettings(url, { tls: { caCertificates: ca.cert } }));
    await expect(client.getApplicationSecret(APP_1)).resolves.toEqual({
      secret: control.app(APP_1).secret,
    });
  });

  it("trusts every CA of a PEM bundle, not only the first", async () => {
    const { url, control } = await httpsEmulator(ca.issue());
    const bundle = `${otherCa.cert}\n${ca.cert}`;
    const client = new GenAuthClient(fastSettings(url, { tls: { caCertificates: bundle } }));
    await expect(client.getApplicationSecret(APP_1)).resolves.toEqual({
      secret: control.app(APP_1).secret,
    });
  });

  it.each<[string, () => KeyPairPem, Partial<{ caCertificates: string }>, RegExp]>([
    ["an unknown CA", () => ca.issue(), {}, /the certificate is issued by an unknown CA/],
    ["another CA than the one given", () => ca.issue(), { caCertificates: otherCa.cert }, /unknown CA/],
    ["a self-signed certificate", () => selfSignedCert(), {}, /the certificate is self-signed/],
    [
      "a certificate for another host name",
      () => ca.issue({ names: ["genauth.example.com"] }),
      { caCertificates: ca.cert },
      /the certificate is for another host name/,
    ],
    ["an expired certificate", () => ca.issue({ expired: true }), { caCertificates: ca.cert }, /has expired/],
  ])(
    "refuses %s at once, naming the host, the reason and the settings that fix it",
    async (_label, cert, tls, reason) => {
      const { url, control } = await httpsEmulator(cert());
      const error = await failure(new GenAuthClient(fastSettings(url, { tls })));
      const host = new URL(url).host;
      expect(error.certificateProblem).toMatch(reason);
      expect(error.attempts).toBe(1); // final: no retry changes a certificate
      expect(error.message).toContain(`TLS certificate of ${host} refused: `);
      expect(error.message).toMatch(reason);
      for (const key of [
        "genauth:tlsCaCertificates",
        "genauth:tlsInsecureSkipVerify",
        "genauth:allowInsecureHttp",
      ]) {
        expect(error.message).toContain(key);
      }
      expect(error.message).toContain("NODE_EXTRA_CA_CERTS");
      expect(error.message).not.toContain(fastSettings(url).accessKeySecret);
      expect(control.calls()).toEqual({}); // the handshake failed: nothing reached GenAuth
    },
  );

  it("refuses a self-signed certificate even when NODE_TLS_REJECT_UNAUTHORIZED=0 is in the environment", async () => {
    // In a child process: Node's TLS reads the real environment, which a test's process.env is not.
    const { url, control } = await httpsEmulator(selfSignedCert());
    const script = `
      const { GenAuthClient } = require(${JSON.stringify(path.join(REPO_ROOT, "lib/provider/client/client.js"))});
      const settings = JSON.parse(process.argv[1]);
      new GenAuthClient(settings).getApplicationSecret(${JSON.stringify(APP_1)}).then(
        () => console.log("accepted"),
        (error) => console.log("refused: " + (error.certificateProblem ?? error.message)),
      );`;
    const { stdout } = await run(process.execPath, ["-e", script, JSON.stringify(fastSettings(url))], {
      env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: "0" },
    });
    expect(stdout).toMatch(/^refused: .*self-signed/);
    expect(control.calls()).toEqual({});
  });

  it.each([
    ["self-signed", () => selfSignedCert()],
    ["for another host name", () => ca.issue({ names: ["genauth.example.com"] })],
    ["expired", () => ca.issue({ expired: true })],
  ])("accepts a certificate that is %s with insecureSkipVerify", async (_label, cert) => {
    const { url, control } = await httpsEmulator(cert());
    const client = new GenAuthClient(fastSettings(url, { tls: { insecureSkipVerify: true } }));
    await expect(client.getApplicationSecret(APP_1)).resolves.toEqual({
      secret: control.app(APP_1).secret,
    });
  });
});

describe("agentOptions", () => {
  it("leaves Node's trust store alone without CA certificates (so NODE_EXTRA_CA_CERTS applies as usual)", () => {
    expect(agentOptions({}, { NODE_EXTRA_CA_CERTS: "/ca.pem" }, () => ca.cert)).toEqual({
      keepAlive: true,
      rejectUnauthorized: true,
    });
  });

  it("adds Node's roots, the NODE_EXTRA_CA_CERTS file's certificates and the given ones", () => {
    const options = agentOptions(
      { caCertificates: ca.cert },
      { NODE_EXTRA_CA_CERTS: "/extra.pem" },
      (path) => (path === "/extra.pem" ? otherCa.cert : ""),
    );
    const trusted = options.ca as string[];
    expect(trusted.slice(-2)).toEqual([otherCa.cert.trim(), ca.cert.trim()]);
    expect(trusted.length).toBeGreaterThan(100); // Node's bundled roots come first
  });

  it("turns verification off only with insecureSkipVerify", () => {
    expect(agentOptions({ insecureSkipVerify: true }, {})).toMatchObject({ rejectUnauthorized: false });
    expect(agentOptions({ insecureSkipVerify: false }, {}).rejectUnauthorized).toBe(true);
    expect(agentOptions({}, {}).rejectUnauthorized).toBe(true);
  });

  it("ignores an unreadable NODE_EXTRA_CA_CERTS file (Node warns about it itself)", () => {
    const unreadable = () => {
      throw new Error("ENOENT");
    };
    expect(extraCaCertificates({ NODE_EXTRA_CA_CERTS: "/missing.pem" }, unreadable)).toEqual([]);
  });
});

describe("certificateReason and pemCertificates", () => {
  it.each([
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "the certificate is self-signed"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "the certificate is issued by an unknown CA"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "the certificate is for another host name"],
    ["CERT_HAS_EXPIRED", "the certificate has expired"],
  ])("words %s as %j", (code, words) => {
    expect(certificateReason(code)).toBe(words);
  });

  it("is no certificate failure for other network codes", () => {
    expect(certificateReason("ECONNRESET")).toBeUndefined();
    expect(certificateReason(undefined)).toBeUndefined();
  });

  it("splits a bundle into its certificates, ignoring text around them", () => {
    expect(pemCertificates(`# ours\n${ca.cert}\n# theirs\n${otherCa.cert}`)).toEqual([
      ca.cert.trim(),
      otherCa.cert.trim(),
    ]);
    expect(pemCertificates("no pem here")).toEqual([]);
  });
});
