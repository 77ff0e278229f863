/**
 * `connection` fields given one by one as Outputs, secrets or Promises (issue 17, row 12). This
 * file is type-checked by ts-jest: with `connection` typed `Input<Unwrap<ConnectionInputs>>` the
 * constructions below failed to compile (TS2322), so the file failing to compile is the failing test.
 * At run time (mocks), the fields reach the registered inputs resolved, and the program-side rules
 * that read the connection (duplicate guard, skip-verify warning) see the resolved values.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplicationSecret, ApplicationSecretArgs, ConnectionArgs } from "../../../provider";
import * as ownership from "../../../provider/program/ownership";

const registered: Array<{ name: string; inputs: Record<string, unknown> }> = [];

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ name: args.name, inputs: args.inputs });
      return { id: String(args.inputs.appId ?? args.id), state: { ...args.inputs, secret: "mock-secret" } };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Lets applies queued by the constructor run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

// Compile-time: each field accepts its plain type, an Output, a secret Output or a Promise.
const perField: ApplicationSecretArgs = {
  appId: "types-app",
  connection: {
    host: pulumi.output("https://auth.types.example"),
    accessKeyId: Promise.resolve("key-id"),
    accessKeySecret: pulumi.secret("key-secret"),
    userPoolId: "pool",
    tlsCaCertificates: pulumi.output("-----BEGIN CERTIFICATE-----"),
    tlsInsecureSkipVerify: pulumi.output(false),
    allowInsecureHttp: false,
  },
};
// The whole object as an Output still type-checks, as before.
const wholeOutput: ApplicationSecretArgs["connection"] = pulumi.output({
  accessKeyId: "k",
  accessKeySecret: "s",
});
// And ConnectionArgs is the exported name of the per-field shape.
const exported: ConnectionArgs = { accessKeySecret: pulumi.secret("s") };
// Wrong types are still refused: a number is not a host, a string is not a boolean.
// @ts-expect-error host must be a string input
const badHost: ConnectionArgs = { host: pulumi.output(443) };
// @ts-expect-error tlsInsecureSkipVerify must be a boolean input
const badFlag: ConnectionArgs = { tlsInsecureSkipVerify: "yes" };
void [wholeOutput, exported, badHost, badFlag];

beforeEach(() => {
  registered.length = 0;
});

describe("connection fields given as Outputs", () => {
  it("registers the connection as one secret with every field resolved", async () => {
    const res = new ApplicationSecret("per-field", perField);
    expect(await value(res.id)).toBe("types-app");
    await settle();
    const [reg] = registered.filter((r) => r.name === "per-field");
    // Registered as one secret (the mocks show its wrapper), every field resolved inside.
    expect(reg.inputs.connection).toMatchObject({
      value: {
        host: "https://auth.types.example",
        accessKeyId: "key-id",
        accessKeySecret: "key-secret",
        userPoolId: "pool",
        tlsCaCertificates: "-----BEGIN CERTIFICATE-----",
        tlsInsecureSkipVerify: false,
        allowInsecureHttp: false,
      },
    });
  });

  it("claims the appId for the host given as an Output, resolved by the provider's rule", async () => {
    const claim = jest.spyOn(ownership, "claimApplication");
    try {
      const res = new ApplicationSecret("claim-nested", {
        appId: "claim-nested-app",
        connection: {
          host: pulumi.output("HTTPS://Auth.Claim.example:443/"),
          accessKeySecret: pulumi.secret("s"),
        },
      });
      await value(res.id);
      expect(claim).toHaveBeenCalledWith("claim-nested", "claim-nested-app", "https://auth.claim.example");
    } finally {
      claim.mockRestore();
    }
  });

  it("warns naming the host when tlsInsecureSkipVerify is an Output", async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
    try {
      const res = new ApplicationSecret("skip-nested", {
        appId: "skip-nested-app",
        connection: {
          host: pulumi.output("https://auth.nested.example"),
          tlsInsecureSkipVerify: pulumi.output(true),
        },
      });
      await value(res.id);
      await settle();
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining("the certificate of https://auth.nested.example is not verified"),
        res,
      );
    } finally {
      warn.mockRestore();
    }
  });
});
