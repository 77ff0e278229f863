/**
 * Faults at scale: each fault GenAuth can throw at a client, injected while one `up` rotates 20
 * ApplicationSecrets. Per fault, the `up` either succeeds or fails with one clear error per affected
 * resource (operation, app, code, requestId; no stack trace, no `[object Object]`); no app rotates
 * more than once for the one rotation asked of it (a lost response included); and after the fault
 * is gone, one more `up` converges: every secret in state is GenAuth's current secret, and every
 * app has rotated exactly once.
 */
import { FaultRule, POOL_A_ID } from "../../emulator";
import { useScenario } from "./support/scenario";
import { SecretSpec, secretsProgram } from "./support/programs";
import { E2eStack } from "../../harness/stack";
import { plainSecret } from "../../harness/state";

const REFRESH = "refresh-application-secret";
const APP_IDS = Array.from({ length: 20 }, (_, i) => `6230aaaa00000000000000${String(i).padStart(2, "0")}`);
const name = (i: number) => `app${i}`;
/** The apps a persistent fault is aimed at. */
const TARGETS = [APP_IDS[3], APP_IDS[11], APP_IDS[17]];

/** One row: a fault, and whether the `up` it hits must succeed or fail. */
interface FaultCase {
  fault: string;
  /** Rules installed before the `up`. */
  rules?: FaultRule[];
  /** Takes GenAuth off the network before the `up`, and brings it back (with its state) after. */
  outage?: true;
  outcome: "succeeds" | "fails";
  /** For "fails": the apps whose resources must report an error, and the code they report. */
  failing?: { appIds: string[]; code: RegExp };
  /** Run the faulted `up` with --debug. */
  debug?: true;
}

const CASES: FaultCase[] = [
  {
    fault: "HTTP 429 burst",
    rules: [{ operation: REFRESH, effect: { kind: "throttle" }, times: 40, retryAfterSeconds: 0 }],
    outcome: "succeeds",
  },
  ...[500, 502, 503].map((status): FaultCase => ({
    fault: `HTTP ${status}`,
    rules: [{ operation: REFRESH, effect: { kind: "http", status }, times: 8 }],
    outcome: "succeeds",
  })),
  {
    fault: "body statusCode 500",
    rules: [{ operation: REFRESH, effect: { kind: "status", statusCode: 500 }, times: 8 }],
    outcome: "succeeds",
  },
  {
    fault: "connection reset",
    rules: [{ operation: REFRESH, effect: { kind: "reset" }, times: 8 }],
    outcome: "succeeds",
  },
  {
    fault: "hang longer than the request timeout",
    rules: [{ operation: REFRESH, effect: { kind: "hang", ms: 4000 }, times: 3 }],
    outcome: "succeeds",
  },
  {
    fault: "token expiry mid-run",
    rules: [{ operation: REFRESH, effect: { kind: "expire-token" }, times: 5 }],
    outcome: "succeeds",
  },
  {
    fault: "lost response after a rotation",
    rules: [{ operation: REFRESH, effect: { kind: "lose-response" }, times: 8 }],
    outcome: "succeeds",
    debug: true,
  },
  {
    fault: "persistent HTTP 500 on three apps",
    rules: TARGETS.map((appId) => ({
      operation: REFRESH,
      appId,
      effect: { kind: "http", status: 500 },
      times: 100,
    })),
    outcome: "fails",
    failing: {
      appIds: TARGETS,
      code: new RegExp(
        `GenAuth ${REFRESH} failed for app \\w+ after \\d+ attempts: HTTP 500, statusCode 500: .*\\(requestId [0-9a-f]{32}\\)`,
      ),
    },
    debug: true,
  },
  {
    fault: "GenAuth unreachable (connection refused), then back with its state",
    outage: true,
    outcome: "fails",
    failing: {
      appIds: APP_IDS,
      code: /failed for app \w+ after \d+ attempts: ECONNREFUSED: .*\(requestId none\)/,
    },
    debug: true,
  },
];

describe("faults during an up of 20 resources", () => {
  const scenario = useScenario();
  let stack: E2eStack;
  let trigger = 1;
  const program = () =>
    secretsProgram(
      APP_IDS.map((appId, i): SecretSpec => ({ name: name(i), appId, rotationTrigger: trigger })),
    );
  const rotations = () => APP_IDS.map((appId) => scenario().emulator.control.app(appId).rotations);
  const stateVersusGenAuth = async () => {
    const plain = await stack.plainState();
    return APP_IDS.filter((appId, i) => plainSecret(plain, name(i)) !== scenario().secretOf(appId));
  };

  beforeAll(async () => {
    for (const appId of APP_IDS) scenario().emulator.control.addApp({ appId, userPoolId: POOL_A_ID });
    stack = await scenario().openStack(program());
    await stack.up();
  });

  describe.each(CASES)("$fault", (row) => {
    let before: number[];
    let outcome: "succeeds" | "fails";
    let error = "";
    let afterFault: number[];

    beforeAll(async () => {
      before = rotations();
      trigger++;
      stack.setProgram(program());
      scenario().emulator.control.clearFaults();
      if (row.rules) scenario().emulator.control.addFaults(row.rules);
      if (row.outage) await scenario().emulator.goDown();
      try {
        // --continue-on-error: the engine starts every step despite failures, so each affected
        // resource gets to report its own error.
        await stack.up({ debug: row.debug, continueOnError: row.outcome === "fails" });
        outcome = "succeeds";
      } catch (e) {
        outcome = "fails";
        error = String((e as Error).message);
      } finally {
        if (row.outage) await scenario().emulator.comeBack();
      }
      afterFault = rotations();
    });

    test(`the up ${row.outcome}${row.failing ? ", with one clear error per affected resource" : ""}`, () => {
      expect(outcome).toBe(row.outcome);
      if (row.rules)
        expect(
          scenario()
            .emulator.control.faults()
            .every((f) => f.fired > 0),
        ).toBe(true);
      if (!row.failing) return;
      for (const appId of row.failing.appIds) {
        // The operation is the refresh, or the token request it needed.
        const line = error
          .split("\n")
          .find((l) => /GenAuth [\w-]+ failed for app/.test(l) && l.includes(appId));
        expect([appId, line]).toEqual([appId, expect.stringMatching(row.failing.code)]);
      }
      expect(error).not.toContain("[object Object]");
      expect(error).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack frame
    });

    test("no app rotated more than once for its one requested rotation", () => {
      const extra = APP_IDS.filter((_, i) => afterFault[i] - before[i] > 1);
      expect(extra).toEqual([]);
    });

    test("the next up converges: every app rotated exactly once, state holds GenAuth's secret", async () => {
      scenario().emulator.control.clearFaults();
      await stack.up();
      expect(await stateVersusGenAuth()).toEqual([]);
      const after = rotations();
      expect(APP_IDS.filter((_, i) => after[i] - before[i] !== 1)).toEqual([]);
    });
  });
});
