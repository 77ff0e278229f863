/**
 * One resource, two faces, one behaviour: each case runs through the dynamic face (the user's
 * program declaring `ApplicationSecret`s, and the real dynamic-provider host over gRPC) and through
 * the native face (the built `pulumi-resource-genauth` plugin over gRPC), against one emulator,
 * and both must give the same answer. Needs `npm run build`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { ApplicationSecret } from "../../provider";
import { PROVIDER_TEXT } from "../../provider/program/shim";
import { SECRET_SIG, SIG_KEY, unwrapSecrets } from "../../provider/native/secrets";
import { ConnectionInputs } from "../../provider/inputs/types";
import { DynamicHost, startDynamicHost } from "../support/dynamicHost";
import { useEmulator } from "../support/emulator";
import { startPlugin } from "../support/nativePlugin";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeState = require("@pulumi/pulumi/runtime/state") as {
  withLocalStorage<T>(run: () => Promise<T>): Promise<T>;
};

const emulator = useEmulator();
const APP = SEEDED_APPS.web;
const OTHER_APP = SEEDED_APPS.api;
const POOL_B_APP = SEEDED_APPS.billing;

/** A resource a program declares. */
interface Declared {
  name: string;
  appId: string;
  connection?: ConnectionInputs;
}

/** What one run of declarations gave: per resource, its refusal (or undefined); the warnings printed. */
interface Declaration {
  refusals: Record<string, string | undefined>;
  warnings: string[];
}

/** What a read with no state yet (`pulumi import`, `ApplicationSecret.get`) gave, and the calls it made. */
interface ReadOutcome {
  error?: string;
  props?: Record<string, unknown>;
  calls: number;
}

/** A face of the resource, as the engine (and the program) drive it. */
interface Face {
  /** Declares `resources` in one fresh run (a new program run, a new plugin) with `genauth:*` config. */
  declare(resources: Declared[], config: Record<string, string>): Promise<Declaration>;
  /** Reads `id` with no state, with pool A's key pair in config. */
  read(id: string): Promise<ReadOutcome>;
}

const poolAConfig = (): Record<string, string> => ({
  host: emulator().url,
  accessKeyId: POOL_A_ID,
  accessKeySecret: POOL_A_SECRET,
  requestTimeoutMs: "2000",
  retryBaseDelayMs: "1",
  maxProcessingDelayMs: "50",
});

const totalCalls = () => Object.values(emulator().control.calls()).reduce((a, b) => a + b, 0);

/** A gRPC error's message as the CLI shows it: without the "2 UNKNOWN: " status prefix. */
const errorText = (error: unknown) => String((error as Error).message).replace(/^\d+ [A-Z_]+: /, "");

let dynamicHost: DynamicHost;
beforeAll(async () => {
  dynamicHost = await startDynamicHost();
});
afterAll(() => dynamicHost?.stop());

const dynamicFace: Face = {
  declare: (resources, config) =>
    runtimeState.withLocalStorage(async () => {
      pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: args.name, state: args.inputs }), call: () => ({}) },
        "project",
        "stack",
        false,
      );
      // As the CLI gives a program its stack config: the key secret set with --secret.
      pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(config).map(([key, value]) => [`genauth:${key}`, value])),
        ["genauth:accessKeySecret"],
      );
      const warnings: string[] = [];
      const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(async (message) => {
        warnings.push(message);
      });
      try {
        const refusals: Record<string, string | undefined> = {};
        for (const r of resources) {
          try {
            new ApplicationSecret(r.name, { appId: r.appId, connection: r.connection });
            refusals[r.name] = undefined;
          } catch (error) {
            refusals[r.name] = (error as Error).message;
          }
        }
        await new Promise((resolve) => setImmediate(resolve));
        return { refusals, warnings };
      } finally {
        warn.mockRestore();
      }
    }),

  async read(id) {
    const configure = new provproto.ConfigureRequest().setArgs(
      Struct.fromJavaScript(
        Object.fromEntries(Object.entries(poolAConfig()).map(([k, v]) => [`genauth:${k}`, v])),
      ),
    );
    await dynamicHost.call("configure", configure);
    const before = totalCalls();
    const request = new provproto.ReadRequest()
      .setId(id)
      .setUrn("urn:pulumi:stack::project::pulumi-nodejs:dynamic/genauth:ApplicationSecret::imported")
      .setProperties(Struct.fromJavaScript({ __provider: PROVIDER_TEXT }));
    try {
      const response = await dynamicHost.call<provproto.ReadResponse>("read", request);
      return { props: response.getProperties()!.toJavaScript(), calls: totalCalls() - before };
    } catch (error) {
      return { error: errorText(error), calls: totalCalls() - before };
    }
  },
};

const nativeFace: Face = {
  async declare(resources, config) {
    const plugin = await startPlugin();
    try {
      await plugin.call("configure", configureRequest(config));
      const refusals: Record<string, string | undefined> = {};
      for (const r of resources) {
        const news = { appId: r.appId, ...(r.connection ? { connection: r.connection } : {}) };
        const response = await plugin.call<provproto.CheckRequest, provproto.CheckResponse>(
          "check",
          new provproto.CheckRequest()
            .setUrn(`urn:pulumi:stack::project::genauth:index:ApplicationSecret::${r.name}`)
            .setOlds(Struct.fromJavaScript({}))
            .setNews(Struct.fromJavaScript(news as never)),
        );
        const reasons = response.getFailuresList().map((f) => f.getReason());
        refusals[r.name] = reasons.length > 0 ? reasons.join("; ") : undefined;
      }
      const warnings = plugin
        .engineLogs()
        .filter((l) => l.severity === "warning")
        .map((l) => l.message);
      return { refusals, warnings };
    } finally {
      await plugin.stop();
    }
  },

  async read(id) {
    const plugin = await startPlugin();
    try {
      await plugin.call("configure", configureRequest(poolAConfig()));
      const before = totalCalls();
      const request = new provproto.ReadRequest()
        .setId(id)
        .setUrn("urn:pulumi:stack::project::genauth:index:ApplicationSecret::imported")
        .setProperties(Struct.fromJavaScript({}));
      try {
        const response = await plugin.call<provproto.ReadRequest, provproto.ReadResponse>("read", request);
        return {
          props: unwrapSecrets(response.getProperties()!.toJavaScript()) as Record<string, unknown>,
          calls: totalCalls() - before,
        };
      } catch (error) {
        return { error: errorText(error), calls: totalCalls() - before };
      }
    } finally {
      await plugin.stop();
    }
  },
};

/** A value as the engine sends a secret. */
const secretValue = (value: string) => ({ [SIG_KEY]: SECRET_SIG, value });

/** As the engine sends a stack's config: the key secret (set with --secret) wrapped as a secret. */
function configureRequest(config: Record<string, string>): provproto.ConfigureRequest {
  const { accessKeySecret, ...rest } = config;
  const args = {
    ...rest,
    ...(accessKeySecret === undefined ? {} : { accessKeySecret: secretValue(accessKeySecret) }),
  };
  return new provproto.ConfigureRequest()
    .setArgs(Struct.fromJavaScript(args))
    .setType("pulumi:providers:genauth")
    .setAcceptsecrets(true);
}

/** The outputs both faces record on a read. */
const COMMON_OUTPUTS = ["appId", "secret", "fingerprint", "rotationReason", "rotationCount", "userPoolId"];

const FACES: [string, Face][] = [
  ["dynamic", dynamicFace],
  ["native", nativeFace],
];

/** Runs `run` through both faces; asserts they agree on what `pick` takes of the outcome; returns the outcome. */
async function bothFaces<T>(run: (face: Face) => Promise<T>, pick: (outcome: T) => unknown = (o) => o) {
  const [[, dynamic], [, native]] = await Promise.all(
    FACES.map(async ([name, face]) => [name, await run(face)] as const),
  );
  expect(pick(native)).toEqual(pick(dynamic));
  return dynamic;
}

describe("the duplicate guard: one app, one resource, however the host is spelt", () => {
  const port = () => new URL(emulator().url).port;
  test.each<[string, () => Declared[], string[], () => string]>([
    [
      "the same appId twice on the configured host",
      () => [
        { name: "a", appId: APP },
        { name: "b", appId: APP },
      ],
      ["b"],
      () => `on ${emulator().url};`,
    ],
    [
      "the same appId with the host spelt another way (case, loopback name, slash)",
      () => [
        { name: "a", appId: APP },
        { name: "b", appId: APP, connection: { host: `HTTP://LOCALHOST:${port()}/` } },
      ],
      ["b"],
      () => `on http://localhost:${port()} ("a" spells it ${emulator().url});`,
    ],
    [
      "two apps on one host",
      () => [
        { name: "a", appId: APP },
        { name: "b", appId: OTHER_APP },
      ],
      [],
      () => "",
    ],
    [
      "one appId on two hosts",
      () => [
        { name: "a", appId: APP },
        { name: "b", appId: APP, connection: { host: "https://genauth.example.test" } },
      ],
      [],
      () => "",
    ],
  ])("%s", async (_label, resources, refused, where) => {
    const outcome = await bothFaces((face) => face.declare(resources(), poolAConfig()));
    const names = Object.entries(outcome.refusals).filter(([, r]) => r !== undefined);
    expect(names.map(([n]) => n)).toEqual(refused);
    for (const [name, reason] of names) {
      expect(reason).toBe(
        `ApplicationSecret "${name}" and ApplicationSecret "a" both manage appId ${APP} ${where()} ` +
          `they would rotate each other's secret. Keep one resource per application (export its secret to share it).`,
      );
    }
  });
});

describe("skipped certificate verification is warned about, naming the host", () => {
  test("once per run, for the setting in config", async () => {
    const config = { ...poolAConfig(), host: "https://genauth.example.test", tlsInsecureSkipVerify: "true" };
    const outcome = await bothFaces((face) =>
      face.declare(
        [
          { name: "a", appId: APP },
          { name: "b", appId: OTHER_APP },
        ],
        config,
      ),
    );
    expect(outcome.warnings).toEqual([
      expect.stringMatching(
        /^genauth:tlsInsecureSkipVerify is true: the certificate of https:\/\/genauth\.example\.test is not verified/,
      ),
    ]);
  });

  test("for the setting in a resource's connection", async () => {
    const outcome = await bothFaces((face) =>
      face.declare(
        [
          {
            name: "a",
            appId: APP,
            connection: { host: "https://pool.example.test", tlsInsecureSkipVerify: true },
          },
        ],
        poolAConfig(),
      ),
    );
    expect(outcome.warnings).toEqual([
      expect.stringMatching(
        /^connection\.tlsInsecureSkipVerify is true: the certificate of https:\/\/pool\.example\.test/,
      ),
    ]);
  });

  test("not when certificates are verified", async () => {
    const outcome = await bothFaces((face) => face.declare([{ name: "a", appId: APP }], poolAConfig()));
    expect(outcome.warnings).toEqual([]);
  });
});

describe("a read with no state yet (pulumi import, ApplicationSecret.get)", () => {
  test.each<[string, string, RegExp]>([
    ["a space", "bad id!", /^appId \(the resource id\): "bad id!" contains " "/],
    [
      "a query string",
      `${APP}&appId=${OTHER_APP}`,
      /^appId \(the resource id\): a string of 55 characters contains "&"/,
    ],
    [
      "a line break and an ANSI escape",
      "x\n\u001b[2J",
      /^appId \(the resource id\): "x\\n\\u001b\[2J" contains/,
    ],
  ])("refuses an id with %s before any call, showing it escaped", async (_label, id, message) => {
    const outcome = await bothFaces((face) => face.read(id));
    expect(outcome.error).toMatch(message);
    expect([...outcome.error!].filter((c) => c < " " || c === "\u007f")).toEqual([]);
    expect(outcome.calls).toBe(0);
  });

  test.each([
    ["an app that does not exist", "6229ffaa00000000000000ff"],
    ["an app of another user pool", POOL_B_APP],
  ])("of %s fails naming the app and the pool, and what to check", async (_label, id) => {
    const outcome = await bothFaces(
      (face) => face.read(id),
      (o) => o.error?.replace(/requestId \w+/g, "requestId"),
    );
    expect(outcome.error).toMatch(
      new RegExp(
        `^app ${id} does not exist in user pool ${POOL_A_ID} at ${emulator().url} \\(the pool the key pair ` +
          `genauth:accessKeyId/genauth:accessKeySecret addresses\\): check the id and the key pair\\. ` +
          `Nothing was written to state\\.`,
      ),
    );
    expect(outcome.error).not.toMatch(/written before 0\.2|state delete/);
    expect(outcome.props).toBeUndefined();
  });

  test("of an app records its secret, adopted, and the user pool it was read in", async () => {
    const outcome = await bothFaces(
      (face) => face.read(APP),
      // What both record; the times differ, and the dynamic face also keeps its serialized provider.
      (o) => COMMON_OUTPUTS.map((key) => o.props?.[key]),
    );
    expect(outcome.props).toMatchObject({
      appId: APP,
      rotationReason: "adopted",
      rotationCount: 1,
      userPoolId: POOL_A_ID,
      secret: emulator().control.app(APP).secret,
    });
    expect(emulator().control.app(APP).rotations).toBe(0);
  });
});
