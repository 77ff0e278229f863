/**
 * Guards against two `ApplicationSecret`s managing one application: they would rotate each other's
 * secret on every run. The provider cannot see resource names, so the check lives in the program.
 */

/** Claims per deployment run: key (`host|appId`) → resource name. */
type Claims = Map<string, string>;

const claimsByRun = new WeakMap<object, Claims>();
const fallbackScope = {};

/**
 * The object that identifies the current program run. The SDK keeps one store per run (also for
 * Automation API inline programs run repeatedly in one process); older SDKs have none, and then one
 * process-wide scope is used.
 */
function runScope(): object {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = require("@pulumi/pulumi/runtime/state") as { getStore?: () => object };
    return state.getStore?.() ?? fallbackScope;
  } catch {
    return fallbackScope;
  }
}

/** Records that `name` manages `appId` on `host`; throws naming both resources if another does. */
export function claimApplication(name: string, appId: string, host: string): void {
  const scope = runScope();
  let claims = claimsByRun.get(scope);
  if (!claims) claimsByRun.set(scope, (claims = new Map()));
  const key = `${host}|${appId}`;
  const owner = claims.get(key);
  if (owner !== undefined && owner !== name) {
    throw new Error(
      `ApplicationSecret "${name}" and ApplicationSecret "${owner}" both manage appId ${appId} on ${host}; ` +
        `they would rotate each other's secret. Keep one resource per application (export its secret to share it).`,
    );
  }
  claims.set(key, name);
}
