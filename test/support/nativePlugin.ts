/**
 * The built `pulumi-resource-genauth` plugin (`lib/provider/native/main.js`; run `npm run build`
 * first) in a child process, spoken to over gRPC the way the engine does, without the engine: a
 * {@link FakeEngine} stands in for the engine's address (the provider probes it before rotating,
 * and logs its warnings there).
 */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import { REPO_ROOT } from "../../harness/programModules";
import { EngineLogEntry, startFakeEngine } from "./fakeEngine";

/** A running plugin. */
export interface PluginProcess {
  client: provrpc.ResourceProviderClient;
  /** Calls a unary method; rejects with the gRPC error. */
  call<Req, Res>(method: string, request: Req): Promise<Res>;
  /** Everything the plugin wrote to stderr so far. */
  stderr(): string;
  /** What the plugin logged to the engine so far. */
  engineLogs(): EngineLogEntry[];
  /** Closes the stand-in engine's listener: from now on its address refuses connections. */
  closeEngine(): Promise<void>;
  /** Resolves with the exit code once the plugin exits by itself; rejects after `ms`. */
  exited(ms: number): Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the plugin with `env` as its whole environment (plus PATH). */
export async function startPlugin(env: NodeJS.ProcessEnv = {}): Promise<PluginProcess> {
  const engine = await startFakeEngine();
  const address = engine.address;
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [path.join(REPO_ROOT, "lib/provider/native/main.js"), address],
    { env: { PATH: process.env.PATH, ...env }, stdio: "pipe" },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^(\d+)\n/.exec(out);
      if (line) resolve(line[1]);
    });
    child.once("exit", (code) => reject(new Error(`plugin exited (${code}) before its port: ${stderr}`)));
  });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    client,
    call<Req, Res>(method: string, request: Req) {
      type Unary = (req: Req, done: (error: grpc.ServiceError | null, response: Res) => void) => void;
      const fn = (client as unknown as Record<string, Unary>)[method].bind(client);
      return new Promise<Res>((resolve, reject) =>
        fn(request, (error, response) => (error ? reject(error) : resolve(response))),
      );
    },
    stderr: () => stderr,
    engineLogs: () => [...engine.logs],
    closeEngine: () => engine.stop(),
    exited(ms) {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the plugin still runs after ${ms} ms`)), ms);
        child.once("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    async stop() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
        await once(child, "exit");
      }
      await engine.stop();
    },
  };
}
