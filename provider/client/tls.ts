/**
 * TLS for private deployments: extra CA certificates, the opt-in switch that every official SDK has
 * for a certificate that is not trusted, and what a refused certificate means in words.
 */
import { readFileSync } from "node:fs";
import type { AgentOptions } from "node:https";
import { rootCertificates } from "node:tls";
import { pemCertificates } from "../inputs/caCertificates";

/** How the client checks GenAuth's certificate. */
export interface TlsSettings {
  /** PEM text of CA certificates trusted in addition to Node's (and `NODE_EXTRA_CA_CERTS`). */
  caCertificates?: string;
  /** Accept any certificate (self-signed, unknown CA, wrong name, expired). @default false */
  insecureSkipVerify?: boolean;
}

/** The setting names a certificate failure points to, as the user can set them. */
export const TLS_FIX_KEYS =
  "genauth:tlsCaCertificates (PEM of your CA; or the file named by NODE_EXTRA_CA_CERTS), " +
  "genauth:tlsInsecureSkipVerify (accept any certificate: last resort), " +
  "or genauth:allowInsecureHttp with an http:// host (no TLS at all; trusted networks only); " +
  "each also as a GENAUTH_* environment variable or a connection field of the same name";

/** Node's TLS error codes, in words: why a certificate was refused. */
const CERTIFICATE_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the certificate chain ends in a self-signed CA that is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the certificate is issued by an unknown CA",
  UNABLE_TO_GET_ISSUER_CERT: "the certificate is issued by an unknown CA",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the certificate is issued by an unknown CA",
  CERT_UNTRUSTED: "the certificate is issued by an untrusted CA",
  ERR_TLS_CERT_ALTNAME_INVALID: "the certificate is for another host name",
  CERT_HAS_EXPIRED: "the certificate has expired",
  CERT_NOT_YET_VALID: "the certificate is not valid yet",
  CERT_REVOKED: "the certificate has been revoked",
  CERT_SIGNATURE_FAILURE: "the certificate's signature does not verify",
  CERT_REJECTED: "the certificate was rejected",
  INVALID_CA: "a CA certificate in the chain is invalid",
  INVALID_PURPOSE: "the certificate is not meant for a TLS server",
  ERR_SSL_WRONG_VERSION_NUMBER: "the server did not answer with TLS (is it plain http?)",
};

/**
 * Why GenAuth's certificate was refused, in words, for a Node network error code; undefined when the
 * code is no certificate failure. Such a failure is final: no retry changes a certificate.
 */
export function certificateReason(code: string | undefined): string | undefined {
  return code === undefined ? undefined : CERTIFICATE_REASONS[code];
}

/**
 * The `https.Agent` options for these settings. Certificates are checked unless `insecureSkipVerify`
 * says otherwise, whatever `NODE_TLS_REJECT_UNAUTHORIZED` says. Without CA certificates Node's
 * trust store stays in force (`NODE_EXTRA_CA_CERTS` included). With them, Node's bundled roots, the certificates of
 * `NODE_EXTRA_CA_CERTS` and the given ones are trusted together: an explicit `ca` replaces Node's
 * store, so the first two are added back.
 */
export function agentOptions(
  tls: TlsSettings,
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, "utf8"),
): AgentOptions {
  // Always explicit: Node's default reads NODE_TLS_REJECT_UNAUTHORIZED, and an environment that sets
  // it to 0 must not turn checks off silently. Only genauth:tlsInsecureSkipVerify does (and warns).
  const options: AgentOptions = { keepAlive: true, rejectUnauthorized: !tls.insecureSkipVerify };
  if (tls.caCertificates !== undefined) {
    options.ca = [
      ...rootCertificates,
      ...extraCaCertificates(env, readFile),
      ...pemCertificates(tls.caCertificates),
    ];
  }
  return options;
}

/** The certificates of the file `NODE_EXTRA_CA_CERTS` names; none when unset or unreadable (Node warns itself). */
export function extraCaCertificates(env: NodeJS.ProcessEnv, readFile: (path: string) => string): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return pemCertificates(readFile(file));
  } catch {
    return [];
  }
}
