/**
 * The real dynamic-provider host of `@pulumi/pulumi` (the process `pulumi-resource-pulumi-nodejs`
 * runs) in a child process, run from a program directory that has this package installed, and
 * spoken to over gRPC the way the engine does. A {@link FakeEngine} stands in for the engine.
 */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import { makeProgramDir, REPO_ROOT } from "../../harness/programModules";
import { FakeEngine, startFakeEngine } from "./fakeEngine";

/** A running dynamic-provider host. */
export interface DynamicHost {
  /** Calls a unary method of the provider service; rejects with the gRPC error. */
  call<Res>(method: string, request: unknown): Promise<Res>;
  /** The engine stand-in the host was started with (stop it to make the engine "gone"). */
  engine: FakeEngine;
  /** Resolves with the exit code once the host exits by itself; rejects after `ms`. */
  exited(ms: number): Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the host with a fake engine of its own. */
export async function startDynamicHost(): Promise<DynamicHost> {
  const engine = await startFakeEngine();
  const entry = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");
  const host: ChildProcess = spawn(process.execPath, [entry, engine.address], {
    cwd: makeProgramDir(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    host.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    host.once("exit", (code) => reject(new Error(`dynamic-provider host exited with ${code}`)));
  });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    engine,
    call<Res>(method: string, request: unknown) {
      type Unary = (req: unknown, done: (error: grpc.ServiceError | null, res: Res) => void) => void;
      const fn = (client as unknown as Record<string, Unary>)[method].bind(client);
      return new Promise<Res>((resolve, reject) =>
        fn(request, (error, response) => (error ? reject(error) : resolve(response))),
      );
    },
    exited(ms) {
      if (host.exitCode !== null) return Promise.resolve(host.exitCode);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the host still runs ${ms} ms later`)), ms);
        host.once("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    async stop() {
      client.close();
      if (host.exitCode === null && host.signalCode === null) host.kill();
      if (host.exitCode === null && host.signalCode === null) await once(host, "exit");
      await engine.stop();
    },
  };
}
