/**
 * Guards against two `ApplicationSecret`s managing one application: they would rotate each other's
 * secret on every run. The provider cannot see resource names, so the check lives in the program.
 * "One application" is one appId on one host as {@link sameHostKey} compares hosts: the origin the
 * provider calls, however it is spelt (case, default port, trailing slash, loopback names).
 */
import { RunError } from "@pulumi/pulumi";
import { describe } from "../inputs/describe";
import { resolveHost, sameHostKey } from "../inputs/hostSetting";

/** A claim: which resource manages the app, and the host as that resource spelt it (resolved). */
interface Claim {
  name: string;
  host: string;
}

/** Claims per deployment run: key (`host|appId`) → claim. */
type Claims = Map<string, Claim>;

const claimsByRun = new WeakMap<object, Claims>();
const fallbackScope = {};

/**
 * The object that identifies the current program run. The SDK keeps one store per run (also for
 * Automation API inline programs run repeatedly in one process); older SDKs have none, and then one
 * process-wide scope is used.
 */
function runScope(): object {
  return sdkState()?.getStore?.() ?? fallbackScope;
}

/** The SDK's run-state module, looked up once (`require` resolves the path on every call); null without one. */
let stateModule: { getStore?: () => object } | null | undefined;

function sdkState(): { getStore?: () => object } | null {
  if (stateModule !== undefined) return stateModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    stateModule = require("@pulumi/pulumi/runtime/state") as { getStore?: () => object };
  } catch {
    stateModule = null;
  }
  return stateModule;
}

/**
 * Records that `name` manages `appId` on `host` (any spelling of a host setting); throws naming both
 * resources if another does.
 */
export function claimApplication(name: string, appId: string, host: string): void {
  const scope = runScope();
  let claims = claimsByRun.get(scope);
  if (!claims) claimsByRun.set(scope, (claims = new Map()));
  const key = `${sameHostKey(host)}|${appId}`;
  const resolved = resolveHost(host);
  const owner = claims.get(key);
  if (owner !== undefined && owner.name !== name) {
    const spelt =
      owner.host === resolved ? "" : ` (${JSON.stringify(owner.name)} spells it ${printable(owner.host)})`;
    throw new RunError(
      `ApplicationSecret ${JSON.stringify(name)} and ApplicationSecret ${JSON.stringify(owner.name)} both manage ` +
        `appId ${printable(appId)} on ${printable(resolved)}${spelt}; they would rotate each other's secret. ` +
        `Keep one resource per application (export its secret to share it).`,
    );
  }
  claims.set(key, { name, host: resolved });
}

/** A value as the message shows it: as is when short and plainly printable, else described. */
function printable(value: string): string {
  return /^[\x21-\x7e]{1,200}$/.test(value) ? value : describe(value);
}
