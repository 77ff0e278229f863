import { GenAuthError } from "../client/errors";
import { UnconfirmedOutputs } from "./state";

/**
 * A rotation GenAuth may have made that the provider could not confirm. It carries `id`,
 * `properties` and `reasons`, which the dynamic-provider host turns into an initialization
 * failure: the engine keeps the resource with these outputs (no secret, a `pendingRotation`), and
 * the next `pulumi up` updates it, reading GenAuth's secret first.
 *
 * The stack's outputs are not the resource's: the engine keeps those of the last successful run, so
 * an exported `secret` stays the old one until the next `up` succeeds. Neither face can change that
 * (the program's exports never resolve in a failed run, and a refresh does not touch stack outputs);
 * the message says so.
 */
export class UnconfirmedRotationError extends Error {
  /** The resource id (the appId), as the host expects of a partial-state error. */
  readonly id: string;
  /** The outputs the engine records. */
  readonly properties: UnconfirmedOutputs;
  /** Shown by the engine as the reasons the resource failed to initialize. */
  readonly reasons: string[];

  constructor(appId: string, properties: UnconfirmedOutputs, cause: unknown) {
    const failure = cause instanceof Error ? cause.message : String(cause);
    const requestId = cause instanceof GenAuthError && cause.requestId ? cause.requestId : "none";
    // Why the read that was to settle it failed: its codes, GenAuth's message and requestId.
    const readBack =
      cause instanceof GenAuthError && cause.confirmationFailure
        ? `; reading the secret back failed too: ${cause.confirmationFailure}`
        : "";
    const message =
      `GenAuth may have rotated the secret of app ${appId}, and the provider could not confirm it ` +
      `(refresh-application-secret requestId ${requestId}; ${failure}${readBack}). State records the ` +
      `rotation as unconfirmed, without a secret. The next pulumi up reads the app's current secret first: ` +
      `it adopts it if the rotation happened, and rotates only if it did not and is still wanted. Until ` +
      `that up succeeds, stack outputs taken from this resource (pulumi stack output, --show-secrets ` +
      `included) still show the secret and fingerprint from before this step, which GenAuth may no ` +
      `longer accept; pulumi refresh does not change stack outputs.`;
    super(message);
    this.name = "UnconfirmedRotationError";
    this.id = appId;
    this.properties = properties;
    this.reasons = [message];
  }
}
