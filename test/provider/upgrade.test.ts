/**
 * Upgrades: read and delete run the `__provider` text stored in state by the version that wrote it
 * (pulumi#6238). That text only names `pulumi-genauth/provider-runtime`, so state written by 0.1.0
 * must refresh and destroy with the code built now. The fixture is the exact `__provider` of 0.1.0.
 */
import * as fs from "fs";
import * as path from "path";
import { APP_1, useEmulator } from "../support/emulator";
import { runSerializedProvider } from "../support/serializedProvider";

const emulator = useEmulator();
const FIXTURE = path.join(__dirname, "..", "fixtures", "provider-0.1.0.js");

describe("state written by pulumi-genauth 0.1.0", () => {
  it("refreshes and destroys with the current build", async () => {
    const result = (await runSerializedProvider(
      fs.readFileSync(FIXTURE, "utf8"),
      emulator().url,
      APP_1,
      `const { outs } = await provider.create({ appId, onDelete: "rotate" });
  const read = await provider.read(outs.appId, outs);
  await provider.delete(read.id, read.props);
  console.log(JSON.stringify({ readId: read.id }));`,
    )) as { readId: string };
    expect(result.readId).toBe(APP_1);
    // create read and rotated once, read read, delete (onDelete: rotate) read and rotated once more:
    // the current runtime really ran.
    expect(emulator().control.calls()).toMatchObject({
      "refresh-application-secret": 2,
      "get-application-secret": 3,
    });
  });
});
