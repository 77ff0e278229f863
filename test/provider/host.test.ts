/**
 * The host contract: drives the real dynamic-provider host of `@pulumi/pulumi` over gRPC, as the
 * engine does, with secret-wrapped config, through Configure → Check → Create → Diff → Update →
 * Read → Delete.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { POOL_A_ID, POOL_A_SECRET } from "../../emulator";
import { PROVIDER_TEXT } from "../../provider/program/shim";
import { APP_1, useEmulator } from "../support/emulator";
import { DynamicHost, startDynamicHost } from "../support/dynamicHost";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const statusPb = require("@pulumi/pulumi/proto/status_pb");

const emulator = useEmulator();
const URN = "urn:pulumi:stack::project::pulumi-nodejs:dynamic/genauth:ApplicationSecret::web";
const secretValue = (value: string) => ({ [specialSigKey]: specialSecretSig, value });

let host: DynamicHost;
let providerText: string;

beforeAll(async () => {
  providerText = PROVIDER_TEXT;
  host = await startDynamicHost();
});

afterAll(() => host?.stop());

function rpc<T>(method: string, request: unknown): Promise<T> {
  return host.call<T>(method, request);
}

const struct = (value: object) => Struct.fromJavaScript(value);
const withProvider = (value: object) => struct({ ...value, __provider: providerText });

describe("the dynamic-provider host running ApplicationSecret", () => {
  it("goes through the whole lifecycle with secret-wrapped config", async () => {
    const configure = new providerPb.ConfigureRequest();
    configure.setArgs(
      struct({
        "genauth:host": emulator().url,
        "genauth:accessKeyId": POOL_A_ID,
        "genauth:accessKeySecret": secretValue(POOL_A_SECRET),
        "genauth:retryBaseDelayMs": "1",
        "genauth:maxProcessingDelayMs": "50",
      }),
    );
    await rpc("configure", configure);

    const bad = new providerPb.CheckRequest();
    bad.setUrn(URN);
    bad.setOlds(struct({}));
    bad.setNews(withProvider({ appId: "", rotateAfter: "P1M" }));
    const badResult: any = await rpc("check", bad);
    const failures = badResult.getFailuresList().map((f: any) => `${f.getProperty()}: ${f.getReason()}`);
    expect(failures).toEqual([
      expect.stringMatching(/^appId: must be a non-empty string/),
      expect.stringMatching(/^rotateAfter: .*days/),
    ]);

    const check = new providerPb.CheckRequest();
    check.setUrn(URN);
    check.setOlds(struct({}));
    check.setNews(withProvider({ appId: APP_1, rotationTrigger: { v: 1 } }));
    const checked: any = await rpc("check", check);
    expect(checked.getFailuresList()).toEqual([]);
    expect(emulator().control.calls()).toEqual({});

    const create = new providerPb.CreateRequest();
    create.setUrn(URN);
    create.setProperties(checked.getInputs());
    const created: any = await rpc("create", create);
    const outs = created.getProperties().toJavaScript();
    expect(created.getId()).toBe(APP_1);
    expect(outs.secret).toBe(emulator().control.app(APP_1).secret);
    expect(outs.__provider).toBe(providerText);

    const diff = new providerPb.DiffRequest();
    diff.setId(APP_1);
    diff.setUrn(URN);
    diff.setOlds(created.getProperties());
    diff.setNews(withProvider({ appId: APP_1, rotationTrigger: { v: 2 } }));
    const diffed: any = await rpc("diff", diff);
    expect(diffed.getChanges()).toBe(providerPb.DiffResponse.DiffChanges.DIFF_SOME);
    expect(diffed.getReplacesList()).toEqual([]);

    const same = new providerPb.DiffRequest();
    same.setId(APP_1);
    same.setUrn(URN);
    same.setOlds(created.getProperties());
    same.setNews(withProvider({ appId: APP_1, rotationTrigger: { v: 1 } }));
    expect(((await rpc("diff", same)) as any).getChanges()).toBe(
      providerPb.DiffResponse.DiffChanges.DIFF_NONE,
    );

    const update = new providerPb.UpdateRequest();
    update.setId(APP_1);
    update.setUrn(URN);
    update.setOlds(created.getProperties());
    update.setNews(withProvider({ appId: APP_1, rotationTrigger: { v: 2 } }));
    const updated: any = await rpc("update", update);
    const updatedOuts = updated.getProperties().toJavaScript();
    expect(updatedOuts).toMatchObject({
      secret: emulator().control.app(APP_1).secret,
      rotationReason: "trigger",
      rotationCount: 2,
    });

    emulator().control.rotate(APP_1);
    const read = new providerPb.ReadRequest();
    read.setId(APP_1);
    read.setUrn(URN);
    read.setProperties(updated.getProperties());
    const readResult: any = await rpc("read", read);
    expect(readResult.getProperties().toJavaScript()).toMatchObject({
      secret: emulator().control.app(APP_1).secret,
      rotationReason: "drift",
    });
    expect(readResult.getInputs().toJavaScript()).toEqual({
      appId: APP_1,
      rotationTrigger: { v: 2 },
      scheduledFrom: readResult.getProperties().toJavaScript().rotatedAt,
      __provider: providerText,
    });

    emulator().control.resetCalls();
    const del = new providerPb.DeleteRequest();
    del.setId(APP_1);
    del.setUrn(URN);
    del.setProperties(readResult.getProperties());
    await rpc("delete", del);
    expect(emulator().control.calls()).toEqual({});
  });

  it("turns a rotation it could not confirm into partial state without a secret", async () => {
    const check = new providerPb.CheckRequest();
    check.setUrn(URN);
    check.setOlds(struct({}));
    check.setNews(withProvider({ appId: APP_1, rotationTrigger: "lost" }));
    const checked: any = await rpc("check", check);
    // A read first: the host's cached token is from an emulator since reset, and a refused token
    // must not use up the fault rules below.
    const warmUp = new providerPb.ReadRequest();
    warmUp.setId(APP_1);
    warmUp.setUrn(URN);
    warmUp.setProperties(withProvider({ appId: APP_1 }));
    await rpc("read", warmUp);
    const before = emulator().control.app(APP_1).secret;
    emulator().control.addFaults([
      // The create's first read passes (a 1 ms delay is a normal answer); every later one fails.
      { operation: "get-application-secret", effect: { kind: "hang", ms: 1 } },
      { operation: "get-application-secret", effect: { kind: "http", status: 502 }, times: 99 },
      { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
    ]);
    const create = new providerPb.CreateRequest();
    create.setUrn(URN);
    create.setProperties(checked.getInputs());
    const error: any = await rpc("create", create).then(
      () => undefined,
      (e: unknown) => e,
    );
    emulator().control.clearFaults();
    expect(emulator().control.app(APP_1).secret).not.toBe(before); // GenAuth did rotate
    expect(String(error?.details ?? error)).toMatch(
      /GenAuth may have rotated the secret of app 6229ffaa0000000000000001.*next pulumi up reads/,
    );
    const details = error.metadata.get("grpc-status-details-bin")[0] as Buffer;
    const status = statusPb.Status.deserializeBinary(details);
    const any = status.getDetailsList()[0];
    const init = providerPb.ErrorResourceInitFailed.deserializeBinary(any.getValue());
    expect(init.getId()).toBe(APP_1);
    const props = init.getProperties().toJavaScript();
    expect(props.secret).toBeUndefined();
    expect(JSON.stringify(props)).not.toContain(emulator().control.app(APP_1).secret);
    expect(JSON.stringify(props)).not.toContain(before);
    expect(props.pendingRotation).toMatchObject({ reason: "created", rotationTrigger: "lost" });
    expect(init.getReasonsList()).toEqual([expect.stringMatching(/may have rotated/)]);
  });

  it("starts no rotation once the engine that started it is gone", async () => {
    const check = new providerPb.CheckRequest();
    check.setUrn(URN);
    check.setOlds(struct({}));
    check.setNews(withProvider({ appId: APP_1 }));
    const checked: any = await rpc("check", check);
    await host.engine.stop();
    const before = emulator().control.app(APP_1).rotations;
    const create = new providerPb.CreateRequest();
    create.setUrn(URN);
    create.setProperties(checked.getInputs());
    await expect(rpc("create", create)).rejects.toThrow(/not rotating the secret of app .*engine/);
    expect(emulator().control.app(APP_1).rotations).toBe(before);
  });

  it("then exits by itself: its watchdog finds the engine gone and no call in flight", async () => {
    // The engine was closed by the test before; the watchdog polls every 3 s.
    const code = await host.exited(15_000);
    expect(code).toBe(0);
  });
});
