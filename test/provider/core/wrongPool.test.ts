/**
 * GenAuth scopes every call to the credentials' user pool, so "application does not exist"
 * (apiCode 2011) from another pool says nothing about the app: a refresh must never drop a resource
 * from state because the key pair of another pool was configured.
 */
import { POOL_A_ID, POOL_B_ID, POOL_B_SECRET } from "../../../emulator";
import { APP_1, configuredProvider, useEmulator } from "../../support/emulator";

const emulator = useEmulator();

describe("refresh of an app created in pool A", () => {
  it("records the user pool when the secret is created", async () => {
    const provider = await configuredProvider(emulator().url);
    const { outs } = await provider.create({ appId: APP_1 });
    expect(outs.userPoolId).toBe(POOL_A_ID);
  });

  it("with pool B's key pair fails naming both pools and the settings, and leaves state alone", async () => {
    const { outs } = await (await configuredProvider(emulator().url)).create({ appId: APP_1 });
    const poolB = await configuredProvider(emulator().url, {
      config: { "genauth:accessKeyId": POOL_B_ID, "genauth:accessKeySecret": POOL_B_SECRET },
    });
    const error = (await poolB.read(APP_1, outs).catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      new RegExp(
        `^refresh of app ${APP_1}: GenAuth at .* says the application does not exist in user pool ${POOL_B_ID}, ` +
          `which the key pair genauth:accessKeyId/genauth:accessKeySecret addresses, but state records it in user pool ${POOL_A_ID}\\. ` +
          `State is unchanged\\..*apiCode 2011.*\\(requestId \\w+\\)$`,
      ),
    );
    expect(error.message).not.toContain(POOL_B_SECRET);
    expect(error.name).toBe("WrongPoolError");
  });

  it("without a recorded pool (state before 0.2) fails rather than dropping the resource", async () => {
    const { outs } = await (await configuredProvider(emulator().url)).create({ appId: APP_1 });
    const { userPoolId: _recorded, ...legacy } = outs;
    const poolB = await configuredProvider(emulator().url, {
      config: { "genauth:accessKeyId": POOL_B_ID, "genauth:accessKeySecret": POOL_B_SECRET },
    });
    await expect(poolB.read(APP_1, legacy)).rejects.toThrow(/state does not record which user pool/);
  });

  it("reports the resource gone when the app is missing from the pool state recorded", async () => {
    const provider = await configuredProvider(emulator().url);
    const { outs } = await provider.create({ appId: APP_1 });
    const missing = "6229ffaa00000000000000ff";
    expect(await provider.read(missing, { ...outs, appId: missing })).toEqual({ id: "", props: {} });
  });
});
