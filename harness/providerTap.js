/**
 * Preloaded (NODE_OPTIONS=--require) into the Node processes the engine starts: in a provider
 * process, copies everything written to stdout and stderr into a log file, for the leak scans:
 * the dynamic-provider host's into `$GENAUTH_E2E_EVIDENCE_DIR/provider/<pid>.log` (the final scan),
 * the `pulumi-resource-genauth` plugin's into `$GENAUTH_NATIVE_PLUGIN_LOG_DIR/<pid>.log` (the
 * native tests' own scans). Plain JavaScript because Node loads it before any TypeScript tooling.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function logDir() {
  const evidence = process.env.GENAUTH_E2E_EVIDENCE_DIR;
  if (evidence && process.argv.some((arg) => arg.includes("dynamic-provider"))) {
    return path.join(evidence, "provider");
  }
  const native = process.env.GENAUTH_NATIVE_PLUGIN_LOG_DIR;
  if (native && process.argv.some((arg) => arg.includes("pulumi-resource-genauth"))) return native;
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
