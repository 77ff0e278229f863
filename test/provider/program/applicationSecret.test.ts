import * as pulumi from "@pulumi/pulumi";
import { ApplicationSecret } from "../../../provider";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  id?: string;
}
const registered: Registration[] = [];

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id });
      return { id: String(args.inputs.appId ?? args.id), state: { ...args.inputs, secret: "mock-secret" } };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

/** Resolves an Output in mocks (tests only). */
function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

beforeEach(() => {
  registered.length = 0;
});

describe("ApplicationSecret", () => {
  it("registers the dynamic type token with its inputs and a serialized provider", async () => {
    const res = new ApplicationSecret("web", { appId: "app-web", rotationTrigger: { month: "2026-11" } });
    expect(await value(res.id)).toBe("app-web");
    const [reg] = registered;
    expect(reg.type).toBe("pulumi-nodejs:dynamic/genauth:ApplicationSecret");
    expect(reg.inputs).toMatchObject({ appId: "app-web", rotationTrigger: { month: "2026-11" } });
    expect(reg.inputs.__provider).toEqual(expect.stringContaining("pulumi-genauth/provider-runtime"));
  });

  it("does not mutate the args object it is given", () => {
    const args = { appId: "app-args" };
    new ApplicationSecret("args", args);
    expect(args).toEqual({ appId: "app-args" });
  });

  it.each([
    ["a function", () => 1, /rotationTrigger is a function/],
    ["a BigInt", BigInt(7), /rotationTrigger is a BigInt/],
  ])("refuses %s as a trigger in the constructor", (_label, trigger, message) => {
    expect(
      () => new ApplicationSecret("bad", { appId: "bad-app", rotationTrigger: trigger as never }),
    ).toThrow(message);
  });

  it("refuses a cyclic trigger in the constructor", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(
      () => new ApplicationSecret("cyclic", { appId: "cyclic-app", rotationTrigger: cyclic as never }),
    ).toThrow(/rotationTrigger\.self refers back to itself/);
  });

  it("refuses a second resource for the same plain appId in the constructor, naming both", () => {
    new ApplicationSecret("primary", { appId: "dup-plain-app" });
    expect(() => new ApplicationSecret("secondary", { appId: "dup-plain-app" })).toThrow(
      /ApplicationSecret "secondary" and ApplicationSecret "primary" both manage appId dup-plain-app on https:\/\/api\.genauth\.ai/,
    );
  });

  it("allows the same appId on two different hosts", async () => {
    new ApplicationSecret("cloud", { appId: "same-app" });
    const other = new ApplicationSecret("private", {
      appId: "same-app",
      connection: { host: "https://genauth.internal.example" },
    });
    await expect(value(other.id)).resolves.toBe("same-app");
  });

  it.each([
    ["127.0.0.1 and localhost", "http://127.0.0.1:8787", "http://localhost:8787"],
    ["a different case and a trailing slash", "http://127.0.0.1:8787", "HTTP://127.0.0.1:8787/"],
  ])("refuses one appId on one host spelt as %s, in the constructor", (_label, first, second) => {
    const appId = `spelt-${first.length}-${second.length}`;
    new ApplicationSecret("spelt-a", { appId, connection: { host: first } });
    expect(() => new ApplicationSecret("spelt-b", { appId, connection: { host: second } })).toThrow(
      /ApplicationSecret "spelt-b" and ApplicationSecret "spelt-a" both manage appId/,
    );
  });

  it("keys a GENAUTH_HOST with spaces and a slash as the host the provider calls", () => {
    const saved = process.env.GENAUTH_HOST;
    process.env.GENAUTH_HOST = " https://h.example/ ";
    try {
      new ApplicationSecret("from-env", { appId: "env-spelt-app" });
      expect(
        () =>
          new ApplicationSecret("from-connection", {
            appId: "env-spelt-app",
            connection: { host: "https://h.example" },
          }),
      ).toThrow(/both manage appId env-spelt-app on https:\/\/h\.example;/);
    } finally {
      if (saved === undefined) delete process.env.GENAUTH_HOST;
      else process.env.GENAUTH_HOST = saved;
    }
  });

  it("refuses an appId with a line break in the constructor, before registering, with check's message", () => {
    expect(() => new ApplicationSecret("broken", { appId: "ab\ncd" })).toThrow(
      /^appId: "ab\\ncd" contains "\\n", which no GenAuth application ID holds/,
    );
    expect(registered).toEqual([]);
  });

  it("get reads by appId without registering a new resource", async () => {
    const res = ApplicationSecret.get("adopted", "app-get");
    expect(await value(res.id)).toBe("app-get");
  });
});

describe("ApplicationSecret and tlsInsecureSkipVerify", () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
  });
  afterEach(() => warn.mockRestore());

  it("prints one Pulumi warning per host that skips verification, naming the host", async () => {
    const connection = { host: "https://auth.skip.example", tlsInsecureSkipVerify: true };
    new ApplicationSecret("skip-1", { appId: "app-skip-1", connection });
    new ApplicationSecret("skip-2", { appId: "app-skip-2", connection });
    const messages = warn.mock.calls.map(([message]) => message as string);
    expect(messages).toEqual([
      expect.stringContaining("the certificate of https://auth.skip.example is not verified"),
    ]);
    expect(messages[0]).toMatch(/^connection\.tlsInsecureSkipVerify is true/);
  });

  it("warns for a connection that arrives as an Output, once it is known", async () => {
    const res = new ApplicationSecret("skip-out", {
      appId: "app-skip-out",
      connection: pulumi.output({
        host: "https://auth.output.example",
        tlsInsecureSkipVerify: true,
      }),
    });
    await value(res.id);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining("the certificate of https://auth.output.example is not verified"),
      res,
    );
  });

  it("reads GENAUTH_TLS_INSECURE_SKIP_VERIFY as the provider does", () => {
    process.env.GENAUTH_TLS_INSECURE_SKIP_VERIFY = "true";
    process.env.GENAUTH_HOST = "https://auth.env.example";
    try {
      new ApplicationSecret("skip-env", { appId: "app-skip-env" });
    } finally {
      delete process.env.GENAUTH_TLS_INSECURE_SKIP_VERIFY;
      delete process.env.GENAUTH_HOST;
    }
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^GENAUTH_TLS_INSECURE_SKIP_VERIFY is true: the certificate of https:\/\/auth\.env\.example/,
      ),
      expect.anything(),
    );
  });

  it("prints nothing when verification is on", () => {
    new ApplicationSecret("verified", {
      appId: "app-verified",
      connection: { host: "https://auth.ok.example" },
    });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("ApplicationSecret and a key secret in plaintext config", () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    pulumi.runtime.setAllConfig({}, []);
  });
  const messages = () => warn.mock.calls.map(([message]) => message as string);

  it("says nothing when genauth:accessKeySecret is a secret", () => {
    pulumi.runtime.setAllConfig({ "genauth:accessKeySecret": "k-secret-value-1" }, [
      "genauth:accessKeySecret",
    ]);
    new ApplicationSecret("secret-key", { appId: "app-secret-key" });
    expect(messages().filter((m) => m.includes("accessKeySecret"))).toEqual([]);
  });

  it("warns once, naming the key and --secret and never the value, when it was set with --plaintext", () => {
    pulumi.runtime.setAllConfig({ "genauth:accessKeySecret": "k-plain-value-1" }, []);
    new ApplicationSecret("plain-key-1", { appId: "app-plain-key-1" });
    new ApplicationSecret("plain-key-2", { appId: "app-plain-key-2" });
    const about = messages().filter((m) => m.includes("accessKeySecret"));
    expect(about).toEqual([expect.stringContaining("genauth:accessKeySecret is set in plaintext")]);
    expect(about[0]).toContain("pulumi config set --secret genauth:accessKeySecret <value>");
    expect(about[0]).not.toContain("k-plain-value-1");
  });
});
