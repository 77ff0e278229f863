/**
 * Keeps secrets out of `pulumi up --debug`. The Node SDK logs the engine's answer to every resource
 * registration at debug level ("RegisterResource RPC finished: resource:web[...]; err: null, resp:
 * ..."), and that answer holds the resource's outputs, secret ones in plaintext. The CLI prints
 * these lines with `--debug`, and the Automation API's event stream carries them on every run.
 * Installed by the first `ApplicationSecret`, this cuts the response out of any such trace that
 * carries a secret; every other debug message passes through unchanged.
 */
import type * as pulumiLog from "@pulumi/pulumi/log";
import { specialSecretSig } from "@pulumi/pulumi/runtime/rpc";

/** What stands in for a response that carried a secret. */
export const REDACTED_RESPONSE = "[redacted by pulumi-genauth: the response carries secret values]";

/** Marks the SDK's `debug` once wrapped, so installing twice does not wrap twice. */
const WRAPPED = Symbol.for("pulumi-genauth.debugRedaction");

/** An SDK RPC trace up to and including `resp: `; the response follows. */
const RPC_TRACE = /^([\w ]*RPC finished: .*?resp: )/s;

/** The trace with its response replaced when the response carries a secret; anything else unchanged. */
export function redactRpcTrace(message: string): string {
  const head = RPC_TRACE.exec(message);
  // specialSecretSig: the value the wire format gives the signature key of a secret value.
  if (!head || !message.includes(specialSecretSig, head[1].length)) return message;
  return head[1] + REDACTED_RESPONSE;
}

type Debug = typeof pulumiLog.debug;

/**
 * Wraps `@pulumi/pulumi/log`'s `debug`, the function the SDK's resource code calls, with
 * {@link redactRpcTrace}. Idempotent. The SDK's module object is patched in place because its RPC
 * code looks `debug` up on it at every call; it is loaded with `require` because an ES-module
 * namespace (what some loaders make of `import * as`) is read-only.
 */
export function installDebugRedaction(log: { debug: Debug } = sdkLogModule()): void {
  const current = log.debug as Debug & { [WRAPPED]?: true };
  if (current[WRAPPED]) return;
  const wrapped: Debug & { [WRAPPED]?: true } = (msg, ...rest) => current(redactRpcTrace(msg), ...rest);
  wrapped[WRAPPED] = true;
  log.debug = wrapped;
}

/** The SDK's log module, looked up once (`require` resolves the path on every call). */
let sdkLog: { debug: Debug } | undefined;

function sdkLogModule(): { debug: Debug } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdkLog ??= require("@pulumi/pulumi/log") as { debug: Debug });
}
