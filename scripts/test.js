#!/usr/bin/env node
/**
 * The test command (`npm test`): build, type-check, lint, format and workflow (actionlint) checks,
 * the package's own lints (publint, and @arethetypeswrong/cli on what `npm pack` makes), then the
 * unit project (parallel) and the end-to-end project (one file at a time: each `pulumi up` is heavy
 * on 2 cores). Then the end-to-end files that run Node.js programs as users do
 * ({@link NODE_PROGRAM_TESTS}) again, on every other maintained Node.js line (scripts/nodejs.js), and
 * with the oldest `@pulumi/pulumi` in the peer range (the main run has the newest, the pinned one).
 * Ends with one plain line `N passed, N failed` (each static check counts as one test), and exits
 * non-zero when anything failed. Extra arguments are passed to both jest runs (e.g. a path filter).
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const { NODE_RELEASES, nodeBinary } = require("./nodejs");

const root = path.resolve(__dirname, "..");
const extra = process.argv.slice(2);
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
/** The actionlint release scripts/actionlint.sh installs (keep the two in step). */
const ACTIONLINT_VERSION = "v1.7.12";
let passed = 0;
let failed = 0;

/**
 * The end-to-end files that run Node.js programs the way users do: the packed package (10), the
 * TypeScript and JavaScript program directories (20, 21) and the native Node.js SDK (44).
 */
const NODE_PROGRAM_TESTS = "test/e2e/(10|20|21|44)-";
/** Of those, the ones that load the dynamic face, which the oldest `@pulumi/pulumi` runs. */
const DYNAMIC_PROGRAM_TESTS = "test/e2e/(10|20|21)-";

function run(label, command, args, env = process.env) {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  console.log(`=== ${label}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) passed++;
  else failed++;
}

/**
 * One jest run of `project`, its counts added to the totals. `variant` runs it on another node
 * binary (first on PATH, so that the programs the CLI starts use it too) and with extra variables.
 */
function jest(project, args, variant = {}) {
  const out = path.join(os.tmpdir(), `pulumi-genauth-jest-${project}-${process.pid}.json`);
  const node = variant.node ?? process.execPath;
  const env = {
    ...process.env,
    ...variant.env,
    PATH: [path.dirname(node), process.env.PATH].join(path.delimiter),
  };
  const ok = run(
    `jest ${project}${variant.label ? ` (${variant.label})` : ""}`,
    node,
    [
      require.resolve("jest/bin/jest"),
      "--ci",
      "--selectProjects",
      project,
      "--json",
      "--outputFile",
      out,
      ...args,
      ...extra,
    ],
    env,
  );
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

/** Runs `step`, counting a thrown error (a Node.js or package that could not be installed) as one failure. */
function attempt(label, step) {
  try {
    step();
  } catch (error) {
    console.log(`\n=== ${label}: ${error.message}`);
    failed++;
  }
}

/** The Node.js program tests on each maintained line other than the one this runs on. */
function otherNodeLines() {
  const mine = process.versions.node.split(".")[0];
  for (const [line, version] of Object.entries(NODE_RELEASES)) {
    if (line === mine) continue;
    attempt(`Node.js ${version}`, () =>
      jest("e2e", ["--runInBand", "--testPathPatterns", NODE_PROGRAM_TESTS], {
        label: `Node.js ${version}`,
        node: nodeBinary(version),
      }),
    );
  }
}

/**
 * The oldest `@pulumi/pulumi` the peer range (package.json) admits, installed from the registry
 * into `~/.cache/pulumi-genauth/` (once), as the package directory the programs link.
 */
function oldestPulumiSdk() {
  const range = require(path.join(root, "package.json")).peerDependencies["@pulumi/pulumi"];
  const oldest = /^>=\s*(\d+\.\d+\.\d+)/.exec(range)?.[1];
  if (!oldest) throw new Error(`cannot read the lowest version of the peer range "${range}"`);
  const prefix = path.join(os.homedir(), ".cache", "pulumi-genauth", `pulumi-sdk-${oldest}`);
  const dir = path.join(prefix, "node_modules", "@pulumi", "pulumi");
  if (!fs.existsSync(path.join(dir, "package.json"))) {
    const install = spawnSync(
      "npm",
      ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", `@pulumi/pulumi@${oldest}`],
      { stdio: "inherit" },
    );
    if (install.status !== 0) throw new Error(`npm install @pulumi/pulumi@${oldest} failed`);
  }
  return { version: oldest, dir };
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
  // attw's node16 profile: `engines` asks for Node 22+, so the node10 resolution is not a target.
  check("publint", npx, ["publint", "--strict"]);
  check("attw", npx, ["attw", "--pack", ".", "--profile", "node16"]);
  jest("unit", []);
  jest("e2e", ["--runInBand"]);
  otherNodeLines();
  attempt("the oldest @pulumi/pulumi", () => {
    const sdk = oldestPulumiSdk();
    jest("e2e", ["--runInBand", "--testPathPatterns", DYNAMIC_PROGRAM_TESTS], {
      label: `@pulumi/pulumi ${sdk.version}`,
      env: { GENAUTH_E2E_PULUMI_SDK: sdk.dir },
    });
  });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
