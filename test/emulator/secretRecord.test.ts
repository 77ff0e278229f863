import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { POOL_A_ID, SEEDED_APPS } from "../../emulator/seed";
import { SECRET_LOG_ENV, SecretRecord, secretLogFromEnv } from "../../emulator/secretRecord";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { countingSecrets, managementToken } from "./support";

let dir: string;
let emulator: RunningEmulator | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "genauth-secret-log-"));
});

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "");

describe("SecretRecord", () => {
  it("keeps app secrets and tokens apart, each once, oldest first", () => {
    const record = new SecretRecord();
    record.appSecret("s1");
    record.token("t1");
    record.appSecret("s2");
    record.appSecret("s1");
    expect(record.issued()).toEqual({ appSecrets: ["s1", "s2"], tokens: ["t1"] });
  });

  it("returns copies", () => {
    const record = new SecretRecord();
    record.appSecret("s1");
    record.issued().appSecrets.push("changed");
    expect(record.issued().appSecrets).toEqual(["s1"]);
  });

  it("appends each new value to the log file at once, as one line", () => {
    const file = path.join(dir, "secrets.log");
    const record = new SecretRecord(file);
    record.appSecret("s1");
    expect(lines(file)).toEqual(["s1"]);
    record.token("t1");
    record.appSecret("s1");
    expect(lines(file)).toEqual(["s1", "t1"]);
  });
});

describe("secretLogFromEnv", () => {
  it(`reads ${SECRET_LOG_ENV} and treats an empty value as unset`, () => {
    expect(secretLogFromEnv({ [SECRET_LOG_ENV]: "/tmp/x" })).toBe("/tmp/x");
    expect(secretLogFromEnv({ [SECRET_LOG_ENV]: "" })).toBeUndefined();
    expect(secretLogFromEnv({})).toBeUndefined();
  });
});

describe("the emulator's record of issued secrets", () => {
  async function refresh(url: string, jwt: string): Promise<string> {
    const response = await fetch(`${url}/api/v3/refresh-application-secret`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ appId: SEEDED_APPS.web }),
    });
    return ((await response.json()) as { data: { secret: string } }).data.secret;
  }

  it("holds every secret of the running emulator across resets, and logs each before answering", async () => {
    const file = path.join(dir, "secrets.log");
    emulator = await startEmulator({ generateSecret: countingSecrets(), secretLogFile: file });
    const { url, control } = emulator;
    const jwt = await managementToken(url);
    expect(lines(file)).toContain(jwt);
    const rotated = await refresh(url, jwt);
    expect(lines(file)).toContain(rotated);
    control.rotate(SEEDED_APPS.api);
    control.addApp({ appId: "extra", userPoolId: POOL_A_ID });
    control.reset();
    const issued = control.issuedSecrets();
    expect(issued).toEqual({
      appSecrets: Array.from({ length: 11 }, (_, i) => `secret-${i + 1}`),
      tokens: [jwt],
    });
    expect(lines(file)).toEqual([
      ...["secret-1", "secret-2", "secret-3", "secret-4", jwt],
      ...issued.appSecrets.slice(4),
    ]);
  });

  it(`logs to the file ${SECRET_LOG_ENV} names when no file is given`, async () => {
    const file = path.join(dir, "from-env.log");
    const saved = process.env[SECRET_LOG_ENV];
    process.env[SECRET_LOG_ENV] = file;
    try {
      emulator = await startEmulator();
    } finally {
      if (saved === undefined) delete process.env[SECRET_LOG_ENV];
      else process.env[SECRET_LOG_ENV] = saved;
    }
    expect(lines(file)).toEqual(emulator.state.listApps().map((app) => app.secret));
  });
});
