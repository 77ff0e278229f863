import {
  installDebugRedaction,
  REDACTED_RESPONSE,
  redactRpcTrace,
} from "../../../provider/program/debugRedaction";

const SIG = "4dabf18193072939515e22adb298388d,,,1b47061264138c4ac30d75fd1eb44270";
/** What the SDK logs: the response is a protobuf message rendered by its toString (nested arrays). */
const trace = (response: string) =>
  `RegisterResource RPC finished: resource:web[pulumi-nodejs:dynamic/genauth:ApplicationSecret]; err: null, resp: ${response}`;

describe("redactRpcTrace", () => {
  test("cuts the response out of an RPC trace that carries a secret value", () => {
    const message = trace(`urn:pulumi:dev::p::t::web,,appId,,,abc,secret,,,,,${SIG},value,,,s3cr3t-value`);
    expect(redactRpcTrace(message)).toBe(trace(REDACTED_RESPONSE));
  });

  test.each([
    ["ReadResource", "ReadResource RPC finished: resource:web[t]; err: null, resp: "],
    ["Invoke", "Invoke RPC finished: tok=x:y; err: null, resp: "],
    ["Call", "Call RPC finished: tok=x:y; err: null, resp: "],
  ])("does the same for %s traces", (_kind, head) => {
    expect(redactRpcTrace(`${head}a,${SIG},value,,,s3cr3t-value`)).toBe(head + REDACTED_RESPONSE);
  });

  test("leaves a response without secrets as it is", () => {
    const message = trace("urn:pulumi:dev::p::t::web,,appId,,,abc");
    expect(redactRpcTrace(message)).toBe(message);
  });

  test("leaves other debug messages as they are, even when they mention the signature", () => {
    const message = `Registering resource: t=pulumi-nodejs:dynamic/genauth:ApplicationSecret, ${SIG}`;
    expect(redactRpcTrace(message)).toBe(message);
  });
});

describe("installDebugRedaction", () => {
  test("wraps debug so that traces reach the original redacted, and wraps only once", () => {
    const seen: string[] = [];
    const log = { debug: async (msg: string) => void seen.push(msg) };
    installDebugRedaction(log);
    installDebugRedaction(log);
    void log.debug(trace(`x,${SIG},value,,,s3cr3t-value`));
    void log.debug("plain message");
    expect(seen).toEqual([trace(REDACTED_RESPONSE), "plain message"]);
  });

  test("patches the SDK's own log module, which its resource code calls", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdkLog = require("@pulumi/pulumi/log") as { debug: (msg: string) => Promise<void> };
    const before = sdkLog.debug;
    installDebugRedaction();
    expect(sdkLog.debug).not.toBe(before);
    const again = sdkLog.debug;
    installDebugRedaction();
    expect(sdkLog.debug).toBe(again);
  });
});
