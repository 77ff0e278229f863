import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../../provider/shim";
import { fingerprint } from "../../provider/lifecycle/fingerprint";
import { POOL_A_ID, POOL_A_SECRET } from "../../emulator";
import { APP_1, useEmulator } from "../support/emulator";
import { makeProgramDir } from "../support/workdir";

const emulator = useEmulator();

/** Serializes the provider exactly as `dynamic.Resource` does for `__provider`. */
async function serializedProvider(): Promise<string> {
  const result = await pulumi.runtime.serializeFunction(() => providerShim, { allowSecrets: true });
  return result.text;
}

describe("the serialized provider (__provider)", () => {
  it("is a small shim that holds no code, credential, host or token", async () => {
    const text = await serializedProvider();
    expect(text.length).toBeLessThan(3000);
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
    const text = await serializedProvider();
    const dir = makeProgramDir();
    fs.writeFileSync(path.join(dir, "provider.js"), text);
    fs.writeFileSync(
      path.join(dir, "run.js"),
      `const provider = require("./provider.js").handler();
const config = JSON.parse(process.env.TEST_CONFIG);
(async () => {
  await provider.configure({ config: { get: (k) => config[k] } });
  const { id, outs } = await provider.create({ appId: process.env.TEST_APP });
  console.log(JSON.stringify({ id, fingerprint: outs.fingerprint }));
})().catch((e) => { console.error(e.message); process.exit(1); });`,
    );
    const config = {
      "genauth:host": emulator().url,
      "genauth:accessKeyId": POOL_A_ID,
      "genauth:accessKeySecret": POOL_A_SECRET,
    };
    const { stdout } = await promisify(execFile)(process.execPath, ["run.js"], {
      cwd: dir,
      env: { PATH: process.env.PATH, TEST_CONFIG: JSON.stringify(config), TEST_APP: APP_1 },
    });
    expect(JSON.parse(stdout)).toEqual({
      id: APP_1,
      fingerprint: fingerprint(emulator().control.app(APP_1).secret),
    });
    expect(emulator().control.calls()["refresh-application-secret"]).toBe(1);
  });
});
