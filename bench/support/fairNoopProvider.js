/**
 * The dynamic provider of the fair no-op (`fairNoopResource.ts`): what the no-op provider of
 * `noopResource.ts` does, plus the GenAuth calls the product must make, through a bare axios client
 * (`bareGenAuth.js`): create reads the secret then rotates it, update rotates, read reads; the
 * token once per process. Outputs are the inputs and the secret GenAuth answered. The host loads
 * this file by its absolute path (`FAIR_NOOP_PROVIDER_TEXT`); it configures from the stack's
 * `genauth:*` config, as the product does.
 *
 * With BENCH_FAIR_SHAPE=product (a diagnostic, off by default) the outputs also carry the product's
 * bookkeeping keys with values of the same size (rotatedAt, rotationReason, fingerprint,
 * rotationCount, nextRotationAt, a one-entry history, userPoolId), so what the engine sends back in
 * later steps weighs what ours does: the remaining difference is then code, not output shape.
 */
"use strict";
const { bareGenAuth } = require("./bareGenAuth");

let genauth;

/** The inputs and the secret, plus (BENCH_FAIR_SHAPE=product) the product's bookkeeping keys. */
function outputs(inputs, secret, reason, count) {
  if (process.env.BENCH_FAIR_SHAPE !== "product") return { ...inputs, secret };
  const at = new Date().toISOString();
  const fingerprint = require("node:crypto").createHash("sha256").update(secret).digest("hex").slice(0, 16);
  return {
    ...inputs,
    secret,
    rotatedAt: at,
    rotationReason: reason,
    fingerprint,
    rotationCount: count,
    nextRotationAt: "",
    history: [{ at, fingerprint, reason, requestId: null }],
    userPoolId: "6229ffaa00000000000000a0",
  };
}

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
      outs: outputs(inputs, await genauth.refresh(inputs.appId), "created", 1),
    };
  },
  async update(_id, olds, news) {
    const count = (olds.rotationCount ?? 1) + 1;
    return { outs: outputs(news, await genauth.refresh(news.appId), "trigger", count) };
  },
  async read(id, props) {
    return { id, props: { ...props, secret: await genauth.read(props.appId ?? id) } };
  },
};

module.exports = { provider };
