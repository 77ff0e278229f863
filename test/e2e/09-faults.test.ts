/**
 * Scenario 9: faults during `up` — HTTP 429 bursts, 5xx, a connection reset, a lost response after
 * the rotation happened, a hang past the timeout, an expired token. Each `up` succeeds or fails
 * cleanly, a lost response never causes a second rotation, and after a following `up` every secret
 * in state equals GenAuth's.
 */
import { FaultRule, POOL_A_ID, SEEDED_APPS } from "../../emulator";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResource } from "../../harness/state";

const APPS = { web: SEEDED_APPS.web, api: SEEDED_APPS.api, worker: SEEDED_APPS.worker };
type Name = keyof typeof APPS;
const REFRESH = "refresh-application-secret";

describe("faults during up", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  const triggers: Record<Name, number> = { web: 1, api: 1, worker: 1 };
  const bump = (name: Name) => {
    triggers[name] += 1;
    stack.setProgram(program());
  };
  const program = () =>
    secretsProgram(
      (Object.keys(APPS) as Name[]).map((name) => ({
        name,
        appId: APPS[name],
        rotationTrigger: triggers[name],
      })),
    );
  const rotations = () =>
    Object.fromEntries(
      (Object.keys(APPS) as Name[]).map((n) => [n, scenario().emulator.control.app(APPS[n]).rotations]),
    );
  const faults = (rules: FaultRule[]) => {
    scenario().emulator.control.clearFaults();
    scenario().emulator.control.addFaults(rules);
  };
  const expectStateMatchesGenAuth = async () => {
    const plain = await stack.plainState();
    for (const name of Object.keys(APPS) as Name[]) {
      expect([name, plainSecret(plain, name)]).toEqual([name, scenario().secretOf(APPS[name])]);
    }
  };
  const allFired = () =>
    scenario()
      .emulator.control.faults()
      .every((f) => f.fired === f.times);

  beforeAll(async () => {
    stack = await scenario().openStack(program());
  });

  test("create succeeds through 429 bursts, a 503, a reset, a failed token request and an expired token", async () => {
    faults([
      { operation: "get-management-token", effect: { kind: "http", status: 502 } },
      { operation: REFRESH, appId: APPS.web, effect: { kind: "throttle" }, times: 2, retryAfterSeconds: 0 },
      { operation: REFRESH, appId: APPS.web, effect: { kind: "expire-token" } },
      { operation: REFRESH, appId: APPS.api, effect: { kind: "http", status: 503 } },
      { operation: REFRESH, appId: APPS.worker, effect: { kind: "reset" } },
    ]);
    const { calls } = await scenario().callsDuring(() => stack.up());
    expect(allFired()).toBe(true);
    // 1 failed + 1 good token request, and a new token after the expiry; each create's first read;
    // 2+1+1, 2 and 2 refreshes; the 503 and the reset are confirmed by two reads each (at once, and
    // once GenAuth's processing window has passed).
    expect(calls).toEqual({ "get-management-token": 3, "get-application-secret": 7, [REFRESH]: 8 });
    expect(rotations()).toEqual({ web: 1, api: 1, worker: 1 });
    await expectStateMatchesGenAuth();
  });

  test("a lost response after an update's rotation is recovered without a second rotation", async () => {
    bump("web");
    faults([{ operation: REFRESH, appId: APPS.web, effect: { kind: "lose-response" } }]);
    const { calls } = await scenario().callsDuring(() => stack.up());
    expect(allFired()).toBe(true);
    expect(calls).toEqual({ "get-management-token": 1, [REFRESH]: 1, "get-application-secret": 1 });
    expect(rotations()).toEqual({ web: 2, api: 1, worker: 1 });
    expect(secretResource(stack.exportState(), "web").outputs.rotationReason).toBe("trigger");
    await expectStateMatchesGenAuth();
  });

  test("a request hanging past the timeout is checked, then retried, and rotates once", async () => {
    bump("api");
    faults([{ operation: REFRESH, appId: APPS.api, effect: { kind: "hang", ms: 4000 } }]);
    const { calls } = await scenario().callsDuring(() => stack.up());
    // Read back at once and after the processing window: unchanged both times, so sent again.
    expect(calls).toEqual({ "get-management-token": 1, [REFRESH]: 2, "get-application-secret": 2 });
    expect(allFired()).toBe(true);
    expect(rotations()).toEqual({ web: 2, api: 2, worker: 1 });
    await expectStateMatchesGenAuth();
  });

  test("a rotation a gateway holds past the timeout and processes late is adopted, not repeated", async () => {
    // The refresh times out at 2 s; GenAuth rotates at 3 s, after the client left. Read back at
    // once, the secret is unchanged; read again when the 5 s window is over, it has rotated.
    await stack.setConfig({ "genauth:maxProcessingDelayMs": { value: "5000" } });
    bump("api");
    faults([{ operation: REFRESH, appId: APPS.api, effect: { kind: "process-late", ms: 3000 } }]);
    const { calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({ "get-management-token": 1, [REFRESH]: 1, "get-application-secret": 2 });
    expect(rotations()).toEqual({ web: 2, api: 3, worker: 1 });
    expect(secretResource(stack.exportState(), "api").outputs.rotationReason).toBe("trigger");
    await expectStateMatchesGenAuth();
    await stack.setConfig({ "genauth:maxProcessingDelayMs": { value: "100" } });
  });

  test("persistent 5xx fails the up cleanly, keeping the old secret, and the next up converges", async () => {
    bump("worker");
    faults([{ operation: REFRESH, appId: APPS.worker, effect: { kind: "http", status: 500 }, times: 50 }]);
    const error = await stack.failing((s) => s.up());
    expect(error).toContain(APPS.worker);
    expect(error).toContain("HTTP 500");
    expect(rotations()).toEqual({ web: 2, api: 3, worker: 1 });
    await expectStateMatchesGenAuth();
    expect(secretResource(stack.exportState(), "worker").outputs.rotationCount).toBe(1);

    scenario().emulator.control.clearFaults();
    await stack.up();
    expect(rotations()).toEqual({ web: 2, api: 3, worker: 2 });
    expect(secretResource(stack.exportState(), "worker").outputs.rotationCount).toBe(2);
    await expectStateMatchesGenAuth();
  });

  describe("a lost response during create", () => {
    const appId = "6229ffaa0000000000000009";
    let extra: E2eStack;

    beforeAll(async () => {
      scenario().emulator.control.addApp({ appId, userPoolId: POOL_A_ID });
      extra = await scenario().openStack(secretsProgram([{ name: "fresh", appId }]), {
        stackName: "lost-create",
      });
      faults([{ operation: REFRESH, appId, effect: { kind: "lose-response" } }]);
      await extra.up().catch(() => undefined); // succeeding or failing cleanly are both fine
    });

    // Create reads the secret before it rotates, so the lost answer is confirmed, not repeated.
    test("rotates exactly once and keeps GenAuth's secret in state", async () => {
      expect(scenario().emulator.control.app(appId).rotations).toBe(1);
      expect(plainSecret(await extra.plainState(), "fresh")).toBe(scenario().secretOf(appId));
    });

    test("leaves GenAuth's current secret in state after a following up", async () => {
      await extra.up();
      expect(plainSecret(await extra.plainState(), "fresh")).toBe(scenario().secretOf(appId));
    });
  });
});
