/**
 * Destroy policy: `onDelete: "retain"` (default) leaves the secret alone; `"rotate"` rotates once more
 * on delete, invalidating the secret Pulumi knew — but never when a replacement of the same app
 * (`--replace`, a rename) has already rotated it, so deleting the old resource cannot break the new one.
 */
import { SEEDED_APPS } from "../../emulator";
import { secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResources } from "../../harness/state";

describe("destroy with onDelete", () => {
  const scenario = useScenario();
  const count = (appId: string) => scenario().emulator.control.app(appId).rotations;
  let stack: E2eStack;
  let known: string;

  beforeAll(async () => {
    stack = await scenario().openStack(
      secretsProgram([
        { name: "web", appId: SEEDED_APPS.web, onDelete: "rotate" },
        { name: "api", appId: SEEDED_APPS.api },
      ]),
    );
    await stack.up();
    known = plainSecret(await stack.plainState(), "web");
  });

  test('destroy checks and rotates an onDelete "rotate" app once, and leaves a default "retain" app alone', async () => {
    const apiSecret = scenario().secretOf(SEEDED_APPS.api);
    const { calls } = await scenario().callsDuring(() => stack.destroy());
    expect(calls).toEqual({
      "get-management-token": 1,
      "get-application-secret": 1,
      "refresh-application-secret": 1,
    });
    expect(count(SEEDED_APPS.web)).toBe(2);
    expect(scenario().secretOf(SEEDED_APPS.web)).not.toBe(known);
    expect(count(SEEDED_APPS.api)).toBe(1);
    expect(scenario().secretOf(SEEDED_APPS.api)).toBe(apiSecret);
    expect(secretResources(await stack.plainState())).toEqual({});
  });
});

describe('replacing an onDelete: "rotate" resource', () => {
  const scenario = useScenario();
  const count = (appId: string) => scenario().emulator.control.app(appId).rotations;
  let stack: E2eStack;
  const program = (name: string, onDelete: "rotate" | "retain") =>
    secretsProgram([{ name, appId: SEEDED_APPS.web, onDelete }]);
  const expectStateMatches = async (name: string) =>
    expect(plainSecret(await stack.plainState(), name)).toBe(scenario().secretOf(SEEDED_APPS.web));

  beforeAll(async () => {
    stack = await scenario().openStack(program("web", "rotate"));
    await stack.up();
  });

  test("up --replace rotates for the new resource and the old one's delete does not rotate again", async () => {
    const { result, calls } = await scenario().callsDuring(() => stack.up({ replace: [stack.urn("web")] }));
    expect(result.summary.resourceChanges).toEqual({ replace: 1, same: 1 });
    // The new resource's create reads and rotates; the old one's delete reads and sees it rotated.
    expect(calls).toEqual({
      "get-management-token": 1,
      "refresh-application-secret": 1,
      "get-application-secret": 2,
    });
    expect(count(SEEDED_APPS.web)).toBe(2);
    await expectStateMatches("web");
  });

  test("a rename rotates for the new name and the old name's delete does not rotate again", async () => {
    stack.setProgram(program("web-renamed", "rotate"));
    const { result } = await scenario().callsDuring(() => stack.up());
    expect(result.summary.resourceChanges).toEqual({ create: 1, delete: 1, same: 1 });
    expect(count(SEEDED_APPS.web)).toBe(3);
    expect(Object.keys(secretResources(stack.exportState()))).toEqual(["web-renamed"]);
    await expectStateMatches("web-renamed");
  });

  test('switching to "retain" is an update without a call, and destroy then keeps the secret', async () => {
    stack.setProgram(program("web-renamed", "retain"));
    const update = await scenario().callsDuring(() => stack.up());
    expect(update.calls).toEqual({});
    expect(update.result.summary.resourceChanges).toEqual({ update: 1, same: 1 });
    const secret = scenario().secretOf(SEEDED_APPS.web);
    const destroy = await scenario().callsDuring(() => stack.destroy());
    expect(destroy.calls).toEqual({});
    expect(scenario().secretOf(SEEDED_APPS.web)).toBe(secret);
  });
});
