import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { POOL_A_ID, POOL_A_SECRET } from "../../emulator";
import { makeProgramDir } from "../../harness/programModules";

/**
 * Runs serialized provider text (`__provider`) in a fresh Node process whose working directory is a
 * program directory, as the dynamic-provider host does: loads it, calls `configure` with pool A's
 * credentials for `host`, then runs `body` (JavaScript with `provider` and `appId` in scope) and
 * returns the JSON it prints.
 */
export async function runSerializedProvider(
  providerText: string,
  host: string,
  appId: string,
  body: string,
): Promise<unknown> {
  const dir = makeProgramDir();
  fs.writeFileSync(path.join(dir, "provider.js"), providerText);
  fs.writeFileSync(
    path.join(dir, "run.js"),
    `const provider = require("./provider.js").handler();
const config = JSON.parse(process.env.TEST_CONFIG);
const appId = process.env.TEST_APP;
(async () => {
  await provider.configure({ config: { get: (k) => config[k] } });
  ${body}
})().catch((e) => { console.error(e.message); process.exit(1); });`,
  );
  const config = {
    "genauth:host": host,
    "genauth:accessKeyId": POOL_A_ID,
    "genauth:accessKeySecret": POOL_A_SECRET,
  };
  const { stdout } = await promisify(execFile)(process.execPath, ["run.js"], {
    cwd: dir,
    env: { PATH: process.env.PATH, TEST_CONFIG: JSON.stringify(config), TEST_APP: appId },
  });
  return JSON.parse(stdout);
}
