/**
 * Scenario 1: the first `pulumi up` of three ApplicationSecrets.
 */
import { SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResources } from "../../harness/state";

const APPS = { web: SEEDED_APPS.web, api: SEEDED_APPS.api, worker: SEEDED_APPS.worker };

describe("the first up of three ApplicationSecrets", () => {
  // GenAuth may leave requestId out of successes; here it sends one, to follow where it goes.
  const scenario = useScenario({ requestIdOnSuccess: true });
  let stack: E2eStack;
  let calls: Record<string, number>;
  let outputs: Record<string, { value: unknown; secret: boolean }>;
  let startedAt: number;
  let endedAt: number;

  beforeAll(async () => {
    const program = secretsProgram(
      Object.entries(APPS).map(([name, appId]) => ({ name, appId, rotationTrigger: "2026-01" })),
    );
    stack = await scenario().openStack(program);
    startedAt = Date.now();
    const run = await scenario().callsDuring(() => stack.up());
    endedAt = Date.now();
    calls = run.calls;
    outputs = run.result.outputs;
  });

  test("makes exactly three refresh calls and one token request, and nothing else", () => {
    // Each create reads the app's secret first, so a lost answer can be confirmed, then rotates once.
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 3,
      "refresh-application-secret": 3,
    });
  });

  test("rotates each application exactly once", () => {
    for (const appId of Object.values(APPS)) expect(scenario().emulator.control.app(appId).rotations).toBe(1);
  });

  test("flags every stack output as secret", () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(APPS).sort());
    for (const output of Object.values(outputs)) expect(output.secret).toBe(true);
  });

  test("stores for each resource the secret GenAuth now holds", async () => {
    const plain = await stack.plainState();
    for (const [name, appId] of Object.entries(APPS)) {
      expect(plainSecret(plain, name)).toBe(scenario().secretOf(appId));
      expect(outputs[name].value).toBe(scenario().secretOf(appId));
    }
  });

  test("records id, fingerprint, reason, count, time and history of the creation", () => {
    const resources = secretResources(stack.exportState());
    expect(Object.keys(resources).sort()).toEqual(Object.keys(APPS).sort());
    for (const [name, appId] of Object.entries(APPS)) {
      const { id, outputs: out } = resources[name];
      expect(id).toBe(appId);
      expect(out.fingerprint).toBe(fingerprint(scenario().secretOf(appId)));
      expect(out.rotationReason).toBe("created");
      expect(out.rotationCount).toBe(1);
      expect(out.nextRotationAt).toBe("");
      const at = Date.parse(out.rotatedAt);
      expect(at).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(at).toBeLessThanOrEqual(endedAt);
      expect(out.history).toEqual([
        { at: out.rotatedAt, reason: "created", fingerprint: out.fingerprint, requestId: expect.any(String) },
      ]);
    }
  });

  test("takes each history requestId from GenAuth's answer to that app's refresh call", () => {
    const resources = secretResources(stack.exportState());
    const refreshes = scenario()
      .emulator.control.requests()
      .filter((r) => r.operation === "refresh-application-secret");
    for (const [name, appId] of Object.entries(APPS)) {
      const logged = refreshes.filter((r) => r.appId === appId).map((r) => r.requestId);
      expect(logged).toEqual([resources[name].outputs.history[0].requestId]);
    }
  });
});
