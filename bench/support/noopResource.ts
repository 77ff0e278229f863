import * as pulumi from "@pulumi/pulumi";

/**
 * The benchmark's baseline: a dynamic resource with the same inputs as `ApplicationSecret` whose
 * provider does nothing (no module loading, no network, no secrets). Same engine, same N, same run:
 * what remains of our wall time beyond it is what this package costs.
 */
const noopProvider: pulumi.dynamic.ResourceProvider = {
  create: async (inputs) => ({ id: String(inputs.appId), outs: inputs }),
  diff: async (_id, olds, news) => ({
    changes: JSON.stringify(olds.rotationTrigger) !== JSON.stringify(news.rotationTrigger),
  }),
  update: async (_id, _olds, news) => ({ outs: news }),
};

/** Inputs of {@link NoopSecret}: those of `ApplicationSecret` that the benchmark uses. */
export interface NoopSecretArgs {
  appId: pulumi.Input<string>;
  rotationTrigger?: pulumi.Input<string | number>;
}

/** A dynamic resource that does nothing; see {@link noopProvider}. */
export class NoopSecret extends pulumi.dynamic.Resource {
  constructor(name: string, args: NoopSecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      noopProvider,
      name,
      { ...args, secret: process.env.BENCH_NOOP_SECRET ? "x".repeat(32) : undefined },
      { ...opts, additionalSecretOutputs: process.env.BENCH_NOOP_SECRET ? ["secret"] : [] },
      "bench:NoopSecret",
    );
  }
}
