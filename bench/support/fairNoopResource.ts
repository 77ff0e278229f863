import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { NoopSecretArgs } from "./noopResource";

/**
 * The fair baseline's `__provider`: the text the dynamic-provider host evaluates, written by hand
 * as the product's is (`PROVIDER_TEXT`), loading `fairNoopProvider.js` by its absolute path.
 */
export const FAIR_NOOP_PROVIDER_TEXT = `exports.handler = () => require(${JSON.stringify(
  path.join(__dirname, "fairNoopProvider.js"),
)}).provider;\n`;

/**
 * A dynamic resource with the no-op's inputs whose provider makes the GenAuth calls the product
 * makes, with a bare axios client (see `fairNoopProvider.js`); the secret is a secret output, as
 * the product's is. Registered as `ApplicationSecret` is (a `CustomResource` of a
 * `pulumi-nodejs:dynamic/` type with a hand-written `__provider`), so no closure is serialized.
 */
export class FairNoopSecret extends pulumi.CustomResource {
  constructor(name: string, args: NoopSecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "pulumi-nodejs:dynamic/bench:FairNoopSecret",
      name,
      { ...args, secret: undefined, __provider: FAIR_NOOP_PROVIDER_TEXT },
      { ...opts, additionalSecretOutputs: ["secret"] },
    );
  }
}
