#!/usr/bin/env node
/**
 * The test command (`npm test`): build, type-check, lint, format and workflow (actionlint) checks,
 * the package's own lints (publint, and @arethetypeswrong/cli on what `npm pack` makes), then the
 * unit project (parallel) and the end-to-end project (one file at a time: each `pulumi up` is heavy
 * on 2 cores).
 * Ends with one plain line `N passed, N failed` (each static check counts as one test), and exits
 * non-zero when anything failed. Extra arguments are passed to both jest runs (e.g. a path filter).
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const extra = process.argv.slice(2);
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
/** The actionlint release scripts/actionlint.sh installs (keep the two in step). */
const ACTIONLINT_VERSION = "v1.7.12";
let passed = 0;
let failed = 0;

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  console.log(`=== ${label}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) passed++;
  else failed++;
}

function jest(project, args) {
  const out = path.join(os.tmpdir(), `pulumi-genauth-jest-${project}-${process.pid}.json`);
  const ok = run(`jest ${project}`, npx, [
    "jest",
    "--ci",
    "--selectProjects",
    project,
    "--json",
    "--outputFile",
    out,
    ...args,
    ...extra,
  ]);
  if (!fs.existsSync(out)) {
    failed++; // jest could not even start: count the project as one failure
    return;
  }
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  fs.rmSync(out, { force: true });
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  // Pending/todo tests are not counted as passed.
  if (!ok && report.numFailedTests === 0 && report.numRuntimeErrorTestSuites === 0) failed++;
}

/**
 * actionlint on .github/workflows (one static check). Found on PATH (where .ci/run puts it) or in
 * the cache scripts/actionlint.sh builds into; when neither has it, the check fails with how to
 * install it: a skipped check would let a broken release workflow through.
 */
function actionlint() {
  const cached = path.join(
    os.homedir(),
    ".cache",
    "pulumi-genauth",
    `actionlint-${ACTIONLINT_VERSION}`,
    "actionlint",
  );
  const onPath = spawnSync("actionlint", ["-version"], { stdio: "ignore" }).error === undefined;
  const command = onPath ? "actionlint" : fs.existsSync(cached) ? cached : undefined;
  if (!command) {
    console.log(
      `\n=== actionlint: not found on PATH nor in ${path.dirname(cached)}: counted as failed.\n` +
        `    Install it with \`bash scripts/actionlint.sh\` (go install github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION};` +
        " .ci/run does this), and shellcheck (apt-get install shellcheck) for the workflows' scripts.",
    );
    failed++;
    return;
  }
  check("actionlint", command, []);
}

const built = run("build", npx, ["tsc", "-p", "tsconfig.build.json"]);
if (built) passed++;
else failed++;
check("typecheck", npx, ["tsc", "--noEmit"]);
check("lint", npx, ["eslint", "."]);
check("format", npx, ["prettier", "--check", "."]);
actionlint();
if (built) {
  // The package as npm would publish it (both pack it): entry points, exports and their types.
  // attw's node16 profile: `engines` asks for Node 20+, so the node10 resolution is not a target.
  check("publint", npx, ["publint", "--strict"]);
  check("attw", npx, ["attw", "--pack", ".", "--profile", "node16"]);
  jest("unit", []);
  jest("e2e", ["--runInBand"]);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
