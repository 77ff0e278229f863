/**
 * Shared test helpers for the emulator tests: an injectable clock, predictable secrets, signed-request
 * headers and a token fetcher. No helper sleeps: time moves only when a test advances the clock.
 */
import { POOL_A_ID, POOL_A_SECRET } from "../../emulator/seed";
import { headerPrefix, sign, SignatureDialect, stringToSign } from "../../emulator/signature";

/** A clock that stands still until `advance` is called. */
export interface FakeClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** The instant every fake clock starts at (2024-01-01T00:00:00Z). */
export const START = Date.UTC(2024, 0, 1);

/** Builds a fake clock. */
export function fakeClock(start = START): FakeClock {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** A secret generator yielding "secret-1", "secret-2", ... so tests can name the secret they expect. */
export function countingSecrets(): () => string {
  let n = 0;
  return () => `secret-${++n}`;
}

/** The scheme word of each dialect's `authorization` header, as its SDK writes it. */
const SCHEME_WORDS: Record<SignatureDialect, string> = { authing: "authing", genauth: "GenAuth" };

/**
 * The `authorization` header of an AK/SK-signed request, as each dialect's SDK writes it. The client's
 * side of the signature: the emulator only verifies one (auth.ts), so this lives with the tests.
 */
export function authorizationHeader(
  accessKeyId: string,
  accessKeySecret: string,
  text: string,
  dialect: SignatureDialect = "authing",
): string {
  return `${SCHEME_WORDS[dialect]} ${accessKeyId}:${sign(accessKeySecret, text)}`;
}

/** The SDK version header each dialect's SDK sends. */
const SDK_VERSIONS: Record<SignatureDialect, string> = {
  authing: "authing-node-sdk:4.0.1",
  genauth: "gen-auth-node-sdk:1.0.0",
};

/**
 * Headers of an AK/SK-signed request, as authing-node-sdk (`authing`, the default) or the
 * GenAuth-branded SDKs (`genauth`) build them; `dateAs: "ms"` sends `date` as Unix milliseconds.
 */
export function signedHeaders(options: {
  accessKeyId: string;
  accessKeySecret: string;
  method: "GET" | "POST";
  path: string;
  params: Record<string, unknown>;
  date: Date;
  nonce: string;
  extra?: Record<string, string>;
  dialect?: SignatureDialect;
  dateAs?: "rfc1123" | "ms";
}): Record<string, string> {
  const dialect = options.dialect ?? "authing";
  const x = headerPrefix(dialect);
  const headers: Record<string, string> = {
    date: options.dateAs === "ms" ? String(options.date.getTime()) : options.date.toUTCString(),
    [`${x}signature-nonce`]: options.nonce,
    [`${x}signature-method`]: "HMAC-SHA1",
    [`${x}signature-version`]: "1.0",
    [`${x}sdk-version`]: SDK_VERSIONS[dialect],
    [`${x}lang`]: "zh-CN",
    ...options.extra,
  };
  const text = stringToSign(options.method, options.path, headers, options.params, dialect);
  return {
    ...headers,
    authorization: authorizationHeader(options.accessKeyId, options.accessKeySecret, text, dialect),
  };
}

/** Polls (yielding to the event loop, never sleeping) until `check` is true. */
export async function waitFor(check: () => boolean, what: string, rounds = 10_000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A management token for pool A from the emulator at `url`, fetched over HTTP as a client would. */
export async function managementToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v3/get-management-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET }),
  });
  return ((await response.json()) as { data: { access_token: string } }).data.access_token;
}
