/**
 * The rule against two `ApplicationSecret`s managing one application: they would rotate each
 * other's secret on every run, and one of them would always hold a secret GenAuth no longer has.
 * "One application" is one appId on one host as {@link sameHostKey} compares hosts: the origin the
 * provider calls, however it is spelt (case, default port, trailing slash, loopback names).
 *
 * Both faces call it: the dynamic face from the user's program (its provider never sees resource
 * names), the native plugin from `check` (one set of claims per provider instance).
 */
import { describe } from "./describe";
import { resolveHost, sameHostKey } from "./hostSetting";

/** A claim: which resource manages the app (its identity and name), and the host as it spelt it (resolved). */
interface Claim {
  owner: string;
  name: string;
  host: string;
}

/** The applications claimed in one scope (a program run, a plugin's provider instance). */
export class ApplicationClaims {
  private readonly claims = new Map<string, Claim>();

  /**
   * Records that resource `name` manages `appId` on `host` (any spelling of a host setting).
   * Returns the refusal naming both resources when another resource already does; claiming again
   * as the same `owner` is allowed (a program's preview and update, a replacement). `owner` is what
   * tells resources apart: the URN where it is known (two components' children may share a name),
   * else the name.
   */
  claim(name: string, appId: string, host: string, owner: string = name): string | undefined {
    const key = `${sameHostKey(host)}|${appId}`;
    const resolved = resolveHost(host);
    const held = this.claims.get(key);
    if (held !== undefined && held.owner !== owner) return duplicateMessage(name, appId, resolved, held);
    this.claims.set(key, { owner, name, host: resolved });
    return undefined;
  }
}

function duplicateMessage(name: string, appId: string, host: string, held: Claim): string {
  const spelt = held.host === host ? "" : ` (${JSON.stringify(held.name)} spells it ${bare(held.host)})`;
  return (
    `ApplicationSecret ${JSON.stringify(name)} and ApplicationSecret ${JSON.stringify(held.name)} both manage ` +
    `appId ${bare(appId)} on ${bare(host)}${spelt}; they would rotate each other's secret. ` +
    `Keep one resource per application (export its secret to share it).`
  );
}

/** An id or a host as the message shows it: as is when short and plainly printable, else described. */
function bare(value: string): string {
  return describe(value, { bare: true });
}
