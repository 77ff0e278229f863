/**
 * Which proxy, if any, carries the client's requests: the decision (pure) and the agent for it.
 *
 * Private deployments often sit behind a corporate proxy, so the usual variables are honoured:
 * `HTTPS_PROXY` (or `https_proxy`, then `ALL_PROXY`) for an `https://` host, with `NO_PROXY`
 * exceptions, as curl and most tools read them. Two rules are ours:
 * - loopback is never proxied (the emulator, a port-forward): a proxy would take a request meant
 *   for this machine elsewhere;
 * - a plain `http://` host is never proxied: its requests carry the access key secret and the
 *   management token in plaintext, which must not reach a proxy.
 * An `https://` host goes through the proxy as a CONNECT tunnel: TLS runs end to end with GenAuth,
 * its certificate is checked as without a proxy, and the proxy sees only the host name.
 */
import type { ClientRequest } from "node:http";
import type { AgentOptions } from "node:https";
import type { Socket } from "node:net";
import type { AgentConnectOpts } from "agent-base";
import { HttpsProxyAgent } from "https-proxy-agent";
import { getProxyForUrl } from "proxy-from-env";
import { isLoopbackHost } from "../inputs/hostSetting";

/** The proxy URL for requests to `baseURL` (from this process's environment), or undefined for none. */
export function proxyFor(baseURL: string): string | undefined {
  const url = new URL(baseURL);
  if (url.protocol !== "https:" || isLoopbackHost(url.hostname)) return undefined;
  const proxy = getProxyForUrl(url.href);
  return proxy === "" ? undefined : proxy;
}

/** An https agent that tunnels through `proxy` with the TLS `options` of a direct connection. */
export function tunnelAgent(proxy: string, options: AgentOptions): HttpsProxyAgent<string> {
  return new TunnelAgent(proxy, options);
}

/**
 * https-proxy-agent opens the TLS connection to GenAuth with each request's options only; these
 * add the agent's own (`ca`, `rejectUnauthorized`), so the certificate is checked as it would be
 * without a proxy.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  private readonly tlsOptions: AgentOptions;

  constructor(proxy: string, tlsOptions: AgentOptions) {
    super(proxy, { keepAlive: tlsOptions.keepAlive });
    this.tlsOptions = tlsOptions;
  }

  override connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    return super.connect(req, { ...opts, ...this.tlsOptions } as AgentConnectOpts);
  }
}
