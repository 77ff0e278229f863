#!/usr/bin/env node
/**
 * `npm run demo`: starts the GenAuth emulator, runs `pulumi up` of the demo program (demo/program.js)
 * on a local file backend in a temp dir, changes the trigger and runs `up` again, prints what
 * happened (fingerprints, reasons and times — never a secret), then destroys and cleans up.
 * Needs `npm run build` (the npm script does it) and the Pulumi CLI (scripts/pulumi-cli.sh).
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const auto = require("@pulumi/pulumi/automation");

const root = path.resolve(__dirname, "..");

async function main() {
  const cliDir = execFileSync("bash", [path.join(root, "scripts/pulumi-cli.sh")], {
    encoding: "utf8",
  }).trim();
  const { startEmulator, POOL_A_ID, POOL_A_SECRET } = require(path.join(root, "lib/emulator"));
  const { program } = require(path.join(root, "demo/program.js"));
  const emulator = await startEmulator();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "genauth-demo-"));
  // The program directory a user would have: node_modules with @pulumi/pulumi and this package.
  fs.mkdirSync(path.join(tmp, "node_modules", "@pulumi"), { recursive: true });
  fs.symlinkSync(
    path.join(root, "node_modules/@pulumi/pulumi"),
    path.join(tmp, "node_modules/@pulumi/pulumi"),
  );
  fs.symlinkSync(root, path.join(tmp, "node_modules/pulumi-genauth"));
  fs.mkdirSync(path.join(tmp, "backend"));
  fs.mkdirSync(path.join(tmp, "cli")); // PulumiCommand.get({ root }) runs <root>/bin/pulumi
  fs.symlinkSync(cliDir, path.join(tmp, "cli", "bin"));
  const envVars = {
    PULUMI_BACKEND_URL: `file://${path.join(tmp, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "demo-passphrase-not-a-secret",
    PULUMI_HOME: path.join(tmp, "pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${cliDir}:${process.env.PATH}`,
  };
  try {
    console.log(`GenAuth emulator at ${emulator.url}; state in ${tmp}/backend`);
    const stack = await auto.LocalWorkspace.createOrSelectStack(
      { projectName: "pulumi-genauth-demo", stackName: "demo", program },
      {
        workDir: tmp,
        envVars,
        pulumiCommand: await auto.PulumiCommand.get({ root: path.join(tmp, "cli"), skipVersionCheck: true }),
        projectSettings: { name: "pulumi-genauth-demo", runtime: "nodejs" },
      },
    );
    await stack.setAllConfig({
      "genauth:host": { value: emulator.url },
      "genauth:accessKeyId": { value: POOL_A_ID },
      "genauth:accessKeySecret": { value: POOL_A_SECRET, secret: true },
      "demo:trigger": { value: "2026-11" },
    });
    await up(stack, emulator, "1. first up: every secret is created");
    await stack.setConfig("demo:trigger", { value: "2026-12" });
    await up(stack, emulator, "2. trigger changed to 2026-12: every secret rotates in place");
    emulator.control.resetCalls();
    await stack.destroy();
    console.log(`\n3. destroyed; GenAuth calls made: ${JSON.stringify(emulator.control.calls())}`);
    console.log("   (delete makes no call: the applications keep their current secrets)");
  } finally {
    await emulator.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function up(stack, emulator, title) {
  emulator.control.resetCalls();
  const result = await stack.up();
  console.log(
    `\n${title} (${JSON.stringify(result.summary.resourceChanges)}; GenAuth calls ${JSON.stringify(emulator.control.calls())})`,
  );
  for (const name of ["web", "api", "worker"]) {
    const o = (key) => result.outputs[`${name}${key}`];
    const secret = o("Secret");
    console.log(
      `   ${name.padEnd(6)} fingerprint ${o("Fingerprint").value}  reason ${String(o("Reason").value).padEnd(7)} ` +
        `rotatedAt ${o("RotatedAt").value}  next ${o("NextRotationAt").value}  output secret: ${secret.secret}`,
    );
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
