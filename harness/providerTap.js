/**
 * Preloaded (NODE_OPTIONS=--require) into the Node processes the engine starts: in the
 * dynamic-provider host, copies everything written to stdout and stderr into
 * `$GENAUTH_E2E_EVIDENCE_DIR/provider/<pid>.log`, for the final leak scan. (The native plugin
 * ignores NODE_OPTIONS; test/e2e/support/nativeCli.ts taps it with a wrapper instead.) Plain
 * JavaScript because Node loads it before any TypeScript tooling.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function logDir() {
  const evidence = process.env.GENAUTH_E2E_EVIDENCE_DIR;
  if (evidence && process.argv.some((arg) => arg.includes("dynamic-provider"))) {
    return path.join(evidence, "provider");
  }
  return undefined;
}

const dir = logDir();
if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}.log`);
  fs.appendFileSync(file, `# ${process.argv.join(" ")}\n`);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      fs.appendFileSync(file, typeof chunk === "string" ? chunk : Buffer.from(chunk));
      return write(chunk, ...rest);
    };
  }
}
