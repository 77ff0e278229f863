/**
 * Stands in for the engine's own gRPC service, whose address a provider process gets as its first
 * argument: it keeps what the provider logs (the warnings `pulumi up` would print) and, by
 * accepting connections, answers the provider's liveness probe.
 */
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

/** One `Log` call. */
export interface EngineLogEntry {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn: string;
}

/** A running fake engine. */
export interface FakeEngine {
  /** `127.0.0.1:<port>`, as the engine passes its address. */
  address: string;
  /** Every `Log` call so far, in order. */
  logs: EngineLogEntry[];
  stop(): Promise<void>;
}

const SEVERITIES: Record<number, EngineLogEntry["severity"]> = {
  [engproto.LogSeverity.DEBUG]: "debug",
  [engproto.LogSeverity.INFO]: "info",
  [engproto.LogSeverity.WARNING]: "warning",
  [engproto.LogSeverity.ERROR]: "error",
};

/** Starts a fake engine on a free loopback port. */
export async function startFakeEngine(): Promise<FakeEngine> {
  const logs: EngineLogEntry[] = [];
  const server = new grpc.Server();
  server.addService(engrpc.EngineService, {
    log: (call: grpc.ServerUnaryCall<engproto.LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
      const req = call.request;
      logs.push({ severity: SEVERITIES[req.getSeverity()], message: req.getMessage(), urn: req.getUrn() });
      callback(null, new Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    stop: async () => server.forceShutdown(),
  };
}
