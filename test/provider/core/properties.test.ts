/**
 * Properties over the extremes of every accepted input: the provider's `check` accepts them, and
 * `create` and `update` never fail once GenAuth rotated (a rotation the provider does not record is
 * a lost secret). Runs the real provider against an in-process emulator, with an injected clock.
 * Runs are few (see NUM_RUNS) so the file takes seconds; fast-check prints the seed of a failure.
 */
import fc from "fast-check";
import { POOL_A_ID, POOL_A_SECRET } from "../../../emulator";
import { MAX_APP_ID_LENGTH } from "../../../provider/inputs/appId";
import { canonicalJson } from "../../../provider/core/lifecycle/canonicalJson";
import {
  isRotationDue,
  MAX_INTERVAL_DAYS,
  MAX_INTERVAL_MS,
  nextRotationAt,
  parseInterval,
} from "../../../provider/core/lifecycle/schedule";
import { ApplicationSecretProvider } from "../../../provider/core/provider";
import { checkTrigger, MAX_TRIGGER_BYTES, MAX_TRIGGER_DEPTH } from "../../../provider/inputs/triggerShape";
import { SecretOutputs } from "../../../provider/core/state";
import { JsonValue, SecretInputs } from "../../../provider/inputs/types";
import { useEmulator } from "../../support/emulator";

const NUM_RUNS = 30;
const emulator = useEmulator();

/** The provider's clock: create at T0, update a minute later. */
const T0 = new Date("2026-11-01T00:00:00.000Z");

// ---- Arbitraries: each input at its extremes, and ordinary values between them ----

const APP_ID_CHARS = [..."abcdefABCDEF0123456789-_xyzXYZ"];
const appIdArb = fc.oneof(
  fc.string({
    unit: fc.constantFrom(...APP_ID_CHARS),
    minLength: MAX_APP_ID_LENGTH,
    maxLength: MAX_APP_ID_LENGTH,
  }),
  fc.string({ unit: fc.constantFrom(...APP_ID_CHARS), minLength: 1, maxLength: MAX_APP_ID_LENGTH }),
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 24, maxLength: 24 }),
);

/** A value `depth` containers deep, the innermost holding `leaf`. */
function nestedTo(depth: number, leaf: JsonValue, arrays: boolean): JsonValue {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = arrays || i % 2 === 0 ? [value] : { [`k${i}`]: value };
  return value;
}

/** A string of `unit`s whose canonical JSON (with its quotes) is as long as fits in `bytes`. */
const stringOfBytes = (bytes: number, unit: string) =>
  unit.repeat(Math.floor((bytes - 2) / Buffer.byteLength(unit)));

const triggerArb: fc.Arbitrary<JsonValue | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>,
  fc.constantFrom<JsonValue>(
    null,
    true,
    false,
    0,
    -0,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER,
    "",
    [],
    {},
    "2026-11",
    stringOfBytes(MAX_TRIGGER_BYTES, "x"),
    stringOfBytes(MAX_TRIGGER_BYTES, "é"),
    stringOfBytes(MAX_TRIGGER_BYTES, "😀"),
    { "\u001b[2J": "\n\r\t\u2028", "": null, 日本: ["語"] },
  ),
  fc
    .tuple(fc.integer({ min: 0, max: MAX_TRIGGER_DEPTH }), fc.jsonValue({ maxDepth: 0 }), fc.boolean())
    .map(([depth, leaf, arrays]) => nestedTo(depth, leaf as JsonValue, arrays)),
);

const rotateAfterArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("1m", "PT1M", "60m", "3650d", "P3650D", "521w", "P521WT72H", "87600h", "5256000m", " 90d "),
  fc.integer({ min: 1, max: MAX_INTERVAL_MS / 60_000 }).map((m) => `${m}m`),
  fc.integer({ min: 1, max: MAX_INTERVAL_DAYS }).map((d) => `${d}d`),
  fc.integer({ min: 1, max: Math.floor(MAX_INTERVAL_DAYS / 7) }).map((w) => `P${w}W`),
  fc
    .tuple(fc.nat(3649), fc.nat(23), fc.nat(59))
    .filter(([d, h, m]) => d + h + m > 0)
    .map(([d, h, m]) => `P${d}DT${h}H${m}M`),
);

/** Every spelling of the emulator's address the provider must call as one host. */
function hostVariants(url: string): string[] {
  const { port } = new URL(url);
  return [
    url,
    `${url}/`,
    ` ${url}// `,
    `HTTP://127.0.0.1:${port}`,
    `http://localhost:${port}`,
    `http://LOCALHOST:${port}/`,
  ];
}

interface Case {
  appId: string;
  rotationTrigger?: JsonValue;
  nextTrigger?: JsonValue;
  rotateAfter?: string;
  adopt?: boolean;
  onDelete?: "retain" | "rotate";
  /** Index into hostVariants, or undefined for no connection (settings from the environment). */
  host?: number;
  /** Whether the connection carries the key pair itself. */
  keyPairInConnection: boolean;
  userPoolId?: string;
}

const caseArb: fc.Arbitrary<Case> = fc.record(
  {
    appId: appIdArb,
    rotationTrigger: triggerArb,
    nextTrigger: triggerArb,
    rotateAfter: rotateAfterArb,
    adopt: fc.option(fc.boolean(), { nil: undefined }),
    onDelete: fc.option(fc.constantFrom<"retain" | "rotate">("retain", "rotate"), { nil: undefined }),
    host: fc.option(fc.nat(5), { nil: undefined }),
    keyPairInConnection: fc.boolean(),
    userPoolId: fc.option(fc.constant(POOL_A_ID), { nil: undefined }),
  },
  { requiredKeys: ["appId", "keyPairInConnection"] },
);

// ---- The run ----

/** Inputs as the engine sends them: no key holds undefined. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function inputsOf(c: Case, trigger: JsonValue | undefined, url: string): Record<string, unknown> {
  const connection =
    c.host === undefined && c.userPoolId === undefined
      ? undefined
      : defined({
          host: c.host === undefined ? undefined : hostVariants(url)[c.host],
          userPoolId: c.userPoolId,
          ...(c.keyPairInConnection ? { accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET } : {}),
        });
  return defined({
    appId: c.appId,
    rotationTrigger: trigger,
    connection,
    rotateAfter: c.rotateAfter,
    adopt: c.adopt,
    onDelete: c.onDelete,
  });
}

/** Paths in `value` that hold undefined (the engine refuses such outputs). */
function undefinedPaths(value: unknown, path = "outs"): string[] {
  if (value === undefined) return [path];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${path}.${k}`));
}

/** Runs `call`; if GenAuth rotated meanwhile, it must have resolved with GenAuth's current secret. */
async function rotationSafe<T extends { secret: string }>(
  appId: string,
  call: () => Promise<T>,
): Promise<{ result?: T; rotated: boolean; error?: unknown }> {
  const before = emulator().control.app(appId).rotations;
  let result: T | undefined;
  let error: unknown;
  try {
    result = await call();
  } catch (e) {
    error = e;
  }
  const now = emulator().control.app(appId);
  const rotated = now.rotations > before;
  if (rotated) {
    expect(error).toBeUndefined();
    expect(result?.secret).toBe(now.secret);
  }
  return { result, rotated, error };
}

async function provider(clock: { now: Date }): Promise<ApplicationSecretProvider> {
  const p = new ApplicationSecretProvider({
    env: {
      GENAUTH_HOST: emulator().url,
      GENAUTH_ACCESS_KEY_ID: POOL_A_ID,
      GENAUTH_ACCESS_KEY_SECRET: POOL_A_SECRET,
      GENAUTH_RETRY_BASE_DELAY_MS: "1",
      GENAUTH_MAX_PROCESSING_DELAY_MS: "50",
    },
    now: () => clock.now,
  });
  await p.configure({ config: { get: () => undefined } } as never);
  return p;
}

describe("ApplicationSecretProvider over the extremes of every accepted input", () => {
  test("check accepts them; create and update resolve after every rotation, recording GenAuth's secret", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        emulator().control.reset();
        emulator().control.addApp({ appId: c.appId, userPoolId: POOL_A_ID });
        const url = emulator().url;
        const clock = { now: T0 };
        const p = await provider(clock);

        const checked = await p.check({}, inputsOf(c, c.rotationTrigger, url));
        expect(checked.failures ?? []).toEqual([]);
        const news = checked.inputs!;

        const created = await rotationSafe(c.appId, async () => {
          const { outs } = await p.create(news);
          return outs;
        });
        expect(created.error).toBeUndefined();
        const olds = created.result!;
        expect(olds.secret).toBe(emulator().control.app(c.appId).secret);
        expect(created.rotated).toBe(!c.adopt);
        expect(undefinedPaths(olds)).toEqual([]);

        clock.now = new Date(T0.getTime() + 60_000);
        const rechecked = await p.check(news, inputsOf(c, c.nextTrigger, url));
        expect(rechecked.failures ?? []).toEqual([]);
        const next = rechecked.inputs!;
        const updated = await rotationSafe(c.appId, async () => {
          const { outs } = await p.update(c.appId, olds as SecretOutputs, next as unknown as SecretInputs);
          return outs;
        });
        expect(updated.error).toBeUndefined();
        const triggerChanged = canonicalJson(c.rotationTrigger) !== canonicalJson(c.nextTrigger);
        const interval = c.rotateAfter === undefined ? undefined : parseInterval(c.rotateAfter);
        const due = interval?.ok === true && interval.ms <= 60_000;
        expect(updated.rotated).toBe(triggerChanged || due);
        expect(updated.result!.secret).toBe(emulator().control.app(c.appId).secret);
        expect(undefinedPaths(updated.result)).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("rotateAfter over arbitrary strings", () => {
  const at = T0.toISOString();
  const intervalLike = fc.stringMatching(/^\s?P?\d{0,14}[WDTHMYwdhms]?\d{0,14}[HMD]?\s?$/);
  const anyString = fc.oneof(fc.string(), fc.string({ unit: "binary" }), intervalLike);

  test("check refuses it with a printable, bounded reason or accepts it; the schedule math never throws", async () => {
    const p = await provider({ now: T0 });
    await fc.assert(
      fc.asyncProperty(anyString, async (rotateAfter) => {
        const { failures = [] } = await p.check({}, { appId: "a", rotateAfter });
        const next = nextRotationAt(at, rotateAfter);
        expect(() => isRotationDue(at, rotateAfter, new Date(8.64e15))).not.toThrow();
        if (failures.length === 0) {
          const ms = Date.parse(next) - T0.getTime();
          expect(ms).toBeGreaterThanOrEqual(60_000);
          expect(ms).toBeLessThanOrEqual(MAX_INTERVAL_MS);
        } else {
          // A value the engine would echo raw is the resource's failure, its reason naming the field.
          const printable = /^[\x20-\x7e]{0,200}$/.test(rotateAfter);
          expect(failures.map((f) => f.property)).toEqual([printable ? "rotateAfter" : ""]);
          expect(next).toBe("");
          const [{ reason }] = failures;
          if (!printable) expect(reason).toMatch(/^rotateAfter: /);
          expect(reason.length).toBeLessThan(400);
          expect([...reason].filter((ch) => ch < " " || (ch >= "\u007f" && ch <= "\u009f"))).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("nextRotationAt never throws, whatever rotatedAt and rotateAfter are", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom("+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z", "Invalid Date"),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        fc.oneof(
          anyString,
          rotateAfterArb.filter((v): v is string => v !== undefined),
        ),
        (from, rotateAfter) => {
          const next = nextRotationAt(from, rotateAfter);
          expect(next === "" || Number.isFinite(Date.parse(next))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("rotationTrigger's measured size", () => {
  test("is the UTF-8 length of the canonical JSON the diff compares", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(checkTrigger(value, "t")).toMatchObject({
          bytes: Buffer.byteLength(canonicalJson(value), "utf8"),
        });
      }),
      { numRuns: 200 },
    );
  });
});
