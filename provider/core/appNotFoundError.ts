import { GenAuthError } from "../client/errors";
import { KeyPairLabels } from "../inputs/config";

/** What a read with no state yet (an import) knew when GenAuth said the app does not exist. */
export interface AppNotFoundDetails {
  appId: string;
  host: string;
  keyPair: KeyPairLabels;
  /** The user pool the credentials address. */
  addressed: string;
  /** GenAuth's answer (apiCode 2011), with its requestId. */
  error: GenAuthError;
}

/**
 * `pulumi import` (or `ApplicationSecret.get`) of an app GenAuth does not know in the user pool the
 * credentials address: a mistyped id, or the app of another pool. Nothing reaches state.
 */
export class AppNotFoundError extends Error {
  constructor(d: AppNotFoundDetails) {
    super(
      `app ${d.appId} does not exist in user pool ${d.addressed} at ${d.host} (the pool the key pair ` +
        `${d.keyPair.accessKeyId}/${d.keyPair.accessKeySecret} addresses): check the id and the key pair. ` +
        `Nothing was written to state. ${d.error.message}`,
    );
    this.name = "AppNotFoundError";
  }
}
