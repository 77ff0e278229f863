/**
 * The e2e project's global setup: a fresh evidence directory for the final leak scan, named in the
 * environment every suite, emulator, CLI and provider of this run inherits (see evidence.ts).
 */
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genauth-e2e-evidence-"));
  process.env.GENAUTH_E2E_EVIDENCE_DIR = dir;
  process.env.GENAUTH_EMULATOR_SECRET_LOG = path.join(dir, "issued-secrets.log");
};
