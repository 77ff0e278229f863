/**
 * The dynamic provider of the fair no-op (`fairNoopResource.ts`): what the no-op provider of
 * `noopResource.ts` does, plus the GenAuth calls the product must make, through a bare axios client
 * (`bareGenAuth.js`): create reads the secret then rotates it, update rotates, read reads; the
 * token once per process. Outputs are the inputs and the secret GenAuth answered. The host loads
 * this file by its absolute path (`FAIR_NOOP_PROVIDER_TEXT`); it configures from the stack's
 * `genauth:*` config, as the product does.
 */
"use strict";
const { bareGenAuth } = require("./bareGenAuth");

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
    return { id: String(inputs.appId), outs: { ...inputs, secret: await genauth.refresh(inputs.appId) } };
  },
  async update(_id, _olds, news) {
    return { outs: { ...news, secret: await genauth.refresh(news.appId) } };
  },
  async read(id, props) {
    return { id, props: { ...props, secret: await genauth.read(props.appId ?? id) } };
  },
};

module.exports = { provider };
