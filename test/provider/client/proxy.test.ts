/**
 * Proxies: the usual variables are honoured for an https host (a CONNECT tunnel, TLS end to end),
 * never for loopback nor for a plain http host, whose requests carry credentials in plaintext.
 */
import { createServer, Server } from "node:http";
import { connect, AddressInfo, Socket } from "node:net";
import { GenAuthClient } from "../../../provider/client/client";
import { proxyFor } from "../../../provider/client/proxy";
import { RunningEmulator, startEmulator } from "../../../emulator";
import { APP_1, fastSettings } from "../../support/emulator";
import { TestCa } from "../../support/certificates";

const VARIABLES = [
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "ALL_PROXY",
  "all_proxy",
  "NO_PROXY",
  "no_proxy",
];
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of VARIABLES) delete process.env[name];
});
afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("proxyFor", () => {
  it("takes HTTPS_PROXY for an https host", () => {
    process.env.HTTPS_PROXY = "http://proxy.corp:3128";
    expect(proxyFor("https://auth.example.com")).toBe("http://proxy.corp:3128");
  });

  it("leaves out the hosts NO_PROXY names", () => {
    process.env.HTTPS_PROXY = "http://proxy.corp:3128";
    process.env.NO_PROXY = ".internal.example,localhost";
    expect(proxyFor("https://genauth.internal.example")).toBeUndefined();
    expect(proxyFor("https://api.genauth.ai")).toBe("http://proxy.corp:3128");
  });

  it("never proxies loopback, whatever the variables say", () => {
    process.env.HTTPS_PROXY = process.env.HTTP_PROXY = process.env.ALL_PROXY = "http://proxy.corp:3128";
    for (const host of ["https://127.0.0.1:8443", "https://localhost", "https://[::1]:9"]) {
      expect([host, proxyFor(host)]).toEqual([host, undefined]);
    }
  });

  it("never proxies a plain http host, whose requests carry credentials in plaintext", () => {
    process.env.HTTP_PROXY = process.env.ALL_PROXY = "http://proxy.corp:3128";
    expect(proxyFor("http://genauth.internal:8080")).toBeUndefined();
    expect(proxyFor("http://127.0.0.1:8787")).toBeUndefined();
  });

  it("is none without the variables", () => {
    expect(proxyFor("https://api.genauth.ai")).toBeUndefined();
  });
});

/** A forward proxy on loopback that records what it is asked and tunnels CONNECT to `target`. */
async function startProxy(
  targetPort: () => number,
): Promise<{ url: string; seen: string[]; stop(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    // A plain (absolute-URI) request: what an http host sent through a proxy would be.
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  server.on("connect", (req, client: Socket) => {
    seen.push(`CONNECT ${req.url}`);
    const upstream = connect(targetPort(), "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("GenAuthClient behind a proxy", () => {
  let emulator: RunningEmulator | undefined;
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  afterEach(async () => {
    await proxy?.stop();
    await emulator?.stop();
    proxy = emulator = undefined;
  });

  it("talks to a loopback host directly even with HTTP_PROXY and HTTPS_PROXY set", async () => {
    emulator = await startEmulator();
    proxy = await startProxy(() => 1);
    process.env.HTTP_PROXY = process.env.HTTPS_PROXY = proxy.url;
    const result = await new GenAuthClient(fastSettings(emulator.url)).getApplicationSecret(APP_1);
    expect(result.secret).toBe(emulator.control.app(APP_1).secret);
    expect(proxy.seen).toEqual([]);
  });

  it("tunnels to an https host through HTTPS_PROXY, checking GenAuth's certificate end to end", async () => {
    const ca = new TestCa();
    emulator = await startEmulator({ tls: ca.issue({ names: ["genauth.proxied.test"] }) });
    const port = Number(new URL(emulator.url).port);
    proxy = await startProxy(() => port);
    process.env.HTTPS_PROXY = proxy.url;
    const settings = fastSettings(`https://genauth.proxied.test:${port}`, {
      tls: { caCertificates: ca.cert },
    });
    const result = await new GenAuthClient(settings).getApplicationSecret(APP_1);
    expect(result.secret).toBe(emulator.control.app(APP_1).secret);
    // The proxy saw where to connect, nothing else: the key secret and token went inside TLS.
    expect(proxy.seen).toEqual([`CONNECT genauth.proxied.test:${port}`]);
  });

  it("refuses a wrong certificate through the tunnel as it would without one", async () => {
    const ca = new TestCa();
    emulator = await startEmulator({ tls: ca.issue({ names: ["genauth.proxied.test"] }) });
    const port = Number(new URL(emulator.url).port);
    proxy = await startProxy(() => port);
    process.env.HTTPS_PROXY = proxy.url;
    const error = await new GenAuthClient(fastSettings(`https://genauth.proxied.test:${port}`))
      .getApplicationSecret(APP_1)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      certificateProblem: expect.stringMatching(/unknown CA/),
    });
    expect(emulator.control.calls()).toEqual({});
  });
});
