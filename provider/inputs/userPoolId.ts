/**
 * What a `userPoolId` setting may be. It is sent as a header with every call, so it is checked with
 * the other settings, before any call. The rule is as permissive as the appId's (GenAuth's ids are 24
 * hex characters; letters, digits, "-" and "_" up to 64 pass) and the value is never shown: a key
 * secret pasted in the wrong place is the likeliest bad value, and it has the same shape.
 */
import { MAX_APP_ID_LENGTH } from "./appId";

/** The characters a user pool id may hold: those of an appId. */
const USER_POOL_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

const WHERE = "copy the user pool's ID from the GenAuth console (24 hex characters), or leave it unset";

/**
 * Why `value` is not a usable user pool id, as the reason after the setting's name, or undefined.
 * `accessKeySecret` is the secret of the key pair in use, if known: a user pool id equal to it is a
 * secret pasted in the wrong place (the pool's id and secret sit side by side in the console).
 */
export function userPoolIdProblem(value: string, accessKeySecret?: string): string | undefined {
  if (value.length > MAX_APP_ID_LENGTH) {
    return `is ${value.length} characters long, more than the ${MAX_APP_ID_LENGTH} accepted; ${WHERE}`;
  }
  if (!USER_POOL_ID_PATTERN.test(value)) {
    return `holds characters no GenAuth user pool ID holds (only letters, digits, "-" and "_"); ${WHERE}`;
  }
  if (accessKeySecret !== undefined && value === accessKeySecret) {
    return (
      "is the access key secret, not the user pool's ID (the value is not shown); " +
      `${WHERE}, and treat that secret as exposed wherever it was stored in plaintext`
    );
  }
  return undefined;
}
