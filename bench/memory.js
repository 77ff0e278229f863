/**
 * `npm run bench:memory`: where the provider process's memory goes, without the engine. Each row is
 * a fresh Node process that first loads what the dynamic-provider host loads (`@pulumi/pulumi`,
 * gRPC, protobuf), then one more thing: a module (axios, this package's client, its runtime) or N
 * creates through the provider runtime against the emulator (a check and a create each: 2 GenAuth
 * calls, plus the token once). Prints the RSS added, after a full GC, and the peak RSS.
 * Needs `npm run build` (the npm script does it).
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

const LIB = path.join(__dirname, "..", "lib");
const mib = (bytes) => (bytes / 1048576).toFixed(1);

/** In the child: load the host's modules, measure, do one thing, measure again. */
async function child(what) {
  require("@pulumi/pulumi");
  require("@grpc/grpc-js");
  require("google-protobuf");
  global.gc();
  const base = process.memoryUsage().rss;
  if (what.startsWith("require ")) {
    require(what.slice("require ".length));
  } else {
    const n = Number(what.split(" ")[0]);
    const { provider } = require(path.join(LIB, "provider", "runtime.js"));
    await provider.configure({ config: { get: () => undefined } });
    for (let i = 0; i < n; i++) {
      const checked = await provider.check({}, { appId: appId(i), rotationTrigger: 1 });
      await provider.create(checked.inputs);
    }
  }
  global.gc();
  const added = process.memoryUsage().rss - base;
  process.stdout.write(JSON.stringify({ added, peak: process.resourceUsage().maxRSS * 1024 }));
}

const appId = (i) => `65b0${i.toString(16).padStart(20, "0")}`;

async function main() {
  const { startEmulator, POOL_A_ID, POOL_A_SECRET } = require(path.join(LIB, "emulator"));
  const emulator = await startEmulator();
  const sizes = (process.env.BENCH_SIZES ?? "1,100,300").split(",").map(Number);
  for (let i = 0; i < Math.max(...sizes); i++)
    emulator.control.addApp({ appId: appId(i), userPoolId: POOL_A_ID });
  const rows = [
    "require axios",
    `require ${path.join(LIB, "provider", "client", "client.js")}`,
    `require ${path.join(LIB, "provider", "runtime.js")}`,
    ...sizes.map((n) => `${n} creates`),
  ];
  console.log("| after the host's modules, one more | RSS added MiB (after GC) | peak RSS MiB |");
  console.log("| --- | --- | --- |");
  for (const what of rows) {
    const env = {
      ...process.env,
      GENAUTH_HOST: emulator.url,
      GENAUTH_ACCESS_KEY_ID: POOL_A_ID,
      GENAUTH_ACCESS_KEY_SECRET: POOL_A_SECRET,
    };
    const out = await new Promise((resolve, reject) => {
      const c = spawn(process.execPath, ["--expose-gc", __filename, "--child", what], { env });
      let text = "";
      c.stdout.on("data", (d) => (text += d));
      c.stderr.on("data", (d) => process.stderr.write(d));
      c.on("exit", (code) =>
        code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`${what}: exit ${code}`)),
      );
    });
    const label = what.replace(LIB + path.sep, "lib/");
    console.log(`| ${label} | ${mib(out.added)} | ${mib(out.peak)} |`);
  }
  await emulator.stop();
}

if (process.argv[2] === "--child") child(process.argv[3]);
else
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
