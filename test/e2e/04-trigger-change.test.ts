/**
 * Scenario 4: changing one resource's trigger is an in-place update of that resource only, which
 * rotates its secret with exactly one refresh call. Reordering the keys of a trigger object is no change.
 */
import { SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { SecretSpec, secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResource, SecretResourceState } from "../../harness/state";

const program = (webTrigger: SecretSpec["rotationTrigger"]) =>
  secretsProgram([
    { name: "web", appId: SEEDED_APPS.web, rotationTrigger: webTrigger },
    { name: "api", appId: SEEDED_APPS.api, rotationTrigger: { release: "2026-01" } },
  ]);

describe("changing one trigger", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  let webBefore: SecretResourceState;

  beforeAll(async () => {
    stack = await scenario().openStack(program({ release: "2026-01", team: "payments" }));
    await stack.up();
    webBefore = secretResource(stack.exportState(), "web");
    stack.setProgram(program({ release: "2026-02", team: "payments" }));
  });

  test("preview shows exactly one update, not a replace, and makes no GenAuth call", async () => {
    const { result, calls } = await scenario().callsDuring(() => stack.preview());
    expect(calls).toEqual({});
    expect(result.steps).toEqual({ web: ["update"], api: ["same"] });
    expect(result.changeSummary).toEqual({ same: 2, update: 1 });
  });

  test("up makes exactly one refresh call, for that app", async () => {
    const rotationsBefore = scenario().emulator.control.app(SEEDED_APPS.api).rotations;
    const { result, calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({ "get-management-token": 1, "refresh-application-secret": 1 });
    expect(result.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(2);
    expect(scenario().emulator.control.app(SEEDED_APPS.api).rotations).toBe(rotationsBefore);
  });

  test("keeps the resource's URN and id, and records the rotation as a trigger rotation", async () => {
    const web = secretResource(stack.exportState(), "web");
    expect(web.urn).toBe(webBefore.urn);
    expect(web.id).toBe(webBefore.id);
    expect(plainSecret(await stack.plainState(), "web")).toBe(scenario().secretOf(SEEDED_APPS.web));
    expect(web.outputs.rotationReason).toBe("trigger");
    expect(web.outputs.rotationCount).toBe(2);
    expect(web.outputs.fingerprint).toBe(fingerprint(scenario().secretOf(SEEDED_APPS.web)));
    expect(web.outputs.fingerprint).not.toBe(webBefore.outputs.fingerprint);
    expect(web.outputs.history.map((h) => h.reason)).toEqual(["created", "trigger"]);
    expect(web.outputs.history[0]).toEqual(webBefore.outputs.history[0]);
    expect(Date.parse(web.outputs.rotatedAt)).toBeGreaterThan(Date.parse(webBefore.outputs.rotatedAt));
  });

  test("treats the same trigger object with its keys reordered as no change", async () => {
    stack.setProgram(program({ team: "payments", release: "2026-02" }));
    const { result, calls } = await scenario().callsDuring(() => stack.preview());
    expect(calls).toEqual({});
    expect(result.steps).toEqual({ web: ["same"], api: ["same"] });
  });
});
