/**
 * Preloaded (NODE_OPTIONS=--require) into the Node processes the engine starts: in the
 * `pulumi-resource-genauth` plugin, copies everything written to stdout and stderr into
 * `$GENAUTH_NATIVE_PLUGIN_LOG_DIR/<pid>.log`, for the native tests' leak scans. Plain JavaScript
 * because Node loads it before any TypeScript tooling.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.GENAUTH_NATIVE_PLUGIN_LOG_DIR;
if (dir && process.argv.some((arg) => arg.includes("pulumi-resource-genauth"))) {
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
