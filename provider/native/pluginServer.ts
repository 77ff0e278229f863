/**
 * Serves a {@link NativeProvider} with `@pulumi/pulumi/provider`'s `main`, adding the three things
 * its gRPC server leaves out: it answers `Configure` without passing the configuration on, leaves
 * `CheckConfig` unimplemented (so the engine keeps config as given, a key secret set in plaintext
 * included), and its `Diff` sends no detailed diff. These handlers are replaced on the service
 * implementation `main` registers (every other method is the SDK's own: check, create, read,
 * update, delete, the schema, partial-state errors, the port handshake).
 */
import * as grpc from "@grpc/grpc-js";
import * as pulumiProvider from "@pulumi/pulumi/provider";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PropertyDiffKind } from "./detailedDiff";
import { NativeDiffResult, NativeProvider } from "./nativeProvider";
import { unwrapSecrets } from "./secrets";

/** The prefix of the deprecated `variables` keys (`genauth:config:host`). */
const VARIABLE_PREFIX = "genauth:config:";

/** Starts the plugin: prints its port for the engine and serves until the engine stops it. */
export async function serve(native: NativeProvider, args: string[]): Promise<void> {
  extendProviderService(native);
  await pulumiProvider.main(native, args);
}

type Handler<Req, Res> = grpc.handleUnaryCall<Req, Res>;
type Implementation = grpc.UntypedServiceImplementation;

/**
 * Makes the next registration of the provider service use {@link configureHandler} and
 * {@link diffHandler}. `server` is the class whose `addService` the SDK calls (the one it loads).
 */
export function extendProviderService(
  native: NativeProvider,
  server: { prototype: Pick<grpc.Server, "addService"> } = grpc.Server,
): void {
  const addService = server.prototype.addService;
  server.prototype.addService = function (
    this: grpc.Server,
    service: grpc.ServiceDefinition,
    implementation: Implementation,
  ) {
    if (service !== provrpc.ResourceProviderService) return addService.call(this, service, implementation);
    // The SDK's methods keep running with the SDK's server as `this`.
    const extended = Object.create(implementation) as Implementation;
    extended.configure = configureHandler(native, implementation.configure as ConfigureHandler);
    extended.checkConfig = checkConfigHandler(native);
    extended.diff = diffHandler(native);
    return addService.call(this, service, extended);
  };
}

type ConfigureHandler = Handler<provproto.ConfigureRequest, provproto.ConfigureResponse>;

/** Configures `native` from the request, then lets the SDK answer (it accepts secrets). */
export function configureHandler(native: NativeProvider, answer: ConfigureHandler): ConfigureHandler {
  return function (this: unknown, call, callback) {
    native.configure(configValues(call.request), requestedVersion(call.request)).then(
      () => answer.call(this, call, callback),
      (error: unknown) => callback(error as grpc.ServiceError, null),
    );
  };
}

/**
 * The configuration a `Configure` request carries, as text per key: from `args` (typed, secrets
 * wrapped) when present, else from the deprecated `variables` (`genauth:config:<key>` → text).
 * Non-text values become JSON text, as the engine itself writes them into `variables`.
 */
export function configValues(request: provproto.ConfigureRequest): Record<string, string> {
  const out: Record<string, string> = {};
  if (request.hasArgs()) {
    const args = unwrapSecrets(request.getArgs()!.toJavaScript()) as Record<string, unknown>;
    for (const [key, value] of Object.entries(args)) {
      if (key === "version" || value === undefined || value === null) continue;
      out[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
  }
  request.getVariablesMap().forEach((value, key) => {
    if (key.startsWith(VARIABLE_PREFIX)) out[key.slice(VARIABLE_PREFIX.length)] = value;
  });
  return out;
}

/**
 * The plugin version the engine configures this provider as (its `version` input: the version the
 * program or SDK asked for, under which the plugin is installed), if the request's typed `args` say.
 */
export function requestedVersion(request: provproto.ConfigureRequest): string | undefined {
  if (!request.hasArgs()) return undefined;
  const version = (unwrapSecrets(request.getArgs()!.toJavaScript()) as Record<string, unknown>).version;
  return typeof version === "string" && version !== "" ? version : undefined;
}

type CheckConfigHandler = Handler<provproto.CheckRequest, provproto.CheckResponse>;

/** Answers `CheckConfig` with {@link NativeProvider.checkConfig}: the config, its secrets wrapped. */
export function checkConfigHandler(native: NativeProvider): CheckConfigHandler {
  return (call, callback) => {
    const news = (call.request.getNews()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const resp = new provproto.CheckResponse();
    resp.setInputs(Struct.fromJavaScript(native.checkConfig(news) as Record<string, JavaScriptValue>));
    callback(null, resp);
  };
}

type DiffHandler = Handler<provproto.DiffRequest, provproto.DiffResponse>;

/** Answers `Diff` with {@link NativeProvider.diff}, detailed diff included. */
export function diffHandler(native: NativeProvider): DiffHandler {
  return (call, callback) => {
    const req = call.request;
    native
      .diff(
        req.getId(),
        req.getUrn(),
        req.getOlds()?.toJavaScript() ?? {},
        req.getNews()?.toJavaScript() ?? {},
      )
      .then(
        (result) => callback(null, diffResponse(result)),
        (error: unknown) => callback(error as grpc.ServiceError, null),
      );
  };
}

const KINDS: Record<PropertyDiffKind, provproto.PropertyDiff.Kind> = {
  add: provproto.PropertyDiff.Kind.ADD,
  addReplace: provproto.PropertyDiff.Kind.ADD_REPLACE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  deleteReplace: provproto.PropertyDiff.Kind.DELETE_REPLACE,
  update: provproto.PropertyDiff.Kind.UPDATE,
  updateReplace: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** The wire form of a diff. */
export function diffResponse(result: NativeDiffResult): provproto.DiffResponse {
  const resp = new provproto.DiffResponse();
  resp.setChanges(
    result.changes
      ? provproto.DiffResponse.DiffChanges.DIFF_SOME
      : provproto.DiffResponse.DiffChanges.DIFF_NONE,
  );
  resp.setReplacesList(result.replaces);
  resp.setDeletebeforereplace(result.deleteBeforeReplace === true);
  const paths = Object.keys(result.detailedDiff);
  resp.setDiffsList([...new Set(paths.map((p) => p.split(".")[0]))]);
  const detailed = resp.getDetaileddiffMap();
  for (const path of paths) {
    const row = result.detailedDiff[path];
    detailed.set(path, new provproto.PropertyDiff().setKind(KINDS[row.kind]).setInputdiff(row.inputDiff));
  }
  resp.setHasdetaileddiff(true);
  return resp;
}
