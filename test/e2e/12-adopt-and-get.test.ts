/**
 * Two ways to bring an existing application's secret under Pulumi without breaking the services
 * that use it today: `adopt: true` (create reads instead of rotating) and `ApplicationSecret.get`
 * (a read-only resource; dynamic resources cannot be `pulumi import`ed).
 */
import { POOL_B_ID, POOL_B_SECRET, SEEDED_APPS } from "../../emulator";
import { ApplicationSecret } from "../../provider";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResource } from "../../harness/state";

describe("adopt: true", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  let original: string;
  let calls: Record<string, number>;

  beforeAll(async () => {
    original = scenario().secretOf(SEEDED_APPS.web);
    stack = await scenario().openStack(
      secretsProgram([{ name: "web", appId: SEEDED_APPS.web, adopt: true, rotateAfter: "90d" }]),
    );
    calls = (await scenario().callsDuring(() => stack.up())).calls;
  });

  test("create reads the current secret and makes no refresh call", () => {
    expect(calls).toEqual({ "get-management-token": 1, "get-application-secret": 1 });
    expect(scenario().emulator.control.app(SEEDED_APPS.web).rotations).toBe(0);
  });

  test("state holds the secret the application already had, recorded as adopted", async () => {
    expect(plainSecret(await stack.plainState(), "web")).toBe(original);
    const web = secretResource(stack.exportState(), "web").outputs;
    expect(web.rotationReason).toBe("adopted");
    expect(web.rotationCount).toBe(1);
    expect(web.history).toEqual([
      // The emulator, like GenAuth's documentation, gives no requestId on success: none is recorded.
      { at: web.rotatedAt, reason: "adopted", fingerprint: web.fingerprint, requestId: null },
    ]);
    expect(web.nextRotationAt).toBe(new Date(Date.parse(web.scheduledFrom!) + 90 * 86_400_000).toISOString());
  });

  test("dropping adopt later is an update that rotates nothing", async () => {
    stack.setProgram(secretsProgram([{ name: "web", appId: SEEDED_APPS.web, rotateAfter: "90d" }]));
    const { result, calls: upCalls } = await scenario().callsDuring(() => stack.up());
    expect(upCalls).toEqual({});
    expect(result.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(scenario().secretOf(SEEDED_APPS.web)).toBe(original);
  });
});

describe("ApplicationSecret.get", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  let originals: string[];
  let outputs: Record<string, { value: unknown; secret: boolean }>;
  let calls: Record<string, number>;

  beforeAll(async () => {
    originals = [SEEDED_APPS.api, SEEDED_APPS.billing].map((id) => scenario().secretOf(id));
    stack = await scenario().openStack(async () => {
      const api = ApplicationSecret.get("api", SEEDED_APPS.api);
      const billing = ApplicationSecret.get("billing", SEEDED_APPS.billing, {
        connection: { host: scenario().emulator.url, accessKeyId: POOL_B_ID, accessKeySecret: POOL_B_SECRET },
      });
      return { api: api.secret, billing: billing.secret, apiFingerprint: api.fingerprint };
    });
    const run = await scenario().callsDuring(() => stack.up());
    calls = run.calls;
    outputs = run.result.outputs;
  });

  test("reads each application's current secret without rotating it", () => {
    expect(calls).toEqual({ "get-management-token": 2, "get-application-secret": 2 });
    expect(scenario().emulator.control.app(SEEDED_APPS.api).rotations).toBe(0);
    expect(scenario().emulator.control.app(SEEDED_APPS.billing).rotations).toBe(0);
  });

  test("exposes the secrets as secret outputs equal to GenAuth's, with a non-secret fingerprint", () => {
    expect([outputs.api, outputs.billing]).toEqual(originals.map((value) => ({ value, secret: true })));
    expect(outputs.apiFingerprint).toEqual({ value: expect.stringMatching(/^[0-9a-f]{16}$/), secret: false });
  });

  test("records the resources as external reads, with the secret encrypted in state", () => {
    const api = secretResource(stack.exportState(), "api") as unknown as Record<string, unknown>;
    expect(api.external).toBe(true);
    expect(api.id).toBe(SEEDED_APPS.api);
    expect(stack.rawStateText()).not.toContain(originals[0]);
  });
});
