/**
 * The e2e project's global teardown: fails the run, after killing them, when processes started by
 * this run's tests still run. Every process a test starts inherits the evidence directory's
 * variable that globalSetup set (unique to this run, so other runs on the machine never match);
 * each scenario already checks its own on stop (see processes.ts), this catches the rest.
 */
"use strict";
const fs = require("node:fs");

const NAME = "GENAUTH_E2E_EVIDENCE_DIR";

/** The processes, other than jest's own, whose environment holds `NAME=<this run's directory>`. */
function survivors(dir) {
  const entry = `${NAME}=${dir}`;
  const found = [];
  for (const name of fs.readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(entry)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z") continue;
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      if (/jest-worker/.test(args)) continue; // jest's own workers inherit it too
      found.push({ pid, args });
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found;
}

module.exports = async () => {
  const dir = process.env[NAME];
  if (!dir) return;
  let left = survivors(dir);
  for (let waited = 0; left.length > 0 && waited < 5_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = survivors(dir);
  }
  if (left.length === 0) return;
  for (const { pid } of left) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // ended meanwhile
    }
  }
  throw new Error(
    `${left.length} process(es) started by the e2e tests outlived the run (killed now; a test must ` +
      `end what it starts or orphans):\n${left.map((p) => `  ${p.pid} ${p.args}`).join("\n")}`,
  );
};
