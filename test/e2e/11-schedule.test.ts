/**
 * Scheduled rotation (`rotateAfter`), decided by the provider's diff from state and the clock: plain
 * `preview` shows a due rotation and plain `up` performs it, without `--refresh` and without API
 * calls at preview. Time is controlled by moving the schedule's start (`scheduledFrom`) and
 * `rotatedAt` into the past in exported state and importing it back (the provider has no test
 * clock override).
 */
import { SEEDED_APPS } from "../../emulator";
import { SecretSpec, secretsProgram } from "./support/programs";
import { useScenario } from "./support/scenario";
import { E2eStack } from "../../harness/stack";
import { plainSecret, secretResource, secretResources } from "../../harness/state";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const REFRESH = "refresh-application-secret";

describe("scheduled rotation with rotateAfter", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  const specs: Record<"web" | "api" | "worker", SecretSpec> = {
    web: { name: "web", appId: SEEDED_APPS.web, rotateAfter: "1d" },
    api: { name: "api", appId: SEEDED_APPS.api, rotateAfter: "P2W", rotationTrigger: "v1" },
    worker: { name: "worker", appId: SEEDED_APPS.worker },
  };
  const apply = () => stack.setProgram(secretsProgram(Object.values(specs)));
  const state = (name: string) => secretResource(stack.exportState(), name).outputs;
  const rotations = (appId: string) => scenario().emulator.control.app(appId).rotations;

  beforeAll(async () => {
    stack = await scenario().openStack(secretsProgram(Object.values(specs)));
    await stack.up();
  });

  test("nextRotationAt is the schedule's start plus the interval, and empty without a schedule", () => {
    const outputs = secretResources(stack.exportState());
    const next = (name: string, ms: number) =>
      new Date(Date.parse(outputs[name].outputs.scheduledFrom!) + ms).toISOString();
    // The start is when this up planned the rotation: a moment before the rotation itself.
    const { scheduledFrom, rotatedAt } = outputs.web.outputs;
    expect(Date.parse(scheduledFrom!)).toBeLessThanOrEqual(Date.parse(rotatedAt));
    expect(Date.parse(rotatedAt) - Date.parse(scheduledFrom!)).toBeLessThan(60_000);
    expect(outputs.web.outputs.nextRotationAt).toBe(next("web", DAY));
    expect(outputs.api.outputs.nextRotationAt).toBe(next("api", 14 * DAY));
    expect(outputs.worker.outputs.nextRotationAt).toBe("");
  });

  test("a schedule that is not due changes nothing at preview", async () => {
    const { result, calls } = await scenario().callsDuring(() => stack.preview());
    expect(calls).toEqual({});
    expect(result.steps).toEqual({ web: ["same"], api: ["same"], worker: ["same"] });
  });

  test("a due schedule shows as an update in plain preview, decided without any API call", async () => {
    await stack.backdateSchedule("web", ago(10 * DAY)); // ten intervals late
    const { result, calls } = await scenario().callsDuring(() => stack.preview());
    expect(calls).toEqual({});
    expect(result.steps).toEqual({ web: ["update"], api: ["same"], worker: ["same"] });
  });

  test("plain up rotates a late schedule exactly once, for the reason schedule", async () => {
    const started = Date.now();
    const { calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({ "get-management-token": 1, [REFRESH]: 1 });
    expect(rotations(SEEDED_APPS.web)).toBe(2);
    const web = state("web");
    expect(web.rotationReason).toBe("schedule");
    expect(Date.parse(web.rotatedAt)).toBeGreaterThanOrEqual(started - 1000);
    expect(web.nextRotationAt).toBe(new Date(Date.parse(web.scheduledFrom!) + DAY).toISOString());
    expect(web.history.map((h) => h.reason)).toEqual(["created", "schedule"]);
    expect(plainSecret(await stack.plainState(), "web")).toBe(scenario().secretOf(SEEDED_APPS.web));
  });

  test("the next up does not rotate again", async () => {
    const { result, calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({});
    expect(result.summary.resourceChanges).toEqual({ same: 4 });
  });

  test("a trigger change and a due schedule in one run rotate once, for the reason trigger", async () => {
    await stack.backdateSchedule("api", ago(30 * DAY));
    specs.api = { ...specs.api, rotationTrigger: "v2" };
    apply();
    const { calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({ "get-management-token": 1, [REFRESH]: 1 });
    expect(rotations(SEEDED_APPS.api)).toBe(2);
    expect(state("api").rotationReason).toBe("trigger");
  });

  test("changing rotateAfter alone updates without rotating, unless the new interval is due", async () => {
    await stack.backdateSchedule("worker", ago(2 * HOUR));
    const workerCount = state("worker").rotationCount;
    specs.web = { ...specs.web, rotateAfter: "2d" }; // not due: rotated seconds ago
    specs.worker = { ...specs.worker, rotateAfter: "PT1H" }; // due: rotated 2 hours ago
    apply();
    const preview = await stack.preview();
    expect(preview.steps).toEqual({ web: ["update"], api: ["same"], worker: ["update"] });
    const { calls } = await scenario().callsDuring(() => stack.up());
    expect(calls).toEqual({ "get-management-token": 1, [REFRESH]: 1 });
    expect(rotations(SEEDED_APPS.web)).toBe(2);
    expect(rotations(SEEDED_APPS.worker)).toBe(2);
    const web = state("web");
    expect(web.rotationCount).toBe(2);
    expect(web.nextRotationAt).toBe(new Date(Date.parse(web.scheduledFrom!) + 2 * DAY).toISOString());
    expect(state("worker").rotationReason).toBe("schedule");
    expect(state("worker").rotationCount).toBe(workerCount + 1);
  });
});

describe("bad rotateAfter intervals", () => {
  const scenario = useScenario();
  const forms = /"30m", "12h", "90d", "2w"/;
  const bad: Array<[string, RegExp]> = [
    ["P1M", /months and years vary in length; give days instead/],
    ["P1Y", /months and years vary in length; give days instead/],
    ["0d", /shorter than one minute; use at least "1m"/],
    ["-1h", forms],
    ["90 days", forms],
    ["30s", forms],
  ];

  test.each(bad)(
    "preview refuses %s before any API call, saying what to write",
    async (interval, message) => {
      const stack = await scenario().openStack(
        secretsProgram([{ name: "web", appId: SEEDED_APPS.web, rotateAfter: interval }]),
        { stackName: `bad-${bad.findIndex(([i]) => i === interval)}` },
      );
      scenario().emulator.control.resetCalls();
      const error = await stack.failing((s) => s.preview());
      expect(scenario().emulator.control.calls()).toEqual({});
      expect(error).toContain("property rotateAfter");
      expect(error).toMatch(message);
    },
  );
});
