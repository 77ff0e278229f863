/**
 * What `read` records after reading GenAuth's current secret (`pulumi refresh`, `pulumi import`,
 * `ApplicationSecret.get`), in the user pool the read addressed.
 */
import { SecretInputs } from "../../inputs/types";
import { SecretOutputs, StoredOutputs } from "../state";
import { carryOver, ObservedSecret, recordSecret } from "./outputs";
import { isPending, refreshedPending } from "./pending";
import { rotationHappened } from "../../client/rotationEvidence";

/**
 * The outputs after reading `current`: state without a secret yet (an import) adopts it; an
 * unconfirmed rotation is adopted if it happened ({@link refreshedPending}); a secret rotated
 * elsewhere becomes the state's secret as `drift`, its schedule counted anew; an unchanged one
 * only refreshes the inputs and the pool.
 */
export function observedOutputs(
  props: Partial<StoredOutputs>,
  inputs: SecretInputs,
  current: ObservedSecret,
  at: Date,
): StoredOutputs {
  if (props.rotatedAt === undefined)
    return recordSecret(undefined, inputs, { ...current, reason: "adopted", at });
  const stored = props as StoredOutputs;
  if (isPending(stored)) return refreshedPending(stored, inputs, current, at);
  const olds = stored as SecretOutputs;
  return rotationHappened({ secret: olds.secret }, current.secret)
    ? recordSecret(olds, { ...inputs, scheduledFrom: undefined }, { ...current, reason: "drift", at })
    : carryOver(olds, inputs, current.userPoolId);
}
