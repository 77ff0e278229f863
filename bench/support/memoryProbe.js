/**
 * Preloaded into every Node process the engine starts (through NODE_OPTIONS=--require): in the
 * provider process (the dynamic-provider host, or the process whose arguments contain
 * `$GENAUTH_BENCH_PROBE_MATCH`, e.g. a native plugin's script), records the peak resident set size to `$GENAUTH_BENCH_PROBE_DIR/<pid>.json`
 * every 100 ms and at exit. The engine may kill the plugin without an exit event, hence the timer.
 * Plain JavaScript because Node loads it before any TypeScript tooling.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.GENAUTH_BENCH_PROBE_DIR;
const match = process.env.GENAUTH_BENCH_PROBE_MATCH || "dynamic-provider";
if (dir && process.argv.some((arg) => arg.includes(match))) {
  const file = path.join(dir, `${process.pid}.json`);
  const record = () => {
    try {
      // Written aside, then renamed: a reader never sees a half-written file, even if the engine
      // kills this process mid-write.
      fs.writeFileSync(`${file}.part`, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
      fs.renameSync(`${file}.part`, file);
    } catch {
      // The benchmark removed the directory: nothing left to report to.
    }
  };
  setInterval(record, 100).unref();
  process.on("exit", record);
  record();
}
