/**
 * Requests signed exactly as the GenAuth-branded Node SDK's sources sign them (genauth-node-sdk,
 * `src/utils/buildSignature.ts` and `src/ManagementHttpClient.ts`, as summarised in
 * shared/genauth-api.md), sent by axios as the SDK sends them, against the emulator. The SDK is not
 * on the npm registry reachable here, so this file re-creates its request building step by step
 * from those facts rather than importing it:
 *
 * 1. headers: accept and content-type JSON, `x-genauth-signature-nonce` (an md5 hex), method
 *    HMAC-SHA1, version 1.0, a user agent, `x-genauth-sdk-version: gen-auth-node-sdk:<v>`, then
 *    `x-genauth-app-id` when a tenant is set, `x-genauth-lang` (default zh-CN) and `date` as
 *    `new Date().toUTCString()`;
 * 2. stringToSign: `METHOD\n`, every header whose name starts with `x-genauth-` or is `date`,
 *    sorted, as `name:value\n` with tabs and line breaks made spaces and the value trimmed, then
 *    the path and `?` with the sorted `key=value` pairs of the query (GET) or body (POST), undefined
 *    skipped, objects JSON-stringified, values not URL-encoded;
 * 3. `authorization: GenAuth <accessKeyId>:<base64 HMAC-SHA1>`.
 *
 * What this proves: the emulator accepts that dialect as the SDK's sources build it. What it cannot
 * prove: that api.genauth.ai verifies it the same way (see docs/private-deployments.md, "Dialects").
 */
import axios from "axios";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator/seed";
import { RunningEmulator, startEmulator } from "../../emulator/server";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

type Params = Record<string, unknown>;

function genauthSdkStringToSign(
  method: string,
  path: string,
  headers: Record<string, string>,
  params: Params,
) {
  const names = Object.keys(headers)
    .filter((name) => name.startsWith("x-genauth-") || name === "date")
    .sort();
  const headerLines = names.map((name) => `${name}:${headers[name].replace(/[\t\n\r\f]/g, " ").trim()}\n`);
  const pairs = Object.keys(params)
    .sort()
    .filter((key) => params[key] !== undefined)
    .map((key) => {
      const value = params[key];
      return `${key}=${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`;
    });
  return `${method}\n${headerLines.join("")}${pairs.length === 0 ? path : `${path}?${pairs.join("&")}`}`;
}

/** One management call as the GenAuth Node SDK makes it. */
async function genauthSdkCall(
  method: "GET" | "POST",
  path: string,
  params: Params,
  options: { tenantId?: string; lang?: string; accessKeySecret?: string } = {},
) {
  const headers: Record<string, string> = {
    accept: "application/json",
    "content-type": "application/json",
    "x-genauth-signature-nonce": createHash("md5").update(randomBytes(16)).digest("hex"),
    "x-genauth-signature-method": "HMAC-SHA1",
    "x-genauth-signature-version": "1.0",
    "user-agent": "GenAuthIdentityCloud (linux; x64) Node.js/v20 Core/1.0.0",
    "x-genauth-sdk-version": "gen-auth-node-sdk:1.0.0",
  };
  if (options.tenantId) headers["x-genauth-app-id"] = options.tenantId;
  headers["x-genauth-lang"] = options.lang ?? "zh-CN";
  headers.date = new Date().toUTCString();
  const text = genauthSdkStringToSign(method, path, headers, params);
  const signature = createHmac("sha1", options.accessKeySecret ?? POOL_A_SECRET)
    .update(Buffer.from(text, "utf8"))
    .digest("base64");
  headers.authorization = `GenAuth ${POOL_A_ID}:${signature}`;
  const { data } = await axios.request({
    baseURL: emulator.url,
    url: path,
    method,
    headers,
    params: method === "GET" ? params : undefined,
    data: method === "POST" ? params : undefined,
    validateStatus: () => true,
  });
  return data as { statusCode: number; apiCode?: number; data?: { secret?: string } };
}

describe("requests signed as the GenAuth Node SDK signs them", () => {
  it("rotate a secret (POST, body signed) and read the new one back (GET, query signed)", async () => {
    const refreshed = await genauthSdkCall("POST", "/api/v3/refresh-application-secret", {
      appId: SEEDED_APPS.web,
    });
    expect(refreshed).toMatchObject({
      statusCode: 200,
      data: { secret: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    const read = await genauthSdkCall("GET", "/api/v3/get-application-secret", { appId: SEEDED_APPS.web });
    expect(read.data?.secret).toBe(refreshed.data?.secret);
    expect(emulator.control.requests().map((entry) => entry.authScheme)).toEqual([
      "genauth-signature",
      "genauth-signature",
    ]);
  });

  it("verify with a tenant's x-genauth-app-id, another language and an ignored undefined field", async () => {
    const answer = await genauthSdkCall(
      "POST",
      "/api/v3/refresh-application-secret",
      { appId: SEEDED_APPS.web, unused: undefined },
      { tenantId: "tenant-1", lang: "en-US" },
    );
    expect(answer.statusCode).toBe(200);
  });

  it("with the wrong secret are refused with apiCode 1300", async () => {
    const answer = await genauthSdkCall(
      "GET",
      "/api/v3/get-application-secret",
      { appId: SEEDED_APPS.web },
      { accessKeySecret: "not-the-secret" },
    );
    expect(answer).toMatchObject({ statusCode: 401, apiCode: 1300 });
  });
});
