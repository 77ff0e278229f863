/**
 * The GenAuth host: which values are accepted, and the one normalised form of each that both the
 * provider calls and the program-side duplicate guard compares.
 */
import { describe } from "./describe";

/** The GenAuth public cloud: the host when nothing else sets one. */
export const DEFAULT_HOST = "https://api.genauth.ai";

/** Host values longer than this are described by their length in messages instead of quoted. */
const MAX_SHOWN_HOST = 200;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** True when `hostname` (as `URL.hostname` spells it) is this machine: localhost, 127.x.y.z or [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:\/\//i;

/**
 * Names of cloud instance-metadata services, which answer anyone on the instance with its
 * credentials: a key pair sent there would be logged or worse, and an answer from there is no
 * GenAuth's. Their addresses are covered by {@link metadataReason}.
 */
export const METADATA_HOSTNAMES: readonly string[] = [
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
];

/**
 * The base URL the provider calls for a host setting: whitespace trimmed, scheme and host lowercased
 * (as URLs are), the default port (443, 80) and trailing slashes dropped. A value that is not an
 * http(s) URL with a scheme (which `check` refuses) comes back trimmed, without trailing slashes.
 */
export function resolveHost(raw: string): string {
  return memo(resolvedHosts, raw, resolveHostOnce);
}

function resolveHostOnce(raw: string): string {
  const text = raw.trim();
  const url = parseUrl(text);
  if (!url) return text.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * What "the same host" means to the duplicate guard: {@link resolveHost}, with every loopback spelling
 * (`localhost`, any 127.0.0.0/8 address, `[::1]`) as one host, since they reach one server.
 */
export function sameHostKey(raw: string): string {
  const resolved = resolveHost(raw);
  const url = parseUrl(resolved);
  if (!url || !LOOPBACK.test(url.hostname)) return resolved;
  const port = url.port === "" ? "" : `:${url.port}`;
  return `${url.protocol}//loopback${port}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * What is wrong with a host value, or undefined. Each reason ends with the base URL to use instead,
 * built from the value itself, so a private deployment is not told to use the public cloud. A value
 * with user info, a query or a fragment is not echoed: those parts may hold a password or token.
 * Plain `http://` is refused for any host but loopback unless `allowInsecureHttp` (a private
 * deployment on a network the user trusts).
 */
export function hostProblem(raw: string, allowInsecureHttp = false): string | undefined {
  // The flag is part of the key: the same URL is fine with it and refused without it.
  return memo(hostProblems, `${allowInsecureHttp ? "1" : "0"}${raw}`, () =>
    hostProblemOnce(raw, allowInsecureHttp),
  );
}

function hostProblemOnce(raw: string, allowInsecureHttp: boolean): string | undefined {
  const hasScheme = HAS_SCHEME.test(raw);
  let url: URL;
  try {
    // Without "//", URL would read "localhost:8787" as scheme "localhost:"; parse it as a host.
    url = new URL(hasScheme ? raw : `https://${raw}`);
  } catch {
    return `${shown(raw)} is not a URL; use GenAuth's base URL, e.g. ${DEFAULT_HOST}`;
  }
  const metadata = metadataReason(url.hostname);
  if (metadata) {
    // With user info, a query or a fragment only the host name is shown: they may carry a password.
    const safe = !(url.username || url.password || url.search || url.hash);
    return (
      `${safe ? shown(raw) : `names ${url.hostname}, which`} is ${metadata}, not GenAuth; the key pair must never be sent there: ` +
      `use GenAuth's base URL, e.g. ${DEFAULT_HOST} or your private deployment's`
    );
  }
  const loopback = LOOPBACK.test(url.hostname);
  const scheme = loopback && (url.protocol === "http:" || !hasScheme) ? "http" : "https";
  const path = url.pathname.replace(/\/+$/, "");
  const fix = `${scheme}://${url.host}${path}`;
  if (url.username || url.password) {
    return `carries a user name or password; GenAuth takes credentials only as an access key pair, never in the URL: use ${fix}`;
  }
  const extras = [url.search && "a query string", url.hash && "a fragment"].filter(Boolean);
  if (extras.length > 0) return `has ${extras.join(" and ")}; use the base URL alone: ${fix}`;
  if (!hasScheme) return `${shown(raw)} has no scheme; use ${fix}`;
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return `${shown(raw)} must be an http(s) URL; use ${fix}`;
  if (url.protocol === "http:" && !loopback && !allowInsecureHttp) {
    return (
      `${shown(raw)} uses plain http to a non-loopback host, which would send credentials unencrypted; use ${fix} ` +
      `(or, for a private deployment on a network you trust, set genauth:allowInsecureHttp to true)`
    );
  }
  return undefined;
}

/**
 * Why a host name (as `URL.hostname` gives it: lowercased, IPv4 in dotted decimal, IPv6 in brackets)
 * is a cloud metadata endpoint, or undefined. Covers the link-local ranges (169.254.0.0/16, where
 * AWS, GCP, Azure, Oracle and others serve it; fe80::/10), AWS's IPv6 fd00:ec2::254, Alibaba's
 * 100.100.100.200 (also inside IPv6: {@link embeddedIpv4}) and {@link METADATA_HOSTNAMES}, with any
 * number of trailing dots.
 */
export function metadataReason(hostname: string): string | undefined {
  const name = hostname.toLowerCase().replace(/\.+$/, "");
  if (METADATA_HOSTNAMES.includes(name)) return "a cloud instance-metadata service";
  const ipv4 = embeddedIpv4(name) ?? name;
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(ipv4)) {
    return "a link-local address (169.254.0.0/16, where clouds serve instance metadata)";
  }
  if (ipv4 === "100.100.100.200") return "a cloud instance-metadata address";
  if (name === "[fd00:ec2::254]") return "a cloud instance-metadata address";
  if (/^\[fe[89ab][0-9a-f]:/.test(name)) return "a link-local address (fe80::/10)";
  return undefined;
}

/**
 * The IPv4 address an IPv6 host (`[...]`) carries in its last 32 bits, when its prefix says it is
 * one: IPv4-compatible (`::a.b.c.d`), IPv4-mapped (`::ffff:a.b.c.d`), IPv4-translated
 * (`::ffff:0:a.b.c.d`) or NAT64 (`64:ff9b::/96`, `64:ff9b:1::/48`). Each reaches that IPv4 host.
 */
function embeddedIpv4(name: string): string | undefined {
  const groups = ipv6Groups(name);
  if (!groups) return undefined;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const embeds =
    zero(0, 6) ||
    (zero(0, 5) && groups[5] === 0xffff) ||
    (zero(0, 4) && groups[4] === 0xffff && groups[5] === 0) ||
    (groups[0] === 0x64 && groups[1] === 0xff9b && (zero(2, 6) || groups[2] === 1));
  if (!embeds) return undefined;
  return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join(".");
}

/** The eight 16-bit groups of a bracketed IPv6 host as `URL.hostname` writes it, or undefined. */
function ipv6Groups(name: string): number[] | undefined {
  const body = /^\[([0-9a-f:]+)\]$/.exec(name)?.[1];
  if (!body) return undefined;
  const [head, tail, extra] = body.split("::");
  if (extra !== undefined) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  return [...left, ...Array<number>(missing).fill(0), ...right];
}

/**
 * Answers of {@link resolveHost} and {@link hostProblem} per raw value. Both run once per resource
 * (the constructor's duplicate guard, every `check`) on what is nearly always one host, and URL
 * parsing was most of the provider's own time in `check`. Bounded: cleared when full.
 */
const resolvedHosts = new Map<string, string>();
const hostProblems = new Map<string, string | undefined>();
const MEMO_LIMIT = 64;

function memo<T>(cache: Map<string, T>, raw: string, compute: (raw: string) => T): T {
  if (cache.has(raw)) return cache.get(raw) as T;
  const value = compute(raw);
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(raw, value);
  return value;
}

/** An http(s) URL with an explicit scheme, or undefined. */
function parseUrl(text: string): URL | undefined {
  if (!HAS_SCHEME.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A host value as messages show it: quoted with controls escaped, or by its length when long. */
function shown(raw: string): string {
  return describe(raw, { maxLength: MAX_SHOWN_HOST, noun: "value" });
}
