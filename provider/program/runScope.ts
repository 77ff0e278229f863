/**
 * State the program keeps for one deployment run (the duplicate guard's claims, the warnings
 * already printed). The SDK keeps one store per run, also for Automation API inline programs run
 * repeatedly in one process; older SDKs have none, and then one process-wide scope is used.
 */

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

const fallbackScope = {};

/** The object that identifies the current program run. */
function runScope(): object {
  return sdkState()?.getStore?.() ?? fallbackScope;
}

/** A getter of one `T` per program run, made by `make` on the run's first use. */
export function perRun<T>(make: () => T): () => T {
  const byRun = new WeakMap<object, T>();
  return () => {
    const scope = runScope();
    let value = byRun.get(scope);
    if (value === undefined) byRun.set(scope, (value = make()));
    return value;
  };
}
