/**
 * The built plugin over gRPC, as the engine speaks to it: what `provider.main` serves, and the
 * configure and detailed-diff handlers this package adds. Needs `npm run build`.
 */
import * as grpc from "@grpc/grpc-js";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { POOL_A_ID, POOL_A_SECRET } from "../../../emulator";
import { configValues } from "../../../provider/native/pluginServer";
import { SECRET_SIG, SIG_KEY } from "../../../provider/native/secrets";
import { APP_1, useEmulator } from "../../support/emulator";
import { PluginProcess, startPlugin } from "../../support/nativePlugin";

const emulator = useEmulator();
const URN = "urn:pulumi:dev::proj::genauth:index:ApplicationSecret::web";
const PROVIDER_TYPE = "pulumi:providers:genauth";
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const SCHEMA_FILE = path.join(__dirname, "../../../provider/native/schema.json");

// One plugin process per test: the emulator's reset between tests revokes the tokens it holds.
let plugin: PluginProcess;
let stderr = "";
beforeEach(async () => {
  plugin = await startPlugin();
});
afterEach(async () => {
  stderr += plugin.stderr();
  await plugin.stop();
});

async function configure(args: Record<string, unknown>): Promise<provproto.ConfigureResponse> {
  const req = new provproto.ConfigureRequest()
    .setArgs(Struct.fromJavaScript(args as never))
    .setType(PROVIDER_TYPE)
    .setAcceptsecrets(true);
  return plugin.call("configure", req);
}

async function check(news: Record<string, unknown>): Promise<provproto.CheckResponse> {
  const req = new provproto.CheckRequest()
    .setUrn(URN)
    .setOlds(Struct.fromJavaScript({}))
    .setNews(Struct.fromJavaScript(news as never));
  return plugin.call("check", req);
}

async function create(inputs: Struct): Promise<provproto.CreateResponse> {
  return plugin.call("create", new provproto.CreateRequest().setUrn(URN).setProperties(inputs));
}

const poolA = () => ({
  host: emulator().url,
  accessKeyId: POOL_A_ID,
  accessKeySecret: secret(POOL_A_SECRET),
  requestTimeoutMs: 300,
  retryBaseDelayMs: 1,
  maxProcessingDelayMs: 50,
});

test("serves the committed schema and the schema's version", async () => {
  const schema = await plugin.call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>(
    "getSchema",
    new provproto.GetSchemaRequest(),
  );
  const committed = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
  expect(JSON.parse(schema.getSchema())).toEqual(committed);
  const info = await plugin.call<Empty, plugproto.PluginInfo>("getPluginInfo", new Empty());
  expect(info.getVersion()).toBe(committed.version);
});

test("configure reads the provider's own configuration and accepts secrets", async () => {
  const reply = await configure(poolA());
  expect(reply.getAcceptsecrets()).toBe(true);
  const checked = await check({ appId: APP_1 });
  expect(checked.getFailuresList()).toEqual([]);
});

test("CheckConfig keeps the configuration, the key secret wrapped as a secret however it was set", async () => {
  // The engine sends config without its secret marks; what CheckConfig returns is what state keeps.
  const news = {
    host: emulator().url,
    accessKeyId: POOL_A_ID,
    accessKeySecret: POOL_A_SECRET,
    version: "0.1.0",
  };
  const reply = await plugin.call<provproto.CheckRequest, provproto.CheckResponse>(
    "checkConfig",
    new provproto.CheckRequest()
      .setUrn("urn:pulumi:dev::proj::pulumi:providers:genauth::default")
      .setOlds(Struct.fromJavaScript({}))
      .setNews(Struct.fromJavaScript(news)),
  );
  expect(reply.getFailuresList()).toEqual([]);
  expect(reply.getInputs()!.toJavaScript()).toEqual({ ...news, accessKeySecret: secret(POOL_A_SECRET) });
});

test("a key pair missing from the configuration fails check, naming the fix", async () => {
  await configure({ host: emulator().url });
  const checked = await check({ appId: APP_1 });
  expect(checked.getFailuresList().map((f) => f.getProperty())).toEqual(["accessKeyId"]);
  expect(checked.getFailuresList()[0].getReason()).toContain("pulumi config set genauth:accessKeyId");
});

test("create returns the secret as a secret; diff sends the detailed diff", async () => {
  await configure(poolA());
  const inputs = (await check({ appId: APP_1, rotationTrigger: "v1" })).getInputs()!;
  const created = await create(inputs);
  const outs = created.getProperties()!.toJavaScript();
  expect(created.getId()).toBe(APP_1);
  expect(outs.secret).toEqual(secret(emulator().control.app(APP_1).secret));

  const news = (await check({ appId: APP_1, rotationTrigger: "v2" })).getInputs()!;
  const diff = await plugin.call<provproto.DiffRequest, provproto.DiffResponse>(
    "diff",
    new provproto.DiffRequest().setId(APP_1).setUrn(URN).setOlds(created.getProperties()).setNews(news),
  );
  expect(diff.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  expect(diff.getHasdetaileddiff()).toBe(true);
  const detailed: Record<string, [number, boolean]> = {};
  diff.getDetaileddiffMap().forEach((v, k) => (detailed[k] = [v.getKind(), v.getInputdiff()]));
  expect(detailed).toEqual({
    rotationTrigger: [provproto.PropertyDiff.Kind.UPDATE, true],
    secret: [provproto.PropertyDiff.Kind.ADD, false],
  });
  expect(diff.getDiffsList().sort()).toEqual(["rotationTrigger", "secret"]);
});

test("an unconfirmed rotation reaches the engine as an initialization failure with partial state", async () => {
  await configure(poolA());
  const inputs = (await check({ appId: APP_1 })).getInputs()!;
  emulator().control.addFaults([
    { operation: "get-application-secret", effect: { kind: "hang", ms: 1 }, times: 1 },
    { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
    { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
  ]);
  const error = (await create(inputs).catch((e) => e)) as grpc.ServiceError;
  const status = statusproto.Status.deserializeBinary(
    error.metadata.get("grpc-status-details-bin")[0] as Buffer,
  );
  const detail = status
    .getDetailsList()[0]
    .unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed")!;
  expect(detail.getId()).toBe(APP_1);
  const properties = detail.getProperties()!.toJavaScript();
  expect(properties).not.toHaveProperty("secret");
  expect(properties.pendingRotation).toMatchObject({ reason: "created" });
  expect(detail.getReasonsList()[0]).toMatch(/^GenAuth may have rotated the secret of app /);
});

test("the plugins' stderr holds no secret and no stack trace", async () => {
  // A failing read (check and delete fail the same way) is printed by the SDK's server.
  await configure(poolA());
  emulator().control.addFaults({
    operation: "get-application-secret",
    effect: { kind: "http", status: 400 },
  });
  const read = new provproto.ReadRequest().setId(APP_1).setUrn(URN).setProperties(Struct.fromJavaScript({}));
  await expect(plugin.call("read", read)).rejects.toThrow(/get-application-secret/);
  const all = stderr + plugin.stderr();
  expect(all).toContain("get-application-secret");
  const issued = emulator().control.issuedSecrets();
  expect(issued.appSecrets.length).toBeGreaterThan(0);
  for (const value of [...issued.appSecrets, ...issued.tokens, POOL_A_SECRET])
    expect(all).not.toContain(value);
  expect(all).not.toMatch(/\n\s+at /);
});

test("exits by itself once its engine refuses connections, without any call (kill -9 of pulumi)", async () => {
  await plugin.call("getPluginInfo", new Empty());
  await plugin.closeEngine();
  // The watchdog polls every 3 s; a generous bound for a loaded 2-core machine.
  await expect(plugin.exited(15_000)).resolves.toBe(0);
});

describe("configValues", () => {
  test("takes typed args as text, secrets unwrapped, without the engine's version", () => {
    const req = new provproto.ConfigureRequest().setArgs(
      Struct.fromJavaScript({ host: "h", accessKeySecret: secret("s"), maxAttempts: 3, version: "1.0.0" }),
    );
    expect(configValues(req)).toEqual({ host: "h", accessKeySecret: "s", maxAttempts: "3" });
  });

  test("falls back to the deprecated variables, keyed genauth:config:<key>", () => {
    const req = new provproto.ConfigureRequest();
    req.getVariablesMap().set("genauth:config:host", "h").set("other:config:x", "y");
    expect(configValues(req)).toEqual({ host: "h" });
  });
});
