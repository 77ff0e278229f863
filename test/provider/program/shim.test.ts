import { PROVIDER_TEXT } from "../../../provider/program/shim";
import { fingerprint } from "../../../provider/client/fingerprint";
import { POOL_A_ID, POOL_A_SECRET } from "../../../emulator";
import { APP_1, useEmulator } from "../../support/emulator";
import { runSerializedProvider } from "../../support/serializedProvider";

const emulator = useEmulator();

describe("the serialized provider (__provider)", () => {
  it("is one line that loads the installed runtime, and holds no code, credential, host or token", () => {
    const text = PROVIDER_TEXT;
    expect(text).toBe('exports.handler = () => require("pulumi-genauth/provider-runtime").provider;\n');
    expect(text).toContain('"pulumi-genauth/provider-runtime"');
    for (const leaked of [
      POOL_A_SECRET,
      POOL_A_ID,
      emulator().url,
      "127.0.0.1",
      "api.genauth.ai",
      "axios",
      "Bearer",
    ]) {
      expect(text).not.toContain(leaked);
    }
  });

  it("runs create against GenAuth when loaded in a fresh process from a program directory", async () => {
    const result = await runSerializedProvider(
      PROVIDER_TEXT,
      emulator().url,
      APP_1,
      `const { id, outs } = await provider.create({ appId });
  console.log(JSON.stringify({ id, fingerprint: outs.fingerprint }));`,
    );
    expect(result).toEqual({ id: APP_1, fingerprint: fingerprint(emulator().control.app(APP_1).secret) });
    expect(emulator().control.calls()["refresh-application-secret"]).toBe(1);
  });
});
