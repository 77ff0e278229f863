/**
 * A trigger the SDK cannot carry to the provider, arriving as an Output: the resource refuses it
 * inside `apply`, so `up` fails naming the field before any GenAuth call is made.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { SEEDED_APPS } from "../../emulator";
import { ChildResult, runInChild } from "./support/child";
import { useScenario } from "./support/scenario";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { ApplicationSecret } = require("pulumi-genauth");
exports.program = async () => {
  const trigger = pulumi.output(Promise.resolve({ release: BigInt(3) }));
  const web = new ApplicationSecret("web", { appId: "${SEEDED_APPS.web}", rotationTrigger: trigger });
  return { web: web.secret };
};
`;

describe("a BigInt trigger that arrives as an Output", () => {
  const scenario = useScenario();
  let result: ChildResult;

  beforeAll(async () => {
    // A plain Node child process, as a user's program runs: the refused apply leaves promise
    // rejections that jest's sandbox would report against this file.
    writeFileSync(path.join(scenario().workDir.root, "bad-trigger.js"), PROGRAM);
    scenario().emulator.control.resetCalls();
    [result] = await runInChild(scenario().workDir, {
      projectDir: scenario().workDir.root,
      programModule: "bad-trigger.js",
      config: scenario().stackConfig(),
      operations: ["up"],
    });
  });

  test("up fails naming the path of the bad value and what a trigger must be", () => {
    expect(result.ok).toBe(false);
    expect(result.error).toContain("rotationTrigger.release is a BigInt");
    expect(result.error).toContain("rotationTrigger must be a JSON value");
  });

  test("no GenAuth call is made", () => {
    expect(scenario().emulator.control.calls()).toEqual({});
  });
});
