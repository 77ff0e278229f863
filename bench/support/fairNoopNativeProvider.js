/**
 * The fair native baseline of `bench/native.ts`: the no-op plugin of `noopNativeProvider.js`
 * (served as `genauthfair:index:ApplicationSecret`) plus the GenAuth calls the product must make,
 * through a bare axios client (`bareGenAuth.js`): create reads the secret then rotates it, update
 * rotates, read (refresh) reads; the token once per process. Outputs are those of `fairShape.js`
 * (BENCH_FAIR_SHAPE=product: the product's shape), the secret wrapped as a secret as the genauth
 * plugin wraps it. The SDK's plugin server
 * does not pass `Configure` on, so host and key pair come from the environment the benchmark sets
 * (BENCH_FAIR_HOST, BENCH_FAIR_ACCESS_KEY_ID, BENCH_FAIR_ACCESS_KEY_SECRET).
 */
"use strict";
const provider = require("@pulumi/pulumi/provider");
const { specialSecretSig, specialSigKey } = require("@pulumi/pulumi/runtime/rpc");
const { bareGenAuth } = require("./bareGenAuth");
const { fairOutputs } = require("./fairShape");
const { schemaNamed } = require("./noopSchema");

const schema = schemaNamed("genauthfair");
const genauth = bareGenAuth({
  host: process.env.BENCH_FAIR_HOST,
  accessKeyId: process.env.BENCH_FAIR_ACCESS_KEY_ID,
  accessKeySecret: process.env.BENCH_FAIR_ACCESS_KEY_SECRET,
});
const secret = (value) => ({ [specialSigKey]: specialSecretSig, value });

const fair = {
  version: JSON.parse(schema).version,
  schema,
  check: async (_urn, _olds, news) => ({ inputs: news }),
  diff: async (_id, _urn, olds, news) => ({
    changes: JSON.stringify(olds.rotationTrigger) !== JSON.stringify(news.rotationTrigger),
  }),
  create: async (_urn, inputs) => {
    await genauth.read(inputs.appId);
    return {
      id: String(inputs.appId),
      outs: fairOutputs(inputs, await genauth.refresh(inputs.appId), "created", 1, secret),
    };
  },
  update: async (_id, _urn, olds, news) => ({
    outs: fairOutputs(
      news,
      await genauth.refresh(news.appId),
      "trigger",
      (olds.rotationCount ?? 1) + 1,
      secret,
    ),
  }),
  read: async (id, _urn, props) => ({
    id,
    props: { ...props, secret: secret(await genauth.read(props.appId ?? id)) },
  }),
};

provider.main(fair, process.argv.slice(2));
