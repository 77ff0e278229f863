/**
 * Preloaded into the dynamic-provider process (NODE_OPTIONS=--require; Node 20 refuses
 * `--cpu-prof` there): profiles the whole process with the inspector and writes
 * `$GENAUTH_BENCH_CPU_PROFILE_DIR/provider-<pid>.cpuprofile` when it ends (exit or the engine's
 * SIGINT/SIGTERM). Plain JavaScript because Node loads it before any TypeScript tooling.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const inspector = require("node:inspector");

const dir = process.env.GENAUTH_BENCH_CPU_PROFILE_DIR;
if (dir && process.argv.some((arg) => arg.includes("dynamic-provider"))) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // An in-thread session answers synchronously, so this works in an exit handler.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `provider-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      write();
      process.exit(0);
    });
  }
}
