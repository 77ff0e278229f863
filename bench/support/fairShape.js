/**
 * The outputs of the fair no-ops (`fairNoopProvider.js`, `fairNoopNativeProvider.js`): the inputs
 * and the secret GenAuth answered; with BENCH_FAIR_SHAPE=product (a diagnostic, off by default) also
 * the product's bookkeeping keys with values of the same size (rotatedAt, rotationReason,
 * fingerprint, rotationCount, nextRotationAt, a one-entry history, userPoolId), so what the engine
 * stores and sends back in later steps weighs what ours does: the remaining difference is then
 * code, not output shape. `wrap` turns the secret into what the face returns (the native face
 * marks it secret itself).
 */
"use strict";
const { createHash } = require("node:crypto");

function fairOutputs(inputs, secret, reason, count, wrap = (value) => value) {
  if (process.env.BENCH_FAIR_SHAPE !== "product") return { ...inputs, secret: wrap(secret) };
  const at = new Date().toISOString();
  const fingerprint = createHash("sha256").update(secret).digest("hex").slice(0, 16);
  return {
    ...inputs,
    secret: wrap(secret),
    rotatedAt: at,
    rotationReason: reason,
    fingerprint,
    rotationCount: count,
    nextRotationAt: "",
    history: [{ at, fingerprint, reason, requestId: null }],
    userPoolId: "6229ffaa00000000000000a0",
  };
}

module.exports = { fairOutputs };
