/**
 * Real X.509 certificates made in the test, for TLS tests that must not trust anything by accident:
 * a CA of the test's own, server certificates it issues for chosen names, expired or self-signed
 * ones. Keys come from node:crypto (fast); node-forge signs, since node:crypto cannot.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

/** A certificate and its private key, both PEM. */
export interface KeyPairPem {
  cert: string;
  key: string;
}

/** How a server certificate is made. */
export interface ServerCertOptions {
  /** DNS names and IP addresses it is for. @default ["localhost", "127.0.0.1"] */
  names?: string[];
  /** Valid until yesterday instead of for a year. */
  expired?: boolean;
}

function newKeys(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function baseCert(
  publicKey: forge.pki.PublicKey,
  commonName: string,
  expired: boolean,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
  const day = 24 * 60 * 60 * 1000;
  cert.validity.notBefore = new Date(Date.now() - (expired ? 30 : 1) * day);
  cert.validity.notAfter = new Date(Date.now() + (expired ? -1 : 365) * day);
  cert.setSubject([{ name: "commonName", value: commonName }]);
  return cert;
}

function altNames(names: string[]): { name: "subjectAltName"; altNames: object[] } {
  return {
    name: "subjectAltName",
    altNames: names.map((n) => (/^[\d.]+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })),
  };
}

/** A certificate authority of the test's own. */
export class TestCa {
  /** The CA certificate, PEM: what a client is told to trust. */
  readonly cert: string;
  private readonly forgeCert: forge.pki.Certificate;
  private readonly privateKey: forge.pki.rsa.PrivateKey;

  constructor(name = "pulumi-genauth test CA") {
    const keys = newKeys();
    const cert = baseCert(keys.publicKey, name, false);
    cert.setIssuer(cert.subject.attributes);
    cert.setExtensions([
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    this.forgeCert = cert;
    this.privateKey = keys.privateKey;
    this.cert = forge.pki.certificateToPem(cert);
  }

  /** A server certificate issued by this CA. */
  issue(options: ServerCertOptions = {}): KeyPairPem {
    const names = options.names ?? ["localhost", "127.0.0.1"];
    const keys = newKeys();
    const cert = baseCert(keys.publicKey, names[0], options.expired ?? false);
    cert.setIssuer(this.forgeCert.subject.attributes);
    cert.setExtensions([
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      altNames(names),
    ]);
    cert.sign(this.privateKey, forge.md.sha256.create());
    return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
  }
}

/** A self-signed server certificate (no CA behind it). */
export function selfSignedCert(names: string[] = ["localhost", "127.0.0.1"]): KeyPairPem {
  const keys = newKeys();
  const cert = baseCert(keys.publicKey, names[0], false);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([{ name: "extKeyUsage", serverAuth: true }, altNames(names)]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
}
