/**
 * Upgrades: read and delete run the `__provider` text stored in state by the version that wrote it
 * (pulumi#6238). That text only names `pulumi-genauth/provider-runtime`, so state written by 0.1.0
 * must refresh and destroy with the code built now. The fixture is the exact `__provider` of 0.1.0.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { POOL_A_ID, POOL_A_SECRET } from "../../emulator";
import { APP_1, useEmulator } from "../support/emulator";
import { makeProgramDir } from "../support/workdir";

const emulator = useEmulator();
const FIXTURE = path.join(__dirname, "..", "fixtures", "provider-0.1.0.js");

describe("state written by pulumi-genauth 0.1.0", () => {
  it("refreshes and destroys with the current build", async () => {
    const dir = makeProgramDir();
    fs.copyFileSync(FIXTURE, path.join(dir, "provider.js"));
    fs.writeFileSync(
      path.join(dir, "run.js"),
      `const provider = require("./provider.js").handler();
const config = JSON.parse(process.env.TEST_CONFIG);
(async () => {
  await provider.configure({ config: { get: (k) => config[k] } });
  const { outs } = await provider.create({ appId: process.env.TEST_APP, onDelete: "rotate" });
  const read = await provider.read(outs.appId, outs);
  await provider.delete(read.id, read.props);
  console.log(JSON.stringify({ readId: read.id, fingerprint: read.props.fingerprint }));
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
    expect(JSON.parse(stdout).readId).toBe(APP_1);
    // create rotated once, delete (onDelete: rotate) once more: the runtime really ran.
    expect(emulator().control.calls()).toMatchObject({
      "refresh-application-secret": 2,
      "get-application-secret": 2,
    });
  });
});
