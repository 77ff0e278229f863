import { ControlError, ControlHost, EmulatorControl } from "../../emulator/control";
import { EmulatorControlClient } from "../../emulator/control-client";
import {
  CONTROL_OPERATION_NAMES,
  CONTROL_OPERATIONS,
  handleControlRequest,
} from "../../emulator/controlOperations";
import { Instruments } from "../../emulator/instruments";
import { SecretRecord } from "../../emulator/secretRecord";
import { POOL_A_ID, SEEDED_APPS } from "../../emulator/seed";
import { EmulatorState } from "../../emulator/state";

function host(): ControlHost {
  const secretRecord = new SecretRecord();
  const state = new EmulatorState(undefined, { secretSink: secretRecord });
  const instruments = new Instruments();
  return {
    state: () => state,
    instruments: () => instruments,
    issuedSecrets: () => secretRecord.issued(),
    reset: () => undefined,
  };
}

/** Malformed arguments: the operation, its HTTP request, the in-process argument and the message. */
const MALFORMED: [
  name: string,
  method: string,
  path: string,
  body: unknown,
  query: string,
  message: string,
][] = [
  [
    "addFaults",
    "POST",
    "/faults",
    { operation: "*", effect: { kind: "http", status: "500" } },
    "",
    'fault rule effect.status must be an integer from 400 to 599; got "500"',
  ],
  [
    "addFaults",
    "POST",
    "/faults",
    [
      { operation: "*", effect: { kind: "reset" } },
      { operation: "*", effect: { kind: "hang", ms: "1" } },
    ],
    "",
    'fault rule [1] effect.ms must be a number of at least 0; got "1"',
  ],
  [
    "addFaults",
    "POST",
    "/faults",
    { operation: "*", effect: { kind: "reset" }, times: 1.5 },
    "",
    "fault rule times must be an integer of at least 1; got 1.5",
  ],
  [
    "addFaults",
    "POST",
    "/faults",
    { operation: "get-secret", effect: { kind: "reset" } },
    "",
    'fault rule operation must be "*" or one of',
  ],
  [
    "addApp",
    "POST",
    "/apps",
    { appId: "x", userPoolId: 7 },
    "",
    "app.userPoolId must be a non-empty string; got 7",
  ],
  [
    "addApp",
    "POST",
    "/apps",
    { appId: "x", userPoolId: POOL_A_ID, appType: "" },
    "",
    'app.appType must be a non-empty string; got ""',
  ],
  [
    "reset",
    "POST",
    "/reset",
    { userPools: [{ userPoolId: "p", accessKeySecret: "s", apps: [{ appId: "a" }] }] },
    "",
    "seed.userPools[0].apps[0].appName must be a non-empty string; got nothing",
  ],
  [
    "setRateLimit",
    "PUT",
    "/rate-limit",
    { requestsPerSecond: 5, retryAfter: "yes" },
    "",
    'rate limit retryAfter must be true or false; got "yes"',
  ],
];

describe("CONTROL_OPERATIONS", () => {
  it("gives every operation a distinct method and path", () => {
    const routes = CONTROL_OPERATION_NAMES.map((name) => {
      const { method, path } = CONTROL_OPERATIONS[name];
      return `${method} ${path}`;
    });
    expect(new Set(routes).size).toBe(routes.length);
  });

  it("makes every operation a method of EmulatorControl and of EmulatorControlClient", () => {
    const control = new EmulatorControl(host());
    const client = new EmulatorControlClient("http://127.0.0.1:1");
    for (const name of CONTROL_OPERATION_NAMES) {
      expect([name, typeof control[name], typeof client[name]]).toEqual([name, "function", "function"]);
    }
  });

  it("serves every operation over HTTP at its method and path", () => {
    const served = CONTROL_OPERATION_NAMES.filter((name) => {
      const { method, path } = CONTROL_OPERATIONS[name];
      const concrete = path.replace(":appId", SEEDED_APPS.web);
      const body = name === "setTokenLifetime" ? { seconds: 60 } : name === "outage" ? { ms: 1 } : undefined;
      return (
        handleControlRequest(host(), method, `/__emulator${concrete}`, new URLSearchParams(), body).status !==
        404
      );
    });
    expect(served).toEqual(CONTROL_OPERATION_NAMES);
  });

  it.each(MALFORMED)("refuses a malformed %s body over HTTP with 400 naming the field: %#", (...row) => {
    const [, method, path, body, query, message] = row;
    const answer = handleControlRequest(
      host(),
      method,
      `/__emulator${path}`,
      new URLSearchParams(query),
      body,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.stringContaining(message) });
  });

  it.each(MALFORMED)("refuses a malformed %s argument in process, naming the field: %#", (name, ...rest) => {
    const [, , body, , message] = rest;
    const control = new EmulatorControl(host());
    // The rows' arguments are ill-typed on purpose, so the method is called untyped.
    const call = () => Reflect.apply(Reflect.get(control, name), control, [body]);
    expect(call).toThrow(ControlError);
    expect(call).toThrow(message);
  });

  it.each([
    ["PUT", "/token-lifetime", { seconds: "60" }, "", 'seconds must be an integer of at least 1; got "60"'],
    ["PUT", "/token-lifetime", "60", "", "request body must be a JSON object"],
    ["POST", "/outage", { ms: 1.5 }, "", "outage ms must be an integer from 0 to 2147483647; got 1.5"],
    ["GET", "/requests", undefined, "limit=-1", 'limit must be an integer of at least 0; got "-1"'],
    ["GET", "/apps/%20", undefined, "", "application   does not exist"],
  ])("refuses %s %s with a message naming the field: %#", (method, path, body, query, message) => {
    const answer = handleControlRequest(
      host(),
      method,
      `/__emulator${path}`,
      new URLSearchParams(query),
      body,
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body).toEqual({ error: message });
  });

  it("refuses a malformed argument before anything happens", () => {
    const h = host();
    const control = new EmulatorControl(h);
    expect(() => control.setTokenLifetime(0)).toThrow("seconds must be an integer of at least 1; got 0");
    expect(h.state().tokenLifetimeSeconds).toBe(7200);
    expect(() => control.requests(-1)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
