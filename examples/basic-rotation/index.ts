/**
 * Basic rotation: one GenAuth application's secret, rotated by `pulumi up` when it is created, when
 * `rotationTrigger` changes, and when the optional `rotateAfter` schedule is due. Credentials come
 * from stack config (`genauth:*`); the secret is exported as a Pulumi secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplicationSecret } from "pulumi-genauth";

/** The stack's outputs. */
export interface BasicRotationOutputs {
  /** The application secret (a Pulumi secret: shown as [secret], encrypted in state). */
  clientSecret: pulumi.Output<string>;
  /** A short digest of the secret, to compare secrets without seeing them. */
  fingerprint: pulumi.Output<string>;
  /** When and why the secret in state came to be. */
  rotatedAt: pulumi.Output<string>;
  rotationReason: pulumi.Output<string>;
  /** When the schedule next rotates it ("" without `rotateAfter`). */
  nextRotationAt: pulumi.Output<string>;
}

/** The program: reads `appId`, `rotationTrigger` and `rotateAfter` from this project's config. */
export async function program(): Promise<BasicRotationOutputs> {
  const config = new pulumi.Config();
  const secret = new ApplicationSecret("app-secret", {
    appId: config.require("appId"),
    // Change this value (e.g. to the current month) to rotate on the next `pulumi up`.
    rotationTrigger: config.get("rotationTrigger") ?? "2026-01",
    rotateAfter: config.get("rotateAfter"),
  });
  return {
    clientSecret: secret.secret,
    fingerprint: secret.fingerprint,
    rotatedAt: secret.rotatedAt,
    rotationReason: secret.rotationReason,
    nextRotationAt: secret.nextRotationAt,
  };
}

export default program;
