/**
 * Runs in the provider process. The dynamic-provider host prints `${error}: ${error.stack}` for
 * failures of check, diff, read and delete, and the CLI shows what it prints. A user should read
 * what went wrong, not this package's call stack: errors leave the provider without one. Everything else about them (`id`, `properties`, `reasons`) is kept.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider = Required<
  Pick<
    pulumi.dynamic.ResourceProvider,
    "configure" | "check" | "diff" | "create" | "update" | "read" | "delete"
  >
>;

/** `provider` with every method's rejection stripped of its stack trace. */
export function withPlainErrors<P extends Provider>(provider: P): Provider {
  const wrap =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method.apply(provider, args);
      } catch (error) {
        throw plain(error);
      }
    };
  return {
    configure: wrap(provider.configure),
    check: wrap(provider.check),
    diff: wrap(provider.diff),
    create: wrap(provider.create),
    update: wrap(provider.update),
    read: wrap(provider.read),
    delete: wrap(provider.delete),
  };
}

/**
 * The error without its stack. Empty rather than `Name: message`: the host prints both `${error}`
 * and the stack, and a long message would be printed twice.
 */
export function plain(error: unknown): unknown {
  if (!(error instanceof Error)) {
    return new Error(typeof error === "string" ? error : `unexpected failure (a thrown ${typeof error})`);
  }
  error.stack = "";
  return error;
}
