/**
 * What the `tlsCaCertificates` setting may be: PEM text of CA certificates, no private key. Checked
 * with the other settings, before any call, by the program and the provider alike; the client
 * reads the same blocks when it builds its trust store.
 */
import { X509Certificate } from "node:crypto";

/** A PEM block of any private key: PKCS#8 (also encrypted), PKCS#1 RSA, SEC1 EC, DSA, OpenSSH. */
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * What is wrong with `tlsCaCertificates`, or undefined: it must be PEM text holding one or more
 * certificates that parse, and no private key. The value is not echoed (it is long, and may be
 * pasted in the wrong place). An empty value is refused rather than read as unset: it is what
 * `"$(cat missing.pem)"` sets, and a certificate error would then ask for the setting the user set.
 */
export function caCertificatesProblem(raw: string): string | undefined {
  if (raw.trim() === "") {
    return (
      "is set but empty (did the command that read the PEM file print nothing?); set it to the PEM text of " +
      'your CA certificates, e.g. pulumi config set genauth:tlsCaCertificates -- "$(cat ca.pem)", or remove ' +
      "the setting to trust Node's CAs only"
    );
  }
  if (PRIVATE_KEY_PEM.test(raw)) {
    return (
      "holds a PRIVATE KEY: this setting takes only the CA's certificates (-----BEGIN CERTIFICATE----- blocks), " +
      "never a key (the value is not shown); remove the key block and keep the certificates, and treat the key " +
      "as exposed wherever it was stored in plaintext"
    );
  }
  const blocks = pemCertificates(raw);
  if (blocks.length === 0) {
    return (
      "must be the PEM text of one or more CA certificates (-----BEGIN CERTIFICATE----- ... " +
      '-----END CERTIFICATE-----), not a file name; e.g. pulumi config set genauth:tlsCaCertificates -- "$(cat ca.pem)"'
    );
  }
  const unparsed = blocks.findIndex((block) => !parses(block));
  if (unparsed < 0) return undefined;
  return `holds a certificate that does not parse (number ${unparsed + 1} of ${blocks.length}); paste the CA's PEM text unchanged`;
}

/** The `-----BEGIN CERTIFICATE-----` blocks of a PEM text, in order. */
export function pemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
}

function parses(block: string): boolean {
  try {
    new X509Certificate(block);
    return true;
  } catch {
    return false;
  }
}
