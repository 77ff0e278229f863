import * as pulumi from "@pulumi/pulumi";
import { ApplicationSecret } from "../../../provider";
import { PROMISE_LEAK_DEBUG_ENV, pausePromiseStacks } from "../../../provider/program/promiseStacks";

pulumi.runtime.setMocks(
  {
    newResource: (args) => ({ id: String(args.inputs.appId), state: args.inputs }),
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

/** The SDK's record of its live promises, each with the stack it captured (SDK internals of 3.276). */
type TrackedPromise = Promise<unknown> & { _debugCtx?: string; _debugStackTrace?: string };
function trackedPromises(): Set<TrackedPromise> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const state = require("@pulumi/pulumi/runtime/state") as {
    getStore(): { leakCandidates: Set<TrackedPromise> };
  };
  return state.getStore().leakCandidates;
}

/** The stacks the SDK captured for the properties of the resource named `name`. */
function propertyStacks(name: string): string[] {
  return [...trackedPromises()]
    .filter((p) => p._debugCtx?.startsWith(`transferProperty(resource:${name}[`))
    .map((p) => p._debugStackTrace ?? "");
}

describe("pausePromiseStacks", () => {
  const original = Error.stackTraceLimit;
  afterEach(() => {
    Error.stackTraceLimit = original;
  });

  it("turns stack capture off until resumed, then puts the previous limit back", () => {
    Error.stackTraceLimit = 25;
    const resume = pausePromiseStacks({});
    expect(Error.stackTraceLimit).toBe(0);
    expect(new Error("x").stack).toBe("Error: x");
    resume();
    expect(Error.stackTraceLimit).toBe(25);
  });

  it(`leaves capture on while ${PROMISE_LEAK_DEBUG_ENV} is set, when the SDK prints those stacks`, () => {
    Error.stackTraceLimit = 25;
    pausePromiseStacks({ [PROMISE_LEAK_DEBUG_ENV]: "1" })();
    expect(Error.stackTraceLimit).toBe(25);
  });
});

describe("ApplicationSecret's registration", () => {
  const saved = process.env[PROMISE_LEAK_DEBUG_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[PROMISE_LEAK_DEBUG_ENV];
    else process.env[PROMISE_LEAK_DEBUG_ENV] = saved;
  });

  it("captures no stack for the SDK's property promises", () => {
    delete process.env[PROMISE_LEAK_DEBUG_ENV];
    new ApplicationSecret("quiet", { appId: "app-quiet" });
    const stacks = propertyStacks("quiet");
    expect(stacks.length).toBeGreaterThanOrEqual(10);
    expect(stacks.every((stack) => !stack.includes("\n    at "))).toBe(true);
  });

  it(`captures them as before with ${PROMISE_LEAK_DEBUG_ENV}`, () => {
    process.env[PROMISE_LEAK_DEBUG_ENV] = "1";
    new ApplicationSecret("debugged", { appId: "app-debugged" });
    const stacks = propertyStacks("debugged");
    expect(stacks.length).toBeGreaterThanOrEqual(10);
    expect(stacks.every((stack) => stack.includes("promiseStacks.test.ts"))).toBe(true);
  });

  it("puts the stack limit back, also when the SDK throws during registration", () => {
    const before = Error.stackTraceLimit;
    new ApplicationSecret("restored", { appId: "app-restored" });
    expect(Error.stackTraceLimit).toBe(before);
    expect(
      () =>
        new ApplicationSecret(
          "throws",
          { appId: "app-throws" },
          {
            parent: {} as pulumi.Resource,
          },
        ),
    ).toThrow();
    expect(Error.stackTraceLimit).toBe(before);
  });
});
