/**
 * The genauth schema under another package name, for the baseline plugins of `bench/native.ts`
 * (`noopNativeProvider.js`, `fairNoopNativeProvider.js`): the same resource shape, served under
 * `<name>:index:ApplicationSecret` so the engine routes it to the baseline, not to genauth.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/** The schema text of `provider/native/schema.json` with the package named `name`. */
function schemaNamed(name) {
  return fs
    .readFileSync(path.join(__dirname, "..", "..", "provider", "native", "schema.json"), "utf8")
    .replace(/"genauth:/g, `"${name}:`)
    .replace(/"name": "genauth"/, `"name": "${name}"`);
}

module.exports = { schemaNamed };
