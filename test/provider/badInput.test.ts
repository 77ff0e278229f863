/**
 * Bad input, one row each: what a user wrote, and the whole message they get back. Every message
 * names the field (as the user set it: `connection.host`, `genauth:host`, `GENAUTH_HOST`), what is
 * wrong with the value and what to write instead, and arrives before any GenAuth call.
 *
 * Inputs and settings go through the provider's `check`, as the engine calls it at preview;
 * triggers through the resource constructor, which refuses them synchronously; a key pair only
 * GenAuth can judge through `create` against the emulator. Every HTTP exchange with GenAuth passes
 * through the transport's `send`, which is watched: a row that reached it would fail.
 */
import * as pulumi from "@pulumi/pulumi";
import { POOL_A_ID, POOL_A_SECRET } from "../../emulator";
import { ApplicationSecret } from "../../provider";
import * as transport from "../../provider/client/transport";
import { ApplicationSecretProvider } from "../../provider/core/provider";
import { JsonValue } from "../../provider/inputs/types";
import { INTERVAL_FORMS } from "../../provider/core/lifecycle/schedule";
import { APP_1, APP_2, useEmulator } from "../support/emulator";
import { selfSignedCert } from "../support/certificates";

const registered: string[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(args.name);
      return { id: String(args.inputs.appId), state: args.inputs };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

const emulator = useEmulator();

/** A trigger `depth` arrays deep (built without recursion). */
function nested(depth: number): JsonValue {
  let value: JsonValue = "2026-11";
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { v: value };
  return value;
}
const SHORTER = 'use a short value such as a date string ("2026-11") or a release number';
const TOO_BIG = (bytes: number) =>
  `rotationTrigger is ${bytes} bytes long as canonical JSON, more than the 16384 (16 KiB) accepted ` +
  `(it is stored twice in state and shown in every diff); ${SHORTER}`;
const LINK_LOCAL = "a link-local address (169.254.0.0/16, where clouds serve instance metadata)";
const NEVER_THERE =
  "the key pair must never be sent there: use GenAuth's base URL, e.g. https://api.genauth.ai or your private deployment's";
const send = jest.spyOn(transport, "send");

beforeEach(() => {
  registered.length = 0;
  send.mockClear();
});

/** Where a row's settings come from besides the inputs: stack config and environment variables. */
interface Settings {
  config?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

/** A key pair in stack config, so rows about other fields fail on that field alone. */
const KEYS_IN_CONFIG: Settings = {
  config: { "genauth:accessKeyId": POOL_A_ID, "genauth:accessKeySecret": POOL_A_SECRET },
};

/** A provider configured as the engine would with `settings`; default timeouts and retries. */
async function configuredProvider(settings: Settings): Promise<ApplicationSecretProvider> {
  const provider = new ApplicationSecretProvider({ env: settings.env ?? {}, now: () => new Date() });
  const config = settings.config ?? {};
  await provider.configure({ config: { get: (key: string) => config[key] } } as never);
  return provider;
}

/** Runs the provider's `check` as the engine does and returns its failures as the engine shows them. */
async function checkMessage(news: Record<string, unknown>, settings: Settings): Promise<string> {
  const provider = await configuredProvider(settings);
  const { failures = [] } = await provider.check({}, news);
  // A failure with no property is the resource's: its reason names the property (see echoSafe).
  return failures.map((f) => (f.property === "" ? f.reason : `${f.property}: ${f.reason}`)).join("\n");
}

/** The message `fn` throws synchronously, or a note that it did not throw. */
function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return "(nothing thrown)";
}

const APP_ID_IS = "appId: must be a non-empty string (the application's ID from the GenAuth console),";
const TOO_LONG = (n: number) =>
  `appId: is ${n} characters long, more than the 64 accepted; a GenAuth application ID is ` +
  `24 hex characters — check that you passed the app ID, not a token, a URL or a whole config value`;
const NO_SUCH_CHARACTER = (shown: string, character: string) =>
  `appId: ${shown} contains ${character}, which no GenAuth application ID holds; an ID has only letters, ` +
  `digits, "-" and "_" (GenAuth's are 24 hex characters): copy it from the GenAuth console`;

/** Values of `appId` that hold characters no GenAuth id has, with the message both sides give. */
const APP_IDS_WITH_BAD_CHARACTERS: Array<[string, string, string]> = [
  [
    "a line break inside",
    `${APP_1.slice(0, 12)}\n${APP_1.slice(12)}`,
    NO_SUCH_CHARACTER(`"${APP_1.slice(0, 12)}\\n${APP_1.slice(12)}"`, '"\\n"'),
  ],
  [
    "an ANSI clear-screen escape",
    `\u001b[2J${APP_1}`,
    NO_SUCH_CHARACTER(`"\\u001b[2J${APP_1}"`, '"\\u001b"'),
  ],
  [
    "a second query parameter (&appId=)",
    `${APP_1}&appId=${APP_2}`,
    NO_SUCH_CHARACTER("a string of 55 characters", '"&"'),
  ],
  ["a path", "../../admin", NO_SUCH_CHARACTER('"../../admin"', '"."')],
  ["a right-to-left override", `\u202e${APP_1}`, NO_SUCH_CHARACTER(`"\\u202e${APP_1}"`, '"\\u202e"')],
];

describe("a bad appId is refused by check, naming the field, the problem and the fix", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["an empty string", { appId: "" }, `${APP_ID_IS} got an empty string`],
    ["spaces only", { appId: "   " }, `${APP_ID_IS} got only whitespace`],
    ["a newline and a tab only", { appId: "\n\t" }, `${APP_ID_IS} got only whitespace`],
    ["a number", { appId: 42 }, `${APP_ID_IS} got a number`],
    ["an object", { appId: { id: APP_1 } }, `${APP_ID_IS} got an object`],
    ["an array", { appId: [APP_1] }, `${APP_ID_IS} got an array`],
    ["null", { appId: null }, `${APP_ID_IS} got null`],
    ["left out", {}, `${APP_ID_IS} but it is not set`],
    ["undefined", { appId: undefined }, `${APP_ID_IS} but it is not set`],
    ["65 characters", { appId: "a".repeat(65) }, TOO_LONG(65)],
    ["a pasted 4096-character token", { appId: "eyJ" + "x".repeat(4093) }, TOO_LONG(4096)],
    ["of 10 KB with line breaks", { appId: "ab\n".repeat(3414) }, TOO_LONG(10242)],
    [
      "a leading space",
      { appId: ` ${APP_1}` },
      `appId: " ${APP_1}" has leading or trailing whitespace; remove it`,
    ],
    [
      "a trailing newline, shown escaped",
      { appId: `${APP_1}\n` },
      `appId: "${APP_1}\\n" has leading or trailing whitespace; remove it`,
    ],
    ...APP_IDS_WITH_BAD_CHARACTERS.map(
      ([label, appId, message]) => [label, { appId }, message] as [string, Record<string, unknown>, string],
    ),
  ])("appId %s", async (_label, news, expected) => {
    expect(await checkMessage(news, KEYS_IN_CONFIG)).toBe(expected);
    expect(send).not.toHaveBeenCalled();
  });

  test("an appId of exactly 64 letters, digits, '-' and '_' passes (the limit is inclusive)", async () => {
    const longest = ("Az09-_" + "f".repeat(64)).slice(0, 64);
    expect(await checkMessage({ appId: longest }, KEYS_IN_CONFIG)).toBe("");
  });
});

describe("a bad plain appId is refused by the constructor with check's message, before anything is registered", () => {
  test.each<[string, string, string]>([
    ...APP_IDS_WITH_BAD_CHARACTERS,
    ["of 10 KB", "x".repeat(10_240), TOO_LONG(10_240)],
  ])("appId %s", (_label, appId, expected) => {
    expect(thrownMessage(() => new ApplicationSecret("web", { appId }))).toBe(expected);
    expect(registered).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  test("ApplicationSecret.get refuses a 10 KB id the same way, so the engine never echoes it", () => {
    expect(thrownMessage(() => ApplicationSecret.get("web", "x".repeat(10_240)))).toBe(TOO_LONG(10_240));
    expect(registered).toEqual([]);
  });
});

describe("a bad rotateAfter is refused by check, naming the bound and the value", () => {
  const TOO_LONG_SCHEDULE =
    'is longer than 3650 days (10 years), the longest schedule accepted; use at most "3650d", ' +
    "or leave rotateAfter out to rotate only on trigger changes";

  test.each<[string, string, string]>([
    ["99999999999w (past the range of a date)", "99999999999w", `"99999999999w" ${TOO_LONG_SCHEDULE}`],
    ["15000000w", "15000000w", `"15000000w" ${TOO_LONG_SCHEDULE}`],
    ["one day past the bound", "3651d", `"3651d" ${TOO_LONG_SCHEDULE}`],
    ["one minute past the bound, in ISO-8601", "P3650DT1M", `"P3650DT1M" ${TOO_LONG_SCHEDULE}`],
    [
      "400 digits (Infinity as a number)",
      `${"9".repeat(400)}d`,
      `a string of 401 characters ${TOO_LONG_SCHEDULE}`,
    ],
    [
      "an ANSI escape, shown escaped",
      "\u001b[2J90d",
      `"\\u001b[2J90d" is not an interval; use ${INTERVAL_FORMS}`,
    ],
  ])("rotateAfter %s", async (_label, rotateAfter, reason) => {
    expect(await checkMessage({ appId: APP_1, rotateAfter }, KEYS_IN_CONFIG)).toBe(`rotateAfter: ${reason}`);
    expect(send).not.toHaveBeenCalled();
  });

  test.each(["3650d", "P3650D", "521w", "87600h", "5256000m", "1m", "PT1M"])(
    "rotateAfter %s passes (the bounds are inclusive)",
    async (rotateAfter) => {
      expect(await checkMessage({ appId: APP_1, rotateAfter }, KEYS_IN_CONFIG)).toBe("");
    },
  );
});

describe("a trigger the SDK cannot carry is refused by the constructor, before anything is registered", () => {
  const cyclic: Record<string, unknown> = { release: 3 };
  cyclic.self = cyclic;
  const MUST_BE_JSON =
    'rotationTrigger must be a JSON value (string, number, boolean, null, array or plain object), e.g. a date string such as "2026-11"';

  test.each<[string, unknown, string]>([
    ["a function", () => "2026-11", `rotationTrigger is a function; ${MUST_BE_JSON}`],
    [
      "a function inside an object",
      { build: () => 1 },
      `rotationTrigger.build is a function; ${MUST_BE_JSON}`,
    ],
    [
      "a cyclic object",
      cyclic,
      `rotationTrigger.self refers back to itself (a cyclic object); ${MUST_BE_JSON}`,
    ],
    ["a BigInt", BigInt(7), `rotationTrigger is a BigInt; ${MUST_BE_JSON}`],
    ["a BigInt inside an array", [1, BigInt(2)], `rotationTrigger[1] is a BigInt; ${MUST_BE_JSON}`],
  ])("rotationTrigger: %s", (_label, trigger, expected) => {
    const construct = () =>
      new ApplicationSecret("web", { appId: APP_1, rotationTrigger: trigger as JsonValue });
    expect(thrownMessage(construct)).toBe(expected);
    // Nothing registered means no provider method ran, so GenAuth was not called either.
    expect(registered).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  test.each<[string, unknown, string]>([
    [
      "nested 33 deep",
      nested(33),
      `rotationTrigger is nested 33 levels deep, more than the 32 accepted; ${SHORTER}`,
    ],
    [
      "nested 1,500 deep (overflowed the stack before)",
      nested(1_500),
      `rotationTrigger is nested 1500 levels deep, more than the 32 accepted; ${SHORTER}`,
    ],
    [
      "nested 100,000 deep",
      nested(100_000),
      `rotationTrigger is nested 100000 levels deep, more than the 32 accepted; ${SHORTER}`,
    ],
    ["of 16 KiB + 1 byte", "x".repeat(16_383), TOO_BIG(16_385)],
    ["of 5 MB", { build: "x".repeat(5_000_000) }, TOO_BIG(5_000_012)],
  ])("rotationTrigger %s", (_label, trigger, expected) => {
    const construct = () =>
      new ApplicationSecret("web", { appId: APP_1, rotationTrigger: trigger as JsonValue });
    expect(thrownMessage(construct)).toBe(expected);
    expect(registered).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  test("a JSON trigger is registered (so an empty register above means the constructor stopped)", async () => {
    const web = new ApplicationSecret("web", { appId: APP_1, rotationTrigger: { release: 3 } });
    await new Promise((resolve) => web.id.apply(resolve));
    expect(registered).toEqual(["web"]);
  });
});

describe("a trigger past the bounds is refused by check too (values may come from other SDKs)", () => {
  test.each<[string, unknown, string]>([
    [
      "nested 33 deep",
      nested(33),
      `rotationTrigger: is nested 33 levels deep, more than the 32 accepted; ${SHORTER}`,
    ],
    [
      "of 16 KiB + 1 byte",
      "x".repeat(16_383),
      `rotationTrigger: ${TOO_BIG(16_385).slice("rotationTrigger ".length)}`,
    ],
    [
      "holding NaN",
      { build: [1, NaN] },
      'rotationTrigger.build[1]: is NaN, which JSON cannot represent; rotationTrigger must be a JSON value (string, number, boolean, null, array or plain object), e.g. a date string such as "2026-11"',
    ],
  ])("rotationTrigger %s", async (_label, rotationTrigger, expected) => {
    expect(await checkMessage({ appId: APP_1, rotationTrigger }, KEYS_IN_CONFIG)).toBe(expected);
    expect(send).not.toHaveBeenCalled();
  });

  test("a trigger 32 deep and of exactly 16 KiB passes (the bounds are inclusive)", async () => {
    expect(await checkMessage({ appId: APP_1, rotationTrigger: nested(32) }, KEYS_IN_CONFIG)).toBe("");
    expect(await checkMessage({ appId: APP_1, rotationTrigger: "x".repeat(16_382) }, KEYS_IN_CONFIG)).toBe(
      "",
    );
  });
});

describe("a bad host is refused by check, under the name of the setting it came from", () => {
  /** How each source is given a host, with a key pair beside it so the host is the only problem. */
  const sources: Array<[string, (host: string) => [Record<string, unknown>, Settings]]> = [
    [
      "connection.host",
      (host) => [
        { appId: APP_1, connection: { host, accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET } },
        {},
      ],
    ],
    [
      "genauth:host",
      (host) => [{ appId: APP_1 }, { config: { ...KEYS_IN_CONFIG.config, "genauth:host": host } }],
    ],
    [
      "GENAUTH_HOST",
      (host) => [
        { appId: APP_1 },
        {
          env: {
            GENAUTH_HOST: host,
            GENAUTH_ACCESS_KEY_ID: POOL_A_ID,
            GENAUTH_ACCESS_KEY_SECRET: POOL_A_SECRET,
          },
        },
      ],
    ],
  ];
  const problems: Array<[string, string, string]> = [
    [
      "without a scheme",
      "genauth.example.com",
      '"genauth.example.com" has no scheme; use https://genauth.example.com',
    ],
    [
      "a loopback host:port without a scheme",
      "localhost:8787",
      '"localhost:8787" has no scheme; use http://localhost:8787',
    ],
    [
      "with a query string",
      "https://genauth.example.com/?tenant=a",
      "has a query string; use the base URL alone: https://genauth.example.com",
    ],
    [
      "with a fragment",
      "https://genauth.example.com/#top",
      "has a fragment; use the base URL alone: https://genauth.example.com",
    ],
    [
      "with a query string and a fragment, on a path",
      "https://genauth.example.com/base/?a=1#top",
      "has a query string and a fragment; use the base URL alone: https://genauth.example.com/base",
    ],
    [
      "with a password in it (never echoed)",
      "https://admin:hunter2@genauth.example.com",
      "carries a user name or password; GenAuth takes credentials only as an access key pair, never in the URL: use https://genauth.example.com",
    ],
    [
      "ftp://",
      "ftp://genauth.example.com",
      '"ftp://genauth.example.com" must be an http(s) URL; use https://genauth.example.com',
    ],
    [
      "plain http:// to a non-loopback host",
      "http://genauth.example.com:8080",
      '"http://genauth.example.com:8080" uses plain http to a non-loopback host, which would send credentials unencrypted; use https://genauth.example.com:8080 (or, for a private deployment on a network you trust, set genauth:allowInsecureHttp to true)',
    ],
    [
      "the cloud metadata address",
      "https://169.254.169.254",
      `"https://169.254.169.254" is ${LINK_LOCAL}, not GenAuth; ${NEVER_THERE}`,
    ],
    [
      "another link-local address, over http",
      "http://169.254.170.2/latest",
      `"http://169.254.170.2/latest" is ${LINK_LOCAL}, not GenAuth; ${NEVER_THERE}`,
    ],
    [
      "the metadata address in decimal",
      "http://2852039166",
      `"http://2852039166" is ${LINK_LOCAL}, not GenAuth; ${NEVER_THERE}`,
    ],
    [
      "the metadata address as IPv4-mapped IPv6",
      "https://[::ffff:169.254.169.254]",
      `"https://[::ffff:169.254.169.254]" is ${LINK_LOCAL}, not GenAuth; ${NEVER_THERE}`,
    ],
    [
      "AWS's IPv6 metadata address",
      "http://[fd00:ec2::254]",
      `"http://[fd00:ec2::254]" is a cloud instance-metadata address, not GenAuth; ${NEVER_THERE}`,
    ],
    [
      "GCP's metadata name",
      "http://metadata.google.internal",
      `"http://metadata.google.internal" is a cloud instance-metadata service, not GenAuth; ${NEVER_THERE}`,
    ],
    [
      "the metadata address with a password (only the host name is shown)",
      "https://admin:hunter2@169.254.169.254",
      `names 169.254.169.254, which is ${LINK_LOCAL}, not GenAuth; ${NEVER_THERE}`,
    ],
    [
      "not a URL at all",
      "genauth example com",
      `"genauth example com" is not a URL; use GenAuth's base URL, e.g. https://api.genauth.ai`,
    ],
  ];
  const rows = sources.flatMap(([label, place]) =>
    problems.map(
      ([problem, host, reason]) => [label, problem, ...place(host), `${label}: ${reason}`] as const,
    ),
  );

  test.each(rows)("%s %s", async (_label, _problem, news, settings, expected) => {
    expect(await checkMessage(news, settings)).toBe(expected);
    expect(send).not.toHaveBeenCalled();
  });
});

describe("a key pair missing one half is refused by check, naming the half and where the other is", () => {
  const HALF = "set both in the same place (a key pair is never combined from two sources)";

  test.each<[string, Record<string, unknown>, Settings, string]>([
    [
      "connection.accessKeyId missing",
      { appId: APP_1, connection: { accessKeySecret: POOL_A_SECRET } },
      {},
      `connection.accessKeyId: is missing while connection.accessKeySecret is set; ${HALF}`,
    ],
    [
      "connection.accessKeyId missing, although config has a whole pair it would silently use",
      { appId: APP_1, connection: { accessKeySecret: POOL_A_SECRET } },
      KEYS_IN_CONFIG,
      `connection.accessKeyId: is missing while connection.accessKeySecret is set; ${HALF}`,
    ],
    [
      "genauth:accessKeyId missing",
      { appId: APP_1 },
      { config: { "genauth:accessKeySecret": POOL_A_SECRET } },
      `genauth:accessKeyId: is missing while genauth:accessKeySecret is set; ${HALF}`,
    ],
    [
      "GENAUTH_ACCESS_KEY_ID missing",
      { appId: APP_1 },
      { env: { GENAUTH_ACCESS_KEY_SECRET: POOL_A_SECRET } },
      `GENAUTH_ACCESS_KEY_ID: is missing while GENAUTH_ACCESS_KEY_SECRET is set; ${HALF}`,
    ],
    [
      "connection.accessKeySecret missing",
      { appId: APP_1, connection: { accessKeyId: POOL_A_ID } },
      KEYS_IN_CONFIG,
      `connection.accessKeySecret: is missing while connection.accessKeyId is set; ${HALF}`,
    ],
    [
      "genauth:accessKeySecret missing",
      { appId: APP_1 },
      { config: { "genauth:accessKeyId": POOL_A_ID } },
      `genauth:accessKeySecret: is missing while genauth:accessKeyId is set; ${HALF}`,
    ],
    [
      "GENAUTH_ACCESS_KEY_SECRET missing",
      { appId: APP_1 },
      { env: { GENAUTH_ACCESS_KEY_ID: POOL_A_ID } },
      `GENAUTH_ACCESS_KEY_SECRET: is missing while GENAUTH_ACCESS_KEY_ID is set; ${HALF}`,
    ],
    [
      "no key pair anywhere",
      { appId: APP_1 },
      {},
      "accessKeyId: no GenAuth credentials: set genauth:accessKeyId and genauth:accessKeySecret " +
        "(pulumi config set genauth:accessKeyId <id>; pulumi config set --secret genauth:accessKeySecret <secret>), " +
        "or the environment variables GENAUTH_ACCESS_KEY_ID and GENAUTH_ACCESS_KEY_SECRET, or the resource's connection input",
    ],
  ])("%s", async (_label, news, settings, expected) => {
    expect(await checkMessage(news, settings)).toBe(expected);
    expect(send).not.toHaveBeenCalled();
  });
});

describe("a connection that is not one of its documented fields, each of its type, is refused by check", () => {
  const FIELDS =
    "host, accessKeyId, accessKeySecret, userPoolId, tlsCaCertificates, tlsInsecureSkipVerify, allowInsecureHttp";
  const ALLOWED = `(the allowed fields are ${FIELDS})`;
  const pair = { accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET };

  test.each<[string, unknown, string]>([
    [
      "an unknown field",
      { host: "https://genauth.example.com", ...pair, region: "x" },
      `connection: has unknown field "region"; fix or remove it ${ALLOWED}`,
    ],
    [
      "a misspelt secret and an unknown setting",
      { accessKeyId: POOL_A_ID, accessKeySecert: POOL_A_SECRET, timeoutMs: "500" },
      `connection: has unknown fields "accessKeySecert", "timeoutMs"; fix or remove them ${ALLOWED}`,
    ],
    [
      "a field that is not a string",
      { host: 8787, ...pair },
      "connection.host: must be a string, got a number",
    ],
    [
      "a string instead of an object",
      "https://genauth.example.com",
      `connection: must be an object with the fields ${FIELDS}, got a string`,
    ],
    [
      "a boolean field that is a number",
      { ...pair, tlsInsecureSkipVerify: 1 },
      'connection.tlsInsecureSkipVerify: must be true or false (or the text "true" or "false"), got a number',
    ],
    [
      "a boolean field that is other text",
      { ...pair, allowInsecureHttp: "yes" },
      'connection.allowInsecureHttp: must be true or false (or the text "true" or "false"), got a string',
    ],
    [
      "CA certificates that are a file name",
      { ...pair, tlsCaCertificates: "/etc/ssl/ca.pem" },
      'connection.tlsCaCertificates: must be the PEM text of one or more CA certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----), not a file name; e.g. pulumi config set genauth:tlsCaCertificates -- "$(cat ca.pem)"',
    ],
    [
      "CA certificates that do not parse",
      {
        ...pair,
        tlsCaCertificates: "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----",
      },
      "connection.tlsCaCertificates: holds a certificate that does not parse (number 1 of 1); paste the CA's PEM text unchanged",
    ],
  ])("connection with %s", async (_label, connection, expected) => {
    expect(await checkMessage({ appId: APP_1, connection }, KEYS_IN_CONFIG)).toBe(expected);
    expect(send).not.toHaveBeenCalled();
  });
});

describe("CA certificates holding a private key, or empty, are refused by check, wherever they are set", () => {
  const pair = { accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET };
  const { cert, key } = selfSignedCert();
  const KEY =
    "holds a PRIVATE KEY: this setting takes only the CA's certificates (-----BEGIN CERTIFICATE----- blocks), " +
    "never a key (the value is not shown); remove the key block and keep the certificates, and treat the key " +
    "as exposed wherever it was stored in plaintext";
  const EMPTY =
    "is set but empty (did the command that read the PEM file print nothing?); set it to the PEM text of " +
    'your CA certificates, e.g. pulumi config set genauth:tlsCaCertificates -- "$(cat ca.pem)", or remove ' +
    "the setting to trust Node's CAs only";

  test.each<[string, Record<string, unknown>, Settings, string]>([
    [
      "a pasted key alone",
      { connection: { ...pair, tlsCaCertificates: key } },
      {},
      `connection.tlsCaCertificates: ${KEY}`,
    ],
    [
      "a certificate followed by its key (a whole server .pem)",
      {},
      {
        ...KEYS_IN_CONFIG,
        config: { ...KEYS_IN_CONFIG.config, "genauth:tlsCaCertificates": `${cert}\n${key}` },
      },
      `genauth:tlsCaCertificates: ${KEY}`,
    ],
    [
      "an encrypted PKCS#8 key",
      {},
      {
        ...KEYS_IN_CONFIG,
        env: {
          GENAUTH_TLS_CA_CERTIFICATES:
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
        },
      },
      `GENAUTH_TLS_CA_CERTIFICATES: ${KEY}`,
    ],
    [
      "an empty connection field",
      { connection: { ...pair, tlsCaCertificates: "" } },
      {},
      `connection.tlsCaCertificates: ${EMPTY}`,
    ],
    [
      "an empty config value",
      {},
      { ...KEYS_IN_CONFIG, config: { ...KEYS_IN_CONFIG.config, "genauth:tlsCaCertificates": "" } },
      `genauth:tlsCaCertificates: ${EMPTY}`,
    ],
    [
      "an environment variable of blanks",
      {},
      { ...KEYS_IN_CONFIG, env: { GENAUTH_TLS_CA_CERTIFICATES: " \n " } },
      `GENAUTH_TLS_CA_CERTIFICATES: ${EMPTY}`,
    ],
  ])("%s", async (_label, news, settings, expected) => {
    const message = await checkMessage({ appId: APP_1, ...news }, settings);
    expect(message).toBe(expected);
    expect(message).not.toContain("PRIVATE KEY-----");
    expect(send).not.toHaveBeenCalled();
  });
});

describe("a user pool id no GenAuth pool has is refused by check, without showing it", () => {
  const pair = { accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET };
  const WHERE = "copy the user pool's ID from the GenAuth console (24 hex characters), or leave it unset";

  test.each<[string, Record<string, unknown>, Settings, string]>([
    [
      "a URL in connection",
      { connection: { ...pair, userPoolId: "https://console.genauth.ai/pool" } },
      {},
      `connection.userPoolId: holds characters no GenAuth user pool ID holds (only letters, digits, "-" and "_"); ${WHERE}`,
    ],
    [
      "a line break in config",
      {},
      { ...KEYS_IN_CONFIG, config: { ...KEYS_IN_CONFIG.config, "genauth:userPoolId": "6229ffaa\n0000" } },
      `genauth:userPoolId: holds characters no GenAuth user pool ID holds (only letters, digits, "-" and "_"); ${WHERE}`,
    ],
    [
      "a token in the environment",
      {},
      { ...KEYS_IN_CONFIG, env: { GENAUTH_USER_POOL_ID: "e".repeat(300) } },
      `GENAUTH_USER_POOL_ID: is 300 characters long, more than the 64 accepted; ${WHERE}`,
    ],
    [
      "the key pair's secret pasted as the pool id",
      { connection: { ...pair, userPoolId: POOL_A_SECRET } },
      {},
      "connection.userPoolId: is the access key secret, not the user pool's ID (the value is not shown); " +
        `${WHERE}, and treat that secret as exposed wherever it was stored in plaintext`,
    ],
  ])("%s", async (_label, news, settings, expected) => {
    const message = await checkMessage({ appId: APP_1, ...news }, settings);
    expect(message).toBe(expected);
    expect(message).not.toContain(POOL_A_SECRET);
    expect(send).not.toHaveBeenCalled();
  });

  test("GenAuth's own shape passes", async () => {
    expect(await checkMessage({ appId: APP_1, connection: { ...pair, userPoolId: POOL_A_ID } }, {})).toBe("");
  });
});

describe("a wrong access key secret: GenAuth's refusal, named by the settings that hold it, with no retry", () => {
  const WRONG = "not-the-secret-of-this-key";
  const CHECK_PAIR =
    "(a user pool's id and secret, or a collaborator key's) and that the key belongs to this host.";

  test.each<[string, (url: string) => [Record<string, unknown>, Settings], string, string]>([
    [
      "in connection",
      (url) => [
        { appId: APP_1, connection: { host: url, accessKeyId: POOL_A_ID, accessKeySecret: WRONG } },
        {},
      ],
      "connection.accessKeyId",
      "connection.accessKeySecret",
    ],
    [
      "in stack config",
      (url) => [
        { appId: APP_1 },
        {
          config: { "genauth:host": url, "genauth:accessKeyId": POOL_A_ID, "genauth:accessKeySecret": WRONG },
        },
      ],
      "genauth:accessKeyId",
      "genauth:accessKeySecret",
    ],
    [
      "in the environment",
      (url) => [
        { appId: APP_1 },
        { env: { GENAUTH_HOST: url, GENAUTH_ACCESS_KEY_ID: POOL_A_ID, GENAUTH_ACCESS_KEY_SECRET: WRONG } },
      ],
      "GENAUTH_ACCESS_KEY_ID",
      "GENAUTH_ACCESS_KEY_SECRET",
    ],
  ])("%s", async (_label, place, idLabel, secretLabel) => {
    const url = emulator().url;
    const [news, settings] = place(url);
    // The default retry policy (5 attempts): a refused key pair must not be retried even so.
    const provider = await configuredProvider(settings);
    expect((await provider.check({}, news)).failures).toEqual([]); // only GenAuth can tell

    const message = await provider.create(news).then(
      () => "(created)",
      (error: Error) => error.message,
    );

    // One token request, refused; no retry of it and no rotation after it.
    const [token, ...others] = emulator().control.requests();
    expect(token).toMatchObject({ operation: "get-management-token", statusCode: 401, apiCode: 2020 });
    expect(others).toEqual([]);
    expect(message).toBe(
      `${idLabel}/${secretLabel}: GenAuth at ${url} refused this key pair; check that ${secretLabel} ` +
        `is the secret issued with ${idLabel} ${CHECK_PAIR} GenAuth get-management-token failed for app ${APP_1}: ` +
        `HTTP 200, statusCode 401, apiCode 2020: invalid accessKeyId or accessKeySecret (requestId ${token.requestId})`,
    );
    expect(emulator().control.calls()).toEqual({ "get-management-token": 1 });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
