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
import { ApplicationSecretProvider } from "../../provider/provider";
import { JsonValue } from "../../provider/types";
import { APP_1, useEmulator } from "../support/emulator";

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
  return failures.map((f) => `${f.property}: ${f.reason}`).join("\n");
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
  `appId: is ${n} characters long, more than the 256 accepted; a GenAuth application ID is usually ` +
  `24 hex characters — check that you passed the app ID, not a token, a URL or a whole config value`;

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
    ["257 characters", { appId: "a".repeat(257) }, TOO_LONG(257)],
    ["a pasted 4096-character token", { appId: "eyJ" + "x".repeat(4093) }, TOO_LONG(4096)],
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
  ])("appId %s", async (_label, news, expected) => {
    expect(await checkMessage(news, KEYS_IN_CONFIG)).toBe(expected);
    expect(send).not.toHaveBeenCalled();
  });

  test("an appId of exactly 256 characters passes (the limit is inclusive)", async () => {
    expect(await checkMessage({ appId: "a".repeat(256) }, KEYS_IN_CONFIG)).toBe("");
  });
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

  test("a JSON trigger is registered (so an empty register above means the constructor stopped)", async () => {
    const web = new ApplicationSecret("web", { appId: APP_1, rotationTrigger: { release: 3 } });
    await new Promise((resolve) => web.id.apply(resolve));
    expect(registered).toEqual(["web"]);
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
      '"http://genauth.example.com:8080" uses plain http to a non-loopback host, which would send credentials unencrypted; use https://genauth.example.com:8080',
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

describe("a connection that is not { host?, accessKeyId?, accessKeySecret?, userPoolId? } is refused by check", () => {
  const ALLOWED = "(the allowed fields are host, accessKeyId, accessKeySecret, userPoolId)";
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
      "connection: must be an object with the fields host, accessKeyId, accessKeySecret, userPoolId, got a string",
    ],
  ])("connection with %s", async (_label, connection, expected) => {
    expect(await checkMessage({ appId: APP_1, connection }, KEYS_IN_CONFIG)).toBe(expected);
    expect(send).not.toHaveBeenCalled();
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
