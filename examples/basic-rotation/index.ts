/**
 * Basic rotation: one GenAuth application's secret, rotated by `pulumi up` when it is created, when
 * `rotationTrigger` changes, and when the optional `rotateAfter` schedule is due. Credentials come
 * from stack config (`genauth:*`); the secret is exported as a Pulumi secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplicationSecret } from "pulumi-genauth";

const config = new pulumi.Config();

const secret = new ApplicationSecret("app-secret", {
  appId: config.require("appId"),
  // Change this value (e.g. to the current month) to rotate on the next `pulumi up`.
  rotationTrigger: config.get("rotationTrigger") ?? "2026-01",
  rotateAfter: config.get("rotateAfter"),
});

/** The application secret (a Pulumi secret: shown as [secret], encrypted in state). */
export const clientSecret = secret.secret;
/** A short digest of the secret, to compare secrets without seeing them. */
export const fingerprint = secret.fingerprint;
/** When and why the secret in state came to be. */
export const rotatedAt = secret.rotatedAt;
export const rotationReason = secret.rotationReason;
/** When the schedule next rotates it ("" without `rotateAfter`). */
export const nextRotationAt = secret.nextRotationAt;
