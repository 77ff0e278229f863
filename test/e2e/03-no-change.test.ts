/**
 * Scenario 3: with nothing changed (and a schedule that is not due), `preview` and `up` make no
 * GenAuth call and change nothing.
 */
import { SEEDED_APPS } from "../../emulator";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { secretResources, SecretResourceState } from "../../harness/state";

describe("a second up with nothing changed", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  let before: Record<string, SecretResourceState>;

  beforeAll(async () => {
    stack = await scenario().openStack(
      secretsProgram([
        { name: "web", appId: SEEDED_APPS.web, rotationTrigger: { release: "2026-01", owners: ["a", "b"] } },
        { name: "api", appId: SEEDED_APPS.api, rotateAfter: "90d" },
      ]),
    );
    await stack.up();
    before = secretResources(stack.exportState());
  });

  test("preview reports no changes and makes no GenAuth call", async () => {
    const { result, calls } = await scenario().callsDuring(() => stack.preview());
    expect(calls).toEqual({});
    expect(result.changeSummary).toEqual({ same: 3 });
    expect(result.steps).toEqual({ web: ["same"], api: ["same"] });
  });

  test("up makes no GenAuth call and leaves every resource as it was", async () => {
    const { result, calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({});
    expect(result.summary.resourceChanges).toEqual({ same: 3 });
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
    expect(scenario().emulator.control.app(SEEDED_APPS.api).rotations).toBe(1);
    const after = secretResources(stack.exportState());
    for (const name of ["web", "api"]) {
      const { secret: _secret, ...rest } = after[name].outputs;
      const { secret: _old, ...restBefore } = before[name].outputs;
      expect(rest).toEqual(restBefore);
    }
  });
});
