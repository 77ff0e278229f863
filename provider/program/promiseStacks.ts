/**
 * `@pulumi/pulumi` wraps each of the four promises it makes per registered property in
 * `debuggablePromise`, which captures `new Error().stack`. Under the nodejs language host (it loads
 * source-map-support) and tsx or ts-node, every capture maps every frame through source maps: for
 * the 12 keys `ApplicationSecret` registers, 48 mapped stack traces per resource, the program's
 * largest per-resource cost (BENCHMARKS.md, section 4). The SDK reads those stacks only to print
 * leaked promises when `PULUMI_DEBUG_PROMISE_LEAKS` is set, so they are captured then. The resource's
 * source position is not affected: the SDK's `Resource.callsites` sets its own limit.
 */

/** The environment variable under which the SDK prints the stacks of leaked promises. */
export const PROMISE_LEAK_DEBUG_ENV = "PULUMI_DEBUG_PROMISE_LEAKS";

/**
 * Turns V8's stack capture off until the returned function is called, which puts the previous
 * `Error.stackTraceLimit` back; does nothing while {@link PROMISE_LEAK_DEBUG_ENV} is set. For
 * synchronous work only: call the returned function in a `finally`.
 */
export function pausePromiseStacks(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env[PROMISE_LEAK_DEBUG_ENV]) return () => {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
