/**
 * Scenario 2: no app secret, access key secret or token is ever written in plaintext — not in the
 * backend's files, not in `stack export`, not in anything the CLI printed (with `--debug` too) —
 * across create, rotation, an outside rotation seen by refresh, a preview and a destroy.
 */
import { POOL_A_ID, POOL_A_SECRET, POOL_B_ID, POOL_B_SECRET, SEEDED_APPS } from "../../emulator";
import { findLeaks, JWT_PATTERN } from "./support/leaks";
import { SecretSpec, secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { isEncrypted, secretResources } from "../../harness/state";
import { readFileSync } from "node:fs";
import * as path from "node:path";

describe("secrets in state, exports and CLI output", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  /** Every secret any app has had during the scenario. */
  const appSecrets = new Map<string, string>();
  const remember = () => {
    for (const appId of Object.values(SEEDED_APPS)) {
      const { secret, rotations } = scenario().emulator.control.app(appId);
      appSecrets.set(`secret #${rotations} of ${appId}`, secret);
    }
  };
  const specs = (trigger: string): SecretSpec[] => [
    { name: "web", appId: SEEDED_APPS.web, rotationTrigger: trigger },
    { name: "api", appId: SEEDED_APPS.api, rotationTrigger: { release: trigger } },
    {
      name: "billing",
      appId: SEEDED_APPS.billing,
      rotationTrigger: trigger,
      connection: { host: scenario().emulator.url, accessKeyId: POOL_B_ID, accessKeySecret: POOL_B_SECRET },
    },
  ];
  let exported: ReturnType<E2eStack["exportState"]>;
  let stateAfterRotations = "";

  beforeAll(async () => {
    remember();
    stack = await scenario().openStack(secretsProgram(specs("v1")));
    await stack.up();
    remember();
    stack.setProgram(secretsProgram(specs("v2")));
    // --debug: the SDK then prints its RPC traces, which carry outputs (see debugRedaction.ts).
    await stack.preview({ debug: true });
    await stack.up({ debug: true });
    remember();
    scenario().emulator.control.rotate(SEEDED_APPS.web);
    remember();
    await stack.refresh({ debug: true });
    await stack.preview();
    exported = stack.exportState();
    stateAfterRotations = stack.rawStateText();
    await stack.destroy();
    remember();
  });

  test("goes through create, rotation and drift, so there is something to leak", () => {
    const resources = secretResources(exported);
    expect(resources.web.outputs.rotationReason).toBe("drift");
    expect(resources.api.outputs.rotationReason).toBe("trigger");
    expect(resources.billing.outputs.rotationCount).toBe(2);
    expect(appSecrets.size).toBeGreaterThanOrEqual(10);
  });

  test("no app secret, access key secret or token appears in backend files, exports, config or output", () => {
    const places = {
      "the state file after the rotations": stateAfterRotations,
      "the backend's files (state, backups, history)": stack.backendText(),
      "stack export": JSON.stringify(exported),
      "the stack config file": readFileSync(path.join(scenario().workDir.root, "Pulumi.dev.yaml"), "utf8"),
      "the CLI output and engine events": stack.logText(),
    };
    const needles = {
      ...Object.fromEntries(appSecrets),
      "pool A's access key secret": POOL_A_SECRET,
      "pool B's access key secret": POOL_B_SECRET,
    };
    expect(findLeaks(places, needles)).toEqual([]);
    for (const [place, text] of Object.entries(places))
      expect([place, JWT_PATTERN.test(text)]).toEqual([place, false]);
  });

  test("stores the secret output and the connection input encrypted", () => {
    for (const { inputs, outputs } of Object.values(secretResources(exported))) {
      expect(isEncrypted(outputs.secret)).toBe(true);
      if (inputs.connection !== undefined) {
        expect(isEncrypted(inputs.connection)).toBe(true);
        expect(isEncrypted(outputs.connection)).toBe(true);
      }
    }
    expect(secretResources(exported).billing.inputs.connection).toBeDefined();
  });

  test("keeps credentials, host and tokens out of the serialized provider", () => {
    const forbidden = [
      POOL_A_ID,
      POOL_A_SECRET,
      POOL_B_ID,
      POOL_B_SECRET,
      scenario().emulator.url,
      "127.0.0.1",
    ];
    for (const { inputs, outputs } of Object.values(secretResources(exported))) {
      for (const text of [String(inputs.__provider), outputs.__provider]) {
        expect(text).toContain("pulumi-genauth/provider-runtime");
        expect(forbidden.filter((needle) => text.includes(needle))).toEqual([]);
        expect(text).not.toMatch(JWT_PATTERN);
        expect(text).not.toMatch(/bearer/i);
        expect(text.length).toBeLessThan(4096);
      }
    }
  });

  test("ran with --debug, whose output has the SDK's RPC traces with their secret responses cut", () => {
    expect(stack.logText()).toContain("RegisterResource RPC finished");
    expect(stack.logText()).toContain("[redacted by pulumi-genauth: the response carries secret values]");
  });

  test("shows secret outputs only as [secret] in the CLI output", () => {
    expect(stack.logText()).toMatch(/web\s*:\s*\[secret\]/);
  });
});
