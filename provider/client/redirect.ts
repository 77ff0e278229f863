/**
 * What to do with an HTTP redirect, which GenAuth's API description says it answers with "in some
 * cases". A pure decision: the transport follows what it says and reports the rest.
 *
 * - Only the origin the client was configured with is ever followed: the token (and, for the token
 *   call, the key secret in the body) must never reach another origin.
 * - 307 and 308 keep the method and body: the server says it did not process the request here.
 * - 301, 302 and 303 turn a request into a GET. Followed for a GET. For a POST they are not: a
 *   303 says the server did process it, and 301/302 are used alike, so the request may have had its
 *   effect (a rotation) and a GET of another URL would not be the same call.
 */

/** At most this many redirects are followed for one request. */
export const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The outcome for one redirect answer. */
export type RedirectStep =
  | { follow: true; url: URL; method: "GET" | "POST"; keepBody: boolean }
  | {
      follow: false;
      /** What is wrong, in words, naming the origins involved (never a query string). */
      problem: string;
      /** True when the request may have been processed (a POST answered 301, 302 or 303). */
      mayHaveRun: boolean;
    };

/**
 * The step for an answer with `status` to a `method` request sent to `from`, after `hops` redirects
 * followed already; undefined when `status` is no redirect. `origin` is the configured host's.
 */
export function redirectStep(
  status: number,
  method: "GET" | "POST",
  location: unknown,
  from: URL,
  origin: string,
  hops: number,
): RedirectStep | undefined {
  if (!REDIRECT_STATUSES.has(status)) return undefined;
  const keepsMethod = status === 307 || status === 308;
  const mayHaveRun = method === "POST" && !keepsMethod;
  const refuse = (problem: string): RedirectStep => ({ follow: false, problem, mayHaveRun });
  const target = typeof location === "string" ? parse(location, from) : undefined;
  if (!target) return refuse(`HTTP ${status} redirect without a usable Location header`);
  const where = `${target.origin}${target.pathname}`;
  if (target.origin !== origin) {
    return refuse(
      `HTTP ${status} redirect from ${origin} to another origin, ${target.origin}; not followed, so no ` +
        `credential is sent there. If ${target.origin} is your GenAuth, set genauth:host to it`,
    );
  }
  if (mayHaveRun) {
    return refuse(
      `HTTP ${status} redirect of a POST to ${where}; not followed: GenAuth may have processed the ` +
        `request, and the redirect would repeat it as a GET`,
    );
  }
  if (hops >= MAX_REDIRECTS) return refuse(`more than ${MAX_REDIRECTS} redirects (the last to ${where})`);
  return { follow: true, url: target, method: keepsMethod ? method : "GET", keepBody: keepsMethod };
}

function parse(location: string, base: URL): URL | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}
