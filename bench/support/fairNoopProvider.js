/**
 * The dynamic provider of the fair no-op (`fairNoopResource.ts`): what the no-op provider of
 * `noopResource.ts` does, plus the GenAuth calls the product must make, through a bare axios client
 * (`bareGenAuth.js`): create reads the secret then rotates it, update rotates, read reads; the
 * token once per process. Outputs are those of `fairShape.js` (BENCH_FAIR_SHAPE=product: the
 * product's shape). The host loads this file by its absolute path (`FAIR_NOOP_PROVIDER_TEXT`); it
 * configures from the stack's `genauth:*` config, as the product does.
 */
"use strict";
const { bareGenAuth } = require("./bareGenAuth");
const { fairOutputs } = require("./fairShape");

let genauth;

const provider = {
  async configure(req) {
    genauth = bareGenAuth({
      host: req.config.get("genauth:host"),
      accessKeyId: req.config.get("genauth:accessKeyId"),
      accessKeySecret: req.config.get("genauth:accessKeySecret"),
    });
  },
  async diff(_id, olds, news) {
    return { changes: JSON.stringify(olds.rotationTrigger) !== JSON.stringify(news.rotationTrigger) };
  },
  async create(inputs) {
    await genauth.read(inputs.appId);
    return {
      id: String(inputs.appId),
      outs: fairOutputs(inputs, await genauth.refresh(inputs.appId), "created", 1),
    };
  },
  async update(_id, olds, news) {
    const count = (olds.rotationCount ?? 1) + 1;
    return { outs: fairOutputs(news, await genauth.refresh(news.appId), "trigger", count) };
  },
  async read(id, props) {
    return { id, props: { ...props, secret: await genauth.read(props.appId ?? id) } };
  },
};

module.exports = { provider };
