/**
 * The plugin's channel to the engine's log: what `pulumi preview` and `pulumi up` print as a
 * resource's warning. The engine's address is the one the liveness probe uses (`engineAddress`).
 */
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";

/** Prints `message` as a warning of the resource `urn`. Never rejects: a lost warning fails no step. */
export type EngineWarn = (message: string, urn: string) => Promise<void>;

/** How long a warning may take to reach the engine before the step goes on without it. */
const LOG_DEADLINE_MS = 5_000;

/**
 * Warnings to the engine at `address`; without an address (run by hand, in tests) they go to
 * stderr, which the engine also shows.
 */
export function engineWarn(address: string | undefined): EngineWarn {
  if (address === undefined) {
    return async (message) => {
      process.stderr.write(`warning: ${message}\n`);
    };
  }
  let client: engrpc.EngineClient | undefined;
  return (message, urn) =>
    new Promise<void>((resolve) => {
      client ??= new engrpc.EngineClient(address, grpc.credentials.createInsecure());
      const request = new engproto.LogRequest()
        .setSeverity(engproto.LogSeverity.WARNING)
        .setMessage(message)
        .setUrn(urn);
      // A deadline: `check` waits for its warning, and an engine that never answers must not hold it.
      client.log(request, new grpc.Metadata(), { deadline: Date.now() + LOG_DEADLINE_MS }, () => resolve());
    });
}
