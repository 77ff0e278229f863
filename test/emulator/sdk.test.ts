/**
 * Drives the emulator with the official `authing-node-sdk` (AK/SK-signed requests), to prove that a
 * real client's signatures verify. The SDK sets `axios.defaults.baseURL` for its whole module registry
 * when constructed; Jest gives each test file its own registry, and this file uses no axios of its own,
 * so nothing leaks into other tests. The SDK stamps `date` with the real clock, so the emulator does too.
 */
import { ManagementClient } from "authing-node-sdk";
import {
  COLLABORATOR_KEY_ID,
  COLLABORATOR_KEY_SECRET,
  POOL_A_ID,
  POOL_A_SECRET,
  SEEDED_APPS,
} from "../../emulator/seed";
import { RunningEmulator, startEmulator } from "../../emulator/server";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(() => emulator.stop());

beforeEach(() => emulator.control.reset());

function sdk(accessKeyId = POOL_A_ID, accessKeySecret = POOL_A_SECRET): ManagementClient {
  return new ManagementClient({ accessKeyId, accessKeySecret, host: emulator.url, timeout: 5000 });
}

describe("authing-node-sdk against the emulator", () => {
  it("refreshes a secret with a signed request and reads the new one back", async () => {
    const client = sdk();
    const refreshed = await client.refreshApplicationSecret({ appId: SEEDED_APPS.web });
    expect(refreshed).toMatchObject({
      statusCode: 200,
      data: { secret: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    const read = await client.getApplicationSecret({ appId: SEEDED_APPS.web });
    expect(read.data.secret).toBe(refreshed.data.secret);
    expect(emulator.control.app(SEEDED_APPS.web)).toMatchObject({
      secret: refreshed.data.secret,
      rotations: 1,
    });
    expect(emulator.control.requests().map((entry) => entry.authScheme)).toEqual(["signature", "signature"]);
  });

  it("reads application details, simple info and the list with signed GET parameters", async () => {
    const client = sdk(COLLABORATOR_KEY_ID, COLLABORATOR_KEY_SECRET);
    expect((await client.getApplication({ appId: SEEDED_APPS.api })).data).toMatchObject({ appName: "api" });
    expect((await client.getApplicationSimpleInfo({ appId: SEEDED_APPS.api })).data).toMatchObject({
      appName: "api",
    });
    const list = await client.listApplications({ page: 1, limit: 2 });
    expect(list).toMatchObject({ statusCode: 200, data: { totalCount: 3 } });
    expect(list.data.list).toHaveLength(2);
  });

  it("resolves with statusCode 404 and apiCode 2011 for an app of another pool", async () => {
    const answer = await sdk().getApplicationSecret({ appId: SEEDED_APPS.billing });
    expect(answer).toMatchObject({ statusCode: 404, apiCode: 2011 });
  });

  it("resolves with apiCode 1300 when the key secret is wrong and rotates nothing", async () => {
    const answer = await sdk(POOL_A_ID, "not-the-secret").refreshApplicationSecret({
      appId: SEEDED_APPS.web,
    });
    expect(answer).toMatchObject({ statusCode: 401, apiCode: 1300 });
    expect(emulator.control.app(SEEDED_APPS.web).rotations).toBe(0);
  });

  it("resolves with apiCode 2020 for an unknown key id", async () => {
    const answer = await sdk("no-such-key", "whatever").getApplicationSecret({ appId: SEEDED_APPS.web });
    expect(answer).toMatchObject({ statusCode: 401, apiCode: 2020 });
  });

  it("rejects with the HTTP status when throttled, as the SDK does for any non-2xx", async () => {
    emulator.control.addFaults({ operation: "refresh-application-secret", effect: { kind: "throttle" } });
    await expect(sdk().refreshApplicationSecret({ appId: SEEDED_APPS.web })).rejects.toMatchObject({
      response: { status: 429 },
    });
  });
});
