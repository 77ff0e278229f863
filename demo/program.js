/**
 * The demo program: three ApplicationSecrets, their secrets exported as Pulumi secrets and their
 * fingerprints in the clear. `pulumi up` at the repository root runs it (through demo/index.js),
 * with `genauth:*` config pointing at an emulator or a tenant; `npm run demo` (scripts/demo.js)
 * runs it as an Automation API inline program against an emulator it starts itself.
 */
const pulumi = require("@pulumi/pulumi");
const { ApplicationSecret } = require("pulumi-genauth");

/** The demo's apps in the emulator's default seed (pool A). */
const APPS = {
  web: "6229ffaa0000000000000001",
  api: "6229ffaa0000000000000002",
  worker: "6229ffaa0000000000000003",
};

/** Declares the resources; `trigger` comes from config `demo:trigger`, so changing it rotates. */
function program() {
  const trigger = new pulumi.Config("demo").get("trigger") || "2026-11";
  const outputs = {};
  for (const [name, appId] of Object.entries(APPS)) {
    const res = new ApplicationSecret(name, { appId, rotationTrigger: trigger, rotateAfter: "90d" });
    outputs[`${name}Secret`] = res.secret;
    outputs[`${name}Fingerprint`] = res.fingerprint;
    outputs[`${name}RotatedAt`] = res.rotatedAt;
    outputs[`${name}Reason`] = res.rotationReason;
    outputs[`${name}NextRotationAt`] = res.nextRotationAt;
  }
  return outputs;
}

module.exports = { program, APPS };
