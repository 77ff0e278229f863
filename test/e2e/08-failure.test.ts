/**
 * Scenario 8: one unknown appId among good ones. The `up` fails naming the app, GenAuth's code,
 * message and requestId; the good resources are saved with their secrets; fixing the input converges.
 */
import { SEEDED_APPS } from "../../emulator";
import { SecretSpec, secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResources } from "../../harness/state";

const UNKNOWN_APP = "6229ffaa00000000000000ff";
const program = (thirdAppId: string) =>
  secretsProgram([
    { name: "web", appId: SEEDED_APPS.web },
    { name: "api", appId: SEEDED_APPS.api },
    { name: "third", appId: thirdAppId },
  ] satisfies SecretSpec[]);

describe("an unknown appId among good ones", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  let error: string;

  beforeAll(async () => {
    stack = await scenario().openStack(program(UNKNOWN_APP));
    error = await stack.failing((s) => s.up());
  });

  test("the error names the resource, the app, GenAuth's code and message, and the requestId; nothing rotated", () => {
    const requests = scenario()
      .emulator.control.requests()
      .filter((r) => r.appId === UNKNOWN_APP);
    // The create's first read finds the app missing, before any rotation is attempted.
    expect(requests.map((r) => r.operation)).toEqual(["get-application-secret"]);
    const [failed] = requests;
    expect(failed).toMatchObject({ apiCode: 2011 });
    expect(error).toContain("third");
    expect(error).toContain(UNKNOWN_APP);
    expect(error).toContain("apiCode 2011");
    expect(error).toContain("application does not exist");
    expect(error).toContain(failed.requestId);
  });

  test("the good resources are in state with GenAuth's secrets, the failed one is not", async () => {
    const plain = await stack.plainState();
    expect(Object.keys(secretResources(plain)).sort()).toEqual(["api", "web"]);
    expect(plainSecret(plain, "web")).toBe(scenario().secretOf(SEEDED_APPS.web));
    expect(plainSecret(plain, "api")).toBe(scenario().secretOf(SEEDED_APPS.api));
  });

  test("fixing the input converges with one more rotation, of the fixed resource only", async () => {
    stack.setProgram(program(SEEDED_APPS.worker));
    const { calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 1,
      "refresh-application-secret": 1,
    });
    const plain = await stack.plainState();
    expect(Object.keys(secretResources(plain)).sort()).toEqual(["api", "third", "web"]);
    for (const [name, appId] of [
      ["web", SEEDED_APPS.web],
      ["api", SEEDED_APPS.api],
      ["third", SEEDED_APPS.worker],
    ]) {
      expect(plainSecret(plain, name)).toBe(scenario().secretOf(appId));
      expect(scenario().emulator.control.app(appId).rotations).toBe(1);
    }
  });
});
