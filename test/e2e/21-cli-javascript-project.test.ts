/**
 * A plain CommonJS JavaScript project (`require`, `exports.x = …`; no TypeScript anywhere) run by
 * the `pulumi` CLI, with `pulumi-genauth` installed from the packed tarball and the GenAuth
 * credentials in `GENAUTH_*` environment variables instead of stack config. The test command runs it
 * on every maintained Node.js line and with the oldest `@pulumi/pulumi` in the peer range; the
 * program reports which it ran on.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { exportState, plainOutput, runCounting, stackOutputs, useCliProject } from "./support/cliProject";
import { installPackage } from "./support/programDir";
import { secretResource } from "../../harness/state";
import { programPulumiSdk } from "../../harness/programModules";

const API = SEEDED_APPS.api;

const FILES = {
  "Pulumi.yaml": "name: rotate-js\nruntime: nodejs\ndescription: A CommonJS program\n",
  "package.json": { name: "rotate-js", main: "index.js", dependencies: { "@pulumi/pulumi": "^3.216.0" } },
  "index.js": `"use strict";
const pulumi = require("@pulumi/pulumi");
const { ApplicationSecret } = require("pulumi-genauth");

const config = new pulumi.Config();
const app = new ApplicationSecret("app", {
  appId: config.require("appId"),
  rotationTrigger: config.get("rotationTrigger") || "2026-01",
});

exports.clientSecret = app.secret;
exports.fingerprint = app.fingerprint;
exports.runtime = { node: process.version, pulumi: require("@pulumi/pulumi/package.json").version };
`,
};

describe("a CommonJS JavaScript project with credentials from the environment", () => {
  const project = useCliProject({ files: FILES });
  const program = () => project().program;
  const emulator = () => project().scenario.emulator;
  /** What a user exports in their shell instead of `pulumi config set genauth:…`. */
  const env = () => ({
    GENAUTH_HOST: emulator().url,
    GENAUTH_ACCESS_KEY_ID: POOL_A_ID,
    GENAUTH_ACCESS_KEY_SECRET: POOL_A_SECRET,
  });
  let createdId: string;

  beforeAll(async () => {
    await installPackage(program());
    await program().ok(["stack", "init", "dev"]);
    await program().ok(["config", "set", "appId", API]);
  });

  test("up --yes creates the secret with one rotation; the stack config holds no credentials", async () => {
    const { run, calls } = await runCounting(project(), ["up", "--yes"], { env: env() });
    expect(run.code).toBe(0);
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 1,
      "refresh-application-secret": 1,
    });
    expect(run.output).toMatch(/clientSecret: \[secret\]/);
    expect(program().read("Pulumi.dev.yaml")).not.toMatch(/genauth:/);
    createdId = secretResource(await exportState(program()), "app").id;
    expect(createdId).toBe(API);
  });

  test("stack output shows [secret] and GenAuth's fingerprint; --show-secrets shows GenAuth's secret", async () => {
    const secret = project().scenario.secretOf(API);
    expect(await stackOutputs(program())).toMatchObject({
      clientSecret: "[secret]",
      fingerprint: fingerprint(secret),
    });
    expect(await plainOutput(program(), "clientSecret")).toBe(secret);
  });

  test("the program ran on this run's Node.js and @pulumi/pulumi (the test command varies both)", async () => {
    const sdk = JSON.parse(readFileSync(path.join(programPulumiSdk(), "package.json"), "utf8"));
    expect((await stackOutputs(program())).runtime).toEqual({ node: process.version, pulumi: sdk.version });
  });

  test("a new trigger is an in-place update with one rotation and the same id", async () => {
    await program().ok(["config", "set", "rotationTrigger", "2026-02"]);
    const { run, calls } = await runCounting(project(), ["up", "--yes"], { env: env() });
    expect(run.code).toBe(0);
    expect(calls).toEqual({ "get-management-token": 1, "refresh-application-secret": 1 });
    expect(run.output).toContain("~ 1 updated");
    expect(emulator().control.app(API).rotations).toBe(2);
    const app = secretResource(await exportState(program()), "app");
    expect(app.id).toBe(createdId);
    expect(await plainOutput(program(), "clientSecret")).toBe(project().scenario.secretOf(API));
  });

  test("destroy --yes rotates nothing", async () => {
    const { run, calls } = await runCounting(project(), ["destroy", "--yes"], { env: env() });
    expect(run.code).toBe(0);
    expect(run.output).toContain("- 2 deleted");
    expect(calls).toEqual({});
    expect(emulator().control.app(API).rotations).toBe(2);
  });
});
