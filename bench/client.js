#!/usr/bin/env node
/**
 * `npm run bench:client`: figures, not assertions. Each figure is compared with a baseline measured in the
 * same run, and reported as a ratio.
 *  1. Serialized provider size: the fixed text stored in state vs the provider runtime serialized by value
 *     (what a conventional dynamic provider stores).
 *  2. Rotating N applications through the provider's client (one shared management token) vs a naive
 *     client that fetches a token per call, as the official SDKs' samples do: HTTP calls and wall time.
 * Runs against the in-process emulator; needs `npm run build`.
 */
const path = require("path");
const axios = require("axios");
const pulumi = require("@pulumi/pulumi");

const lib = path.resolve(__dirname, "../lib");
const { PROVIDER_TEXT } = require(`${lib}/provider/program/shim.js`);
const { ApplicationSecretProvider } = require(`${lib}/provider/core/provider.js`);
const { GenAuthClient } = require(`${lib}/provider/client/client.js`);
const { startEmulator, POOL_A_ID, POOL_A_SECRET } = require(`${lib}/emulator`);

const ROTATIONS = Number(process.env.BENCH_ROTATIONS ?? 200);

async function serializedBytes(provider) {
  const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return Buffer.byteLength(text);
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main() {
  const shim = Buffer.byteLength(PROVIDER_TEXT);
  // The conventional shape: methods that construct the provider class, copied into state by value.
  const conventional = {
    check: (olds, news) => new ApplicationSecretProvider().check(olds, news),
    diff: (id, olds, news) => new ApplicationSecretProvider().diff(id, olds, news),
    create: (inputs) => new ApplicationSecretProvider().create(inputs),
    read: (id, props) => new ApplicationSecretProvider().read(id, props),
    update: (id, olds, news) => new ApplicationSecretProvider().update(id, olds, news),
    delete: (id, props) => new ApplicationSecretProvider().delete(id, props),
  };
  const byValue = await serializedBytes(conventional);
  console.log(
    `__provider bytes: fixed text ${shim}, runtime by value ${byValue} (baseline); ratio ${(shim / byValue).toFixed(3)}`,
  );

  const emulator = await startEmulator();
  const appIds = Array.from({ length: 10 }, (_, i) => `6229ffaa00000000000001${String(i).padStart(2, "0")}`);
  for (const appId of appIds) emulator.control.addApp({ appId, userPoolId: POOL_A_ID });
  const settings = {
    host: emulator.url,
    accessKeyId: POOL_A_ID,
    accessKeySecret: POOL_A_SECRET,
    timeoutMs: 5000,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, budgetMs: 5000 },
  };
  try {
    emulator.control.resetCalls();
    const client = new GenAuthClient(settings);
    const ours = await timed(async () => {
      for (let i = 0; i < ROTATIONS; i++) await client.refreshApplicationSecret(appIds[i % appIds.length]);
    });
    const ourCalls = sum(emulator.control.calls());

    emulator.control.resetCalls();
    const http = axios.create({ baseURL: emulator.url });
    const naive = await timed(async () => {
      for (let i = 0; i < ROTATIONS; i++) {
        const token = (
          await http.post("/api/v3/get-management-token", {
            accessKeyId: POOL_A_ID,
            accessKeySecret: POOL_A_SECRET,
          })
        ).data.data.access_token;
        await http.post(
          "/api/v3/refresh-application-secret",
          { appId: appIds[i % appIds.length] },
          { headers: { authorization: `Bearer ${token}` } },
        );
      }
    });
    const naiveCalls = sum(emulator.control.calls());
    console.log(
      `${ROTATIONS} rotations: HTTP calls ${ourCalls} vs ${naiveCalls} token-per-call baseline (ratio ${(ourCalls / naiveCalls).toFixed(3)})`,
    );
    console.log(
      `${ROTATIONS} rotations: wall ${ours.toFixed(0)} ms vs ${naive.toFixed(0)} ms baseline (ratio ${(ours / naive).toFixed(3)})`,
    );
  } finally {
    await emulator.stop();
  }
}

function sum(calls) {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
