/** The `genauth-emulator` bin as a user runs it (the built `lib/emulator/bin.js`). */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { POOL_A_ID, POOL_A_SECRET } from "../../emulator";
import { GenAuthClient } from "../../provider/client/client";
import { TestCa } from "../support/certificates";

const BIN = path.resolve(__dirname, "../../lib/emulator/bin.js");
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill("SIGTERM");
  child = undefined;
});

function start(args: string[]): Promise<{ url: string; stderr: () => string }> {
  child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child!.stdout!.once("data", (chunk: Buffer) => {
      const match = /^genauth-emulator listening on (https?:\/\/127\.0\.0\.1:\d+)\n/.exec(chunk.toString());
      if (match) resolve({ url: match[1], stderr: () => err });
      else reject(new Error(`unexpected first line: ${chunk}`));
    });
    child!.once("exit", (code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
}

describe("genauth-emulator", () => {
  it("prints one line with its URL on stdout and serves the API there", async () => {
    const { url } = await start(["--port", "0", "--quiet"]);
    const res = await fetch(`${url}/api/v3/get-management-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET }),
    });
    const body = (await res.json()) as { statusCode: number; data: { expires_in: number } };
    expect(body.statusCode).toBe(200);
    expect(body.data.expires_in).toBe(7200);
  });

  it("lists the seeded apps on stderr but never an app secret", async () => {
    const { url, stderr } = await start(["--port", "0"]);
    const app = (await (await fetch(`${url}/__emulator/apps/6229ffaa0000000000000001`)).json()) as {
      secret: string;
    };
    expect(stderr()).toContain("6229ffaa0000000000000001");
    expect(stderr()).not.toContain(app.secret);
  });

  it("serves HTTPS with --tls-cert and --tls-key", async () => {
    const ca = new TestCa();
    const dir = mkdtempSync(path.join(tmpdir(), "emulator-tls-"));
    try {
      const { cert, key } = ca.issue();
      writeFileSync(path.join(dir, "cert.pem"), cert);
      writeFileSync(path.join(dir, "key.pem"), key);
      const { url } = await start([
        "--port",
        "0",
        "--quiet",
        "--tls-cert",
        path.join(dir, "cert.pem"),
        "--tls-key",
        path.join(dir, "key.pem"),
      ]);
      expect(url).toMatch(/^https:\/\//);
      const client = new GenAuthClient({
        host: url,
        accessKeyId: POOL_A_ID,
        accessKeySecret: POOL_A_SECRET,
        timeoutMs: 5_000,
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1_000 },
        tls: { caCertificates: ca.cert },
      });
      // The seeded app's secret, over TLS (the emulator issues 32 hex characters).
      await expect(client.getApplicationSecret("6229ffaa0000000000000001")).resolves.toEqual({
        secret: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits with code 2 on an unknown flag", async () => {
    child = spawn(process.execPath, [BIN, "--bogus"], { stdio: "ignore" });
    const code = await new Promise((resolve) => child!.once("exit", resolve));
    expect(code).toBe(2);
  });
});
