/**
 * The guard against double management: two ApplicationSecrets for one appId in one program would
 * rotate each other's secret on every run, so the program fails naming both. The guard is scoped to
 * one program run: repeated Automation API runs in one process do not trip it.
 */
import { SEEDED_APPS } from "../../emulator";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { ChildResult, runInChild } from "./support/child";
import { writeFileSync } from "node:fs";
import * as path from "node:path";

/** A user's program with two resources for one app (run in a plain Node child process, see below). */
const DUPLICATE_PROGRAM = `
const { ApplicationSecret } = require("pulumi-genauth");
exports.program = async () => {
  const first = new ApplicationSecret("payments-web", { appId: "${SEEDED_APPS.web}" });
  const second = new ApplicationSecret("checkout-web", { appId: "${SEEDED_APPS.web}" });
  const api = new ApplicationSecret("api", { appId: "${SEEDED_APPS.api}" });
  return { first: first.secret, second: second.secret, api: api.secret };
};
`;

describe("two ApplicationSecrets for one appId", () => {
  const scenario = useScenario();
  let result: ChildResult;

  beforeAll(async () => {
    // The program runs in a plain Node child process, as a user's would: a guard failure inside an
    // apply (Output appIds) leaves promise rejections that jest's sandboxed process would report as
    // failures of this file. With plain appIds, as here, the constructor throws at once.
    writeFileSync(path.join(scenario().workDir.root, "duplicate.js"), DUPLICATE_PROGRAM);
    [result] = await runInChild(scenario().workDir, {
      projectDir: scenario().workDir.root,
      programModule: "duplicate.js",
      config: scenario().stackConfig(),
      operations: ["up"],
    });
  });

  test("up fails with an error naming both resources and the app", () => {
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /ApplicationSecret "checkout-web" and ApplicationSecret "payments-web" both manage/,
    );
    expect(result.error).toContain(`appId ${SEEDED_APPS.web}`);
  });

  test("the second resource is never created, so the app is rotated at most once", () => {
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBeLessThanOrEqual(1);
    const refreshed = scenario()
      .emulator.control.requests()
      .filter((r) => r.operation === "refresh-application-secret" && r.appId === SEEDED_APPS.web);
    expect(refreshed.length).toBeLessThanOrEqual(1);
  });
});

describe("repeated runs in one process", () => {
  const scenario = useScenario();

  // A claim outliving its run would make a later run that names the app differently look like a
  // duplicate; same-name claims would not show it, so each run here names the app anew.
  test("a rename between two runs of one stack does not trip the guard", async () => {
    const stack = await scenario().openStack(secretsProgram([{ name: "web", appId: SEEDED_APPS.web }]));
    await stack.preview();
    await stack.up();
    stack.setProgram(secretsProgram([{ name: "web-renamed", appId: SEEDED_APPS.web }]));
    const renamed = await stack.up();
    expect(renamed.summary.resourceChanges).toEqual({ create: 1, delete: 1, same: 1 });
    await stack.refresh();
    const last = await stack.preview();
    expect(last.changeSummary).toEqual({ same: 2 });
    expect(stack.logText()).not.toContain("both manage");
  });

  test("another stack naming the same app differently runs in the same process", async () => {
    const other = await scenario().openStack(
      secretsProgram([{ name: "web-elsewhere", appId: SEEDED_APPS.web }]),
      { stackName: "other" },
    );
    const result = await other.up();
    expect(result.summary.resourceChanges).toEqual({ create: 2 });
  });
});
