/**
 * The fair baselines of the benchmarks are fair only while they make the GenAuth calls the product
 * makes: this runs the product's provider and the dynamic fair no-op (`fairNoopProvider.js`, whose
 * calls go through `bareGenAuth.js`, as the native fair no-op's do) through create, update and read
 * against the emulator and compares the calls, operation by operation. No timing here: the
 * benchmarks print that.
 */
import { POOL_A_ID, POOL_A_SECRET, RunningEmulator, startEmulator } from "../../../emulator";
import { ApplicationSecretProvider } from "../../../provider/core/provider";
import { CallCounts, sameCalls, totalCalls } from "../../../bench/support/calls";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fair = require("../../../bench/support/fairNoopProvider.js").provider as {
  configure(req: { config: { get(key: string): string | undefined } }): Promise<void>;
  create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }>;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<unknown>;
  read(id: string, props: Record<string, unknown>): Promise<unknown>;
};

const APP = "65b0aa0000000000000000f1";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.control.addApp({ appId: APP, userPoolId: POOL_A_ID });
});
afterAll(() => emulator.stop());

function config(): { config: { get(key: string): string | undefined } } {
  const values: Record<string, string> = {
    "genauth:host": emulator.url,
    "genauth:accessKeyId": POOL_A_ID,
    "genauth:accessKeySecret": POOL_A_SECRET,
  };
  return { config: { get: (key) => values[key] } };
}

/** The calls `step` makes, counted by the emulator. */
async function callsOf(step: () => Promise<unknown>): Promise<CallCounts> {
  emulator.control.resetCalls();
  await step();
  return emulator.control.calls();
}

/** The calls of create, update and read in one fresh provider process (one token for all). */
async function lifecycleCalls(
  provider: Pick<typeof fair, "create" | "update" | "read">,
  configure: () => Promise<void>,
): Promise<CallCounts[]> {
  await configure();
  let outs: Record<string, unknown> = {};
  const create = await callsOf(async () => {
    outs = (await provider.create({ appId: APP, rotationTrigger: 1 })).outs;
  });
  const update = await callsOf(() => provider.update(APP, outs, { ...outs, rotationTrigger: 2 }));
  const read = await callsOf(() => provider.read(APP, outs));
  return [create, update, read];
}

test("the fair no-op makes the product's GenAuth calls in create, update and read", async () => {
  const product = new ApplicationSecretProvider({ env: {}, now: () => new Date() });
  const ours = await lifecycleCalls(
    {
      create: async (news) => {
        const { id, outs } = await product.create((await product.check({}, news)).inputs);
        return { id, outs: { ...outs } };
      },
      update: async (id, olds, news) =>
        product.update(id, olds as never, (await product.check(olds, news)).inputs as never),
      read: (id, props) => product.read(id, props),
    },
    () => product.configure(config() as never),
  );
  const baseline = await lifecycleCalls(fair, () => fair.configure(config()));

  expect(sameCalls(ours, baseline)).toBe("same");
  expect(ours.map(totalCalls)).toEqual([3, 1, 1]);
});

test("sameCalls names the first run that differs, operation by operation", () => {
  const a = { "get-management-token": 1, "refresh-application-secret": 2 };
  const b = { "refresh-application-secret": 2, "get-management-token": 1, "get-application": 0 };
  expect(sameCalls([a, a], [b, b])).toBe("same");
  expect(sameCalls([a, a], [b, {}])).toBe(
    "differ in run 2: get-management-token 1, refresh-application-secret 2 vs none",
  );
  expect(totalCalls(a)).toBe(3);
});
