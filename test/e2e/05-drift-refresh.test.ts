/**
 * Scenario 5: a rotation made outside Pulumi (an administrator in the console) is picked up by
 * `pulumi refresh` as drift: state follows GenAuth, and the next preview shows no changes.
 */
import { SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResources, SecretResourceState } from "../../harness/state";

describe("refresh after an outside rotation", () => {
  // GenAuth may leave requestId out of successes; here it sends one, to follow where it goes.
  const scenario = useScenario({ requestIdOnSuccess: true });
  let stack: E2eStack;
  let before: Record<string, SecretResourceState>;
  let calls: Record<string, number>;
  let refreshStarted: number;
  let refreshEnded: number;

  beforeAll(async () => {
    stack = await scenario().openStack(
      secretsProgram([
        { name: "web", appId: SEEDED_APPS.web, rotateAfter: "30d" },
        { name: "api", appId: SEEDED_APPS.api },
      ]),
    );
    await stack.up();
    before = secretResources(stack.exportState());
    scenario().emulator.control.rotate(SEEDED_APPS.web);
    refreshStarted = Date.now();
    calls = (await scenario().callsDuring(() => stack.refresh())).calls;
    refreshEnded = Date.now();
  });

  test("reads each app's secret once and rotates nothing", () => {
    expect(calls).toEqual({ "get-management-token": 1, "get-application-secret": 2 });
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(2);
  });

  test("makes state follow GenAuth and records the change as drift, observed at refresh time", async () => {
    expect(plainSecret(await stack.plainState(), "web")).toBe(scenario().secretOf(SEEDED_APPS.web));
    const web = secretResources(stack.exportState()).web.outputs;
    expect(web.rotationReason).toBe("drift");
    expect(web.fingerprint).toBe(fingerprint(scenario().secretOf(SEEDED_APPS.web)));
    expect(web.rotationCount).toBe(2);
    const at = Date.parse(web.rotatedAt);
    expect(at).toBeGreaterThanOrEqual(refreshStarted - 1000);
    expect(at).toBeLessThanOrEqual(refreshEnded);
    expect(web.nextRotationAt).toBe(new Date(at + 30 * 86_400_000).toISOString());
    const gets = scenario()
      .emulator.control.requests()
      .filter((r) => r.operation === "get-application-secret" && r.appId === SEEDED_APPS.web);
    expect(web.history).toEqual([
      before.web.outputs.history[0],
      // The requestId of the read that observed the drift.
      { at: web.rotatedAt, reason: "drift", fingerprint: web.fingerprint, requestId: gets.at(-1)!.requestId },
    ]);
  });

  test("leaves an app without drift as it was", async () => {
    const { secret: _secret, ...api } = secretResources(stack.exportState()).api.outputs;
    const { secret: _old, ...apiBefore } = before.api.outputs;
    expect(api).toEqual(apiBefore);
    expect(plainSecret(await stack.plainState(), "api")).toBe(scenario().secretOf(SEEDED_APPS.api));
  });

  test("the next preview shows no changes and makes no GenAuth call", async () => {
    const { result, calls: previewCalls } = await scenario().callsDuring(() => stack.preview());
    expect(previewCalls).toEqual({});
    expect(result.steps).toEqual({ web: ["same"], api: ["same"] });
  });
});
