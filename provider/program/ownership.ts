/**
 * The program side of the duplicate guard ({@link ApplicationClaims}): a dynamic provider cannot
 * see resource names, so the program claims each application as its resources are declared, one
 * set of claims per program run.
 */
import { RunError } from "@pulumi/pulumi";
import { ApplicationClaims } from "../inputs/applicationClaims";
import { perRun } from "./runScope";

const runClaims = perRun(() => new ApplicationClaims());

/**
 * Records that `name` manages `appId` on `host` (any spelling of a host setting) in this program
 * run; throws naming both resources if another does.
 */
export function claimApplication(name: string, appId: string, host: string): void {
  const refusal = runClaims().claim(name, appId, host);
  if (refusal !== undefined) throw new RunError(refusal);
}
