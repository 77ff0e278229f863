/**
 * Scenario 7: credentials from `GENAUTH_*` environment variables instead of stack config, and a
 * per-resource `connection` reaching a second user pool in the same stack.
 */
import { POOL_A_ID, POOL_A_SECRET, POOL_B_ID, POOL_B_SECRET, SEEDED_APPS } from "../../emulator";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret } from "../../harness/state";

describe("credentials from the environment and a per-resource connection", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  let calls: Record<string, number>;

  beforeAll(async () => {
    const program = secretsProgram([
      { name: "web", appId: SEEDED_APPS.web },
      {
        name: "billing",
        appId: SEEDED_APPS.billing,
        connection: { host: scenario().emulator.url, accessKeyId: POOL_B_ID, accessKeySecret: POOL_B_SECRET },
      },
    ]);
    stack = await scenario().openStack(program, {
      credentials: "none",
      env: {
        GENAUTH_HOST: scenario().emulator.url,
        GENAUTH_ACCESS_KEY_ID: POOL_A_ID,
        GENAUTH_ACCESS_KEY_SECRET: POOL_A_SECRET,
      },
    });
    calls = (await scenario().callsDuring(() => stack.up())).calls;
  });

  test("the stack config holds no GenAuth credentials or host", async () => {
    const config = await stack.stack.getAllConfig();
    expect(Object.keys(config).filter((key) => /host|accessKey/.test(key))).toEqual([]);
  });

  test("gets one token per key pair and rotates each app once", () => {
    expect(calls).toEqual({
      "get-management-token": 2,
      "get-application-secret": 2,
      "refresh-application-secret": 2,
    });
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(1);
    expect(scenario().emulator.control.app(SEEDED_APPS.billing).rotations).toBe(1);
  });

  test("addresses each app in its own user pool", () => {
    const pools = Object.fromEntries(
      scenario()
        .emulator.control.requests()
        .filter((r) => r.operation === "refresh-application-secret")
        .map((r) => [r.appId, r.userPoolHeader]),
    );
    expect(pools).toEqual({ [SEEDED_APPS.web]: POOL_A_ID, [SEEDED_APPS.billing]: POOL_B_ID });
  });

  test("stores each app's current secret", async () => {
    const plain = await stack.plainState();
    expect(plainSecret(plain, "web")).toBe(scenario().secretOf(SEEDED_APPS.web));
    expect(plainSecret(plain, "billing")).toBe(scenario().secretOf(SEEDED_APPS.billing));
  });

  test("without any credentials, preview fails naming every way to set them, before any call", async () => {
    const bare = await scenario().openStack(secretsProgram([{ name: "web", appId: SEEDED_APPS.web }]), {
      stackName: "no-credentials",
      credentials: "none",
    });
    scenario().emulator.control.resetCalls();
    const error = await bare.failing((s) => s.preview());
    expect(scenario().emulator.control.calls()).toEqual({});
    for (const name of [
      "genauth:accessKeyId",
      "genauth:accessKeySecret",
      "GENAUTH_ACCESS_KEY_ID",
      "connection",
    ]) {
      expect(error).toContain(name);
    }
  });
});
