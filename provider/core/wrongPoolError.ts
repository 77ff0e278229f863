import { GenAuthError } from "../client/errors";
import { KeyPairLabels } from "../inputs/config";

/** What a refresh knew when GenAuth said the app does not exist. */
export interface WrongPoolDetails {
  appId: string;
  host: string;
  keyPair: KeyPairLabels;
  /** The user pool the credentials address now. */
  addressed: string;
  /** The user pool state recorded for the app (absent in state written before 0.2). */
  recorded?: string;
  /** GenAuth's answer (apiCode 2011). */
  error: GenAuthError;
}

/**
 * A refresh that found the app missing while its credentials address another user pool than the
 * one state recorded (or state recorded none). GenAuth scopes every call to the credentials' pool,
 * so "application does not exist" then says nothing about the app: the refresh fails and state
 * keeps the resource, instead of a misconfiguration deleting it.
 */
export class WrongPoolError extends Error {
  constructor(d: WrongPoolDetails) {
    const where =
      d.recorded === undefined
        ? `state does not record which user pool the app is in (it was written before 0.2)`
        : `state records it in user pool ${d.recorded}`;
    super(
      `refresh of app ${d.appId}: GenAuth at ${d.host} says the application does not exist in user pool ` +
        `${d.addressed}, which the key pair ${d.keyPair.accessKeyId}/${d.keyPair.accessKeySecret} addresses, but ${where}. ` +
        `State is unchanged. If the key pair belongs to another user pool, set ${d.keyPair.accessKeyId} and ` +
        `${d.keyPair.accessKeySecret} (or the resource's connection, or genauth:userPoolId) to the app's pool; ` +
        `if the app really was deleted, remove it from state with pulumi state delete. ${d.error.message}`,
    );
    this.name = "WrongPoolError";
  }
}
