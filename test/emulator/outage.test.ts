import { request } from "node:http";
import { EmulatorControlClient } from "../../emulator/control-client";
import { MAX_OUTAGE_MS, parseOutageMs } from "../../emulator/outage";
import { SEEDED_APPS } from "../../emulator/seed";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { managementToken, waitFor } from "./support";

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(() => emulator.stop());

/**
 * One request on a fresh connection (no keep-alive pool that could hand out a socket the server already
 * closed), resolving with the HTTP status or the error code.
 */
function probe(url: string, path = "/__emulator/calls"): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

/** Waits (real time: an outage is measured by the wall clock, not the emulator's clock). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Probes until the connection is refused: an outage asked for over HTTP starts just after its answer. */
async function refused(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await probe(url)) === "ECONNREFUSED") return;
  throw new Error("the emulator never went down");
}

async function currentSecret(url: string, jwt: string): Promise<unknown> {
  const response = await fetch(`${url}/api/v3/get-application-secret?appId=${SEEDED_APPS.web}`, {
    headers: { authorization: `Bearer ${jwt}` },
  });
  return ((await response.json()) as { data?: { secret: string } }).data?.secret;
}

describe("an outage", () => {
  it("refuses connections, then answers on the same URL with secrets and tokens intact", async () => {
    const jwt = await managementToken(emulator.url);
    const before = emulator.control.app(SEEDED_APPS.web);
    expect(await emulator.control.outage(50)).toEqual({ ms: 50 });
    expect(await probe(emulator.url)).toBe("ECONNREFUSED");
    await emulator.whenUp();
    expect(await probe(emulator.url)).toBe(200);
    expect(await currentSecret(emulator.url, jwt)).toBe(before.secret);
    expect(emulator.control.app(SEEDED_APPS.web)).toEqual(before);
  });

  it("is down between goDown() and comeBack(), for as long as the test needs", async () => {
    const url = emulator.url;
    await emulator.goDown();
    expect(await probe(url)).toBe("ECONNREFUSED");
    expect(await probe(url, "/api/v3/list-applications")).toBe("ECONNREFUSED");
    emulator.control.rotate(SEEDED_APPS.api); // the state stays reachable in process
    await emulator.comeBack();
    expect(await probe(url)).toBe(200);
    expect(emulator.control.app(SEEDED_APPS.api).rotations).toBe(1);
  });

  it("destroys open connections, hanging requests included, without running them", async () => {
    const jwt = await managementToken(emulator.url);
    emulator.control.addFaults({ operation: "refresh-application-secret", effect: { kind: "hang", ms: 50 } });
    const pending = fetch(`${emulator.url}/api/v3/refresh-application-secret`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: jwt },
      body: JSON.stringify({ appId: SEEDED_APPS.web }),
    }).then(
      () => "answered",
      () => "dropped",
    );
    await waitFor(() => emulator.control.faults()[0].fired === 1, "the hang to fire");
    await emulator.goDown();
    expect(await pending).toBe("dropped");
    await emulator.comeBack();
    await pause(100); // past the hang, when the call would have run
    expect(emulator.control.requests().at(-1)).toMatchObject({ fault: "hang" });
    expect(emulator.control.requests().at(-1)?.httpStatus).toBeUndefined();
    expect(emulator.control.app(SEEDED_APPS.web).rotations).toBe(0);
  });

  it("stays down after goDown() even if an outage had scheduled a come-back", async () => {
    await emulator.control.outage(30);
    await emulator.goDown();
    let up = false;
    void emulator.whenUp().then(() => (up = true));
    await pause(80);
    expect(up).toBe(false);
    expect(await probe(emulator.url)).toBe("ECONNREFUSED");
    await emulator.comeBack();
    await waitFor(() => up, "whenUp");
  });

  it("is cancelled by stop(), which stays prompt", async () => {
    await emulator.control.outage(MAX_OUTAGE_MS);
    const waiting = emulator.whenUp();
    await emulator.stop();
    await expect(waiting).rejects.toThrow("the emulator was stopped");
    await expect(emulator.comeBack()).rejects.toThrow("the emulator was stopped");
    expect(await probe(emulator.url)).toBe("ECONNREFUSED");
  });

  it("answers an outage asked for over HTTP before going down", async () => {
    const client = new EmulatorControlClient(emulator.url);
    expect(await client.outage(MAX_OUTAGE_MS)).toEqual({ ms: MAX_OUTAGE_MS });
    await refused(emulator.url);
    await emulator.comeBack();
    expect(await client.calls()).toEqual({});
  });

  it("refuses a bad length with 400", async () => {
    const client = new EmulatorControlClient(emulator.url);
    await expect(client.outage(-1)).rejects.toMatchObject({ status: 400 });
    await expect(emulator.control.outage(1.5)).rejects.toMatchObject({ status: 400 });
    expect(await probe(emulator.url)).toBe(200);
  });
});

describe("parseOutageMs", () => {
  it.each([0, 1, MAX_OUTAGE_MS])("accepts %i", (ms) => {
    expect(parseOutageMs(ms)).toBe(ms);
  });

  it.each([-1, 0.5, MAX_OUTAGE_MS + 1, "10", undefined])("refuses %j", (ms) => {
    expect(() => parseOutageMs(ms)).toThrow("outage ms must be an integer from 0 to");
  });
});
