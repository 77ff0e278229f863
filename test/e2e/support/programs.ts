/**
 * Inline programs the scenarios run: a list of ApplicationSecrets, each exported as a stack output
 * under its resource name (so a test can check that every output is flagged secret).
 */
import * as auto from "@pulumi/pulumi/automation";
import { ApplicationSecret, ApplicationSecretArgs } from "../../../provider";

/** One ApplicationSecret of a program: its name and inputs. */
export interface SecretSpec extends ApplicationSecretArgs {
  name: string;
}

/** A program that declares `specs` and exports each resource's `secret` under its name. */
export function secretsProgram(specs: SecretSpec[]): auto.PulumiFn {
  return async () => {
    const outputs: Record<string, unknown> = {};
    for (const { name, ...args } of specs) outputs[name] = new ApplicationSecret(name, args).secret;
    return outputs;
  };
}
