/**
 * Preloaded (NODE_OPTIONS=--require) into the Node processes the engine starts: in the
 * dynamic-provider process, copies everything written to stdout and stderr into
 * `$GENAUTH_E2E_EVIDENCE_DIR/provider/<pid>.log`, for the final leak scan. Plain JavaScript
 * because Node loads it before any TypeScript tooling.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.GENAUTH_E2E_EVIDENCE_DIR;
if (dir && process.argv.some((arg) => arg.includes("dynamic-provider"))) {
  fs.mkdirSync(path.join(dir, "provider"), { recursive: true });
  const file = path.join(dir, "provider", `${process.pid}.log`);
  fs.appendFileSync(file, `# ${process.argv.join(" ")}\n`);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      fs.appendFileSync(file, typeof chunk === "string" ? chunk : Buffer.from(chunk));
      return write(chunk, ...rest);
    };
  }
}
