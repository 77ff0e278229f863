/**
 * Scenario 6: changing `appId` replaces the resource (the old app's secret is retained), and
 * `destroy` makes no GenAuth call and empties the stack.
 */
import { SEEDED_APPS } from "../../emulator";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResource, secretResources } from "../../harness/state";

const program = (webAppId: string) =>
  secretsProgram([
    { name: "web", appId: webAppId, rotationTrigger: "v1" },
    { name: "api", appId: SEEDED_APPS.api, rotationTrigger: "v1" },
  ]);

describe("changing appId, then destroying", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  let oldWebSecret: string;

  beforeAll(async () => {
    stack = await scenario().openStack(program(SEEDED_APPS.web));
    await stack.up();
    oldWebSecret = scenario().secretOf(SEEDED_APPS.web);
    stack.setProgram(program(SEEDED_APPS.worker));
  });

  test("preview shows a replacement of that resource only", async () => {
    const { result, calls } = await scenario().callsDuring(() => stack.preview());
    expect(calls).toEqual({});
    expect(result.steps.web).toContain("replace");
    expect(result.steps.api).toEqual(["same"]);
    expect(result.changeSummary).toEqual({ replace: 1, same: 2 });
  });

  test("up rotates the new app once and leaves the old app's secret alone", async () => {
    const { calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 1,
      "refresh-application-secret": 1,
    });
    const refreshed = scenario()
      .emulator.control.requests()
      .filter((r) => r.operation === "refresh-application-secret")
      .map((r) => r.appId);
    expect(refreshed.slice(-1)).toEqual([SEEDED_APPS.worker]);
    expect(scenario().secretOf(SEEDED_APPS.web)).toBe(oldWebSecret);
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
    expect(scenario().emulator.control.app(SEEDED_APPS.worker).rotations).toBe(1);
  });

  test("records the replacement under the same name with the new app's id and secret", async () => {
    const web = secretResource(stack.exportState(), "web");
    expect(web.id).toBe(SEEDED_APPS.worker);
    expect(web.outputs.appId).toBe(SEEDED_APPS.worker);
    expect(web.outputs.rotationReason).toBe("created");
    expect(web.outputs.rotationCount).toBe(1);
    expect(plainSecret(await stack.plainState(), "web")).toBe(scenario().secretOf(SEEDED_APPS.worker));
  });

  test("destroy makes no GenAuth call, keeps every secret and leaves an empty stack", async () => {
    const secrets = [SEEDED_APPS.web, SEEDED_APPS.api, SEEDED_APPS.worker].map((id) =>
      scenario().secretOf(id),
    );
    const { result, calls } = await scenario().callsDuring(() => stack.destroy());
    expect(calls).toEqual({});
    expect(result.summary.resourceChanges).toEqual({ delete: 3 });
    expect(
      [SEEDED_APPS.web, SEEDED_APPS.api, SEEDED_APPS.worker].map((id) => scenario().secretOf(id)),
    ).toEqual(secrets);
    expect(stack.exportState().deployment.resources ?? []).toEqual([]);
    expect(secretResources(await stack.plainState())).toEqual({});
  });
});
