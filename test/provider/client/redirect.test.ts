import { GenAuthError } from "../../../provider/client/errors";
import { MAX_REDIRECTS, redirectStep } from "../../../provider/client/redirect";
import { mayHaveRotated } from "../../../provider/client/retry";
import { APP_1, fastClient, useEmulator } from "../../support/emulator";
import { HostileServer, startHostileServer } from "../../support/hostileServer";

const ORIGIN = "https://genauth.example.com";
const FROM = new URL(`${ORIGIN}/api/v3/refresh-application-secret`);

describe("redirectStep", () => {
  it("is undefined for answers that are no redirect", () => {
    for (const status of [200, 300, 304, 429, 500]) {
      expect(redirectStep(status, "GET", "/x", FROM, ORIGIN, 0)).toBeUndefined();
    }
  });

  it.each([307, 308])("follows %i within the origin, keeping the method and the body", (status) => {
    expect(redirectStep(status, "POST", "/v3/refresh?x=1", FROM, ORIGIN, 0)).toEqual({
      follow: true,
      url: new URL(`${ORIGIN}/v3/refresh?x=1`),
      method: "POST",
      keepBody: true,
    });
  });

  it.each([301, 302, 303])("follows %i of a GET as a GET", (status) => {
    expect(redirectStep(status, "GET", `${ORIGIN}/other`, FROM, ORIGIN, 0)).toMatchObject({
      follow: true,
      method: "GET",
      keepBody: false,
    });
  });

  it.each([301, 302, 303])("does not follow %i of a POST, which may have been processed", (status) => {
    expect(redirectStep(status, "POST", "/other", FROM, ORIGIN, 0)).toEqual({
      follow: false,
      mayHaveRun: true,
      problem: expect.stringMatching(/GenAuth may have processed the request/),
    });
  });

  it("never follows another origin, naming both, and says a 307 did not run", () => {
    const step = redirectStep(307, "POST", "https://evil.example:8443/steal?token=t", FROM, ORIGIN, 0);
    expect(step).toEqual({
      follow: false,
      mayHaveRun: false,
      problem: expect.stringContaining(`from ${ORIGIN} to another origin, https://evil.example:8443`),
    });
    expect(JSON.stringify(step)).not.toContain("token=t");
  });

  it("counts http and https of one host as two origins", () => {
    expect(redirectStep(308, "GET", "http://genauth.example.com/x", FROM, ORIGIN, 0)).toMatchObject({
      follow: false,
    });
  });

  it(`stops after ${MAX_REDIRECTS} hops, and without a usable Location`, () => {
    expect(redirectStep(307, "GET", "/x", FROM, ORIGIN, MAX_REDIRECTS)).toMatchObject({
      follow: false,
      problem: `more than ${MAX_REDIRECTS} redirects (the last to ${ORIGIN}/x)`,
    });
    expect(redirectStep(307, "GET", undefined, FROM, ORIGIN, 0)).toMatchObject({
      follow: false,
      problem: "HTTP 307 redirect without a usable Location header",
    });
    expect(redirectStep(307, "GET", "javascript:alert(1)", FROM, ORIGIN, 0)).toMatchObject({ follow: false });
  });
});

describe("GenAuthClient and redirects from the emulator", () => {
  const emulator = useEmulator();
  let other: HostileServer | undefined;
  afterEach(async () => {
    await other?.close();
    other = undefined;
  });

  it.each([307, 308] as const)(
    "follows a %i of the refresh once and rotates exactly once",
    async (status) => {
      const client = fastClient(emulator().url);
      const known = (await client.getApplicationSecret(APP_1)).secret;
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "redirect", status },
      });
      const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
      expect(result.secret).toBe(emulator().control.app(APP_1).secret);
      expect(emulator().control.app(APP_1).rotations).toBe(1);
      expect(emulator().control.calls()["refresh-application-secret"]).toBe(2);
    },
  );

  it("follows redirects of a read, up to the limit", async () => {
    emulator().control.addFaults({
      operation: "get-application-secret",
      effect: { kind: "redirect", status: 302 },
      times: MAX_REDIRECTS,
    });
    await expect(fastClient(emulator().url).getApplicationSecret(APP_1)).resolves.toMatchObject({
      secret: emulator().control.app(APP_1).secret,
    });
  });

  it("fails a redirect loop as final, without retrying it", async () => {
    emulator().control.addFaults({
      operation: "get-application-secret",
      effect: { kind: "redirect", status: 307 },
      times: 100,
    });
    const error = (await fastClient(emulator().url)
      .getApplicationSecret(APP_1)
      .catch((e: unknown) => e)) as GenAuthError;
    expect(error).toBeInstanceOf(GenAuthError);
    expect(error.message).toMatch(/more than 3 redirects/);
    expect(error.attempts).toBe(1);
    expect(emulator().control.calls()["get-application-secret"]).toBe(MAX_REDIRECTS + 1);
  });

  it("sends nothing to another origin and names both origins", async () => {
    let reached = 0;
    other = await startHostileServer((_req, res) => {
      reached++;
      res.end();
    });
    const client = fastClient(emulator().url);
    const known = (await client.getApplicationSecret(APP_1)).secret;
    emulator().control.addFaults({
      operation: "refresh-application-secret",
      effect: { kind: "redirect", status: 307, location: `${other.url}/api/v3/refresh-application-secret` },
    });
    const error = (await client
      .refreshApplicationSecret(APP_1, { knownSecret: known })
      .catch((e: unknown) => e)) as GenAuthError;
    expect(error.message).toContain(`redirect from ${emulator().url} to another origin, ${other.url}`);
    expect(error.attempts).toBe(1);
    expect(mayHaveRotated(error)).toBe(false); // a 307 says it was not processed
    expect(reached).toBe(0);
    expect(emulator().control.app(APP_1).rotations).toBe(0);
  });

  it("confirms a refresh answered 303 after GenAuth processed it, instead of rotating again", async () => {
    const client = fastClient(emulator().url);
    const known = (await client.getApplicationSecret(APP_1)).secret;
    emulator().control.addFaults({
      operation: "refresh-application-secret",
      effect: { kind: "redirect", status: 303, afterProcessing: true },
    });
    const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
    expect(result).toMatchObject({ secret: emulator().control.app(APP_1).secret, recovered: true });
    expect(emulator().control.app(APP_1).rotations).toBe(1);
    expect(emulator().control.calls()["refresh-application-secret"]).toBe(1);
  });

  it("sends the refresh again after a 301 that GenAuth shows did not rotate", async () => {
    const client = fastClient(emulator().url);
    const known = (await client.getApplicationSecret(APP_1)).secret;
    emulator().control.addFaults({
      operation: "refresh-application-secret",
      effect: { kind: "redirect", status: 301 },
    });
    const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
    expect(result.recovered).toBeUndefined();
    expect(emulator().control.app(APP_1).rotations).toBe(1);
  });

  it("reports a refresh answered 302 whose fate it cannot learn as one that may have rotated", async () => {
    const client = fastClient(emulator().url);
    const known = (await client.getApplicationSecret(APP_1)).secret;
    emulator().control.addFaults([
      {
        operation: "refresh-application-secret",
        effect: { kind: "redirect", status: 302, afterProcessing: true },
      },
      { operation: "get-application-secret", effect: { kind: "http", status: 500 }, times: 20 },
    ]);
    const error = await client
      .refreshApplicationSecret(APP_1, { knownSecret: known })
      .catch((e: unknown) => e);
    expect(mayHaveRotated(error)).toBe(true);
    expect(emulator().control.calls()["refresh-application-secret"]).toBe(1);
  });
});
