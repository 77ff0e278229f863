import {
  isRotationDue,
  MAX_INTERVAL_DAYS,
  MAX_INTERVAL_MS,
  nextRotationAt,
  parseInterval,
} from "../../../../provider/core/lifecycle/schedule";

describe("parseInterval", () => {
  it.each([
    ["30m", 30 * 60_000],
    ["12h", 12 * 3_600_000],
    ["90d", 90 * 86_400_000],
    ["2w", 14 * 86_400_000],
    ["P90D", 90 * 86_400_000],
    ["PT12H", 12 * 3_600_000],
    ["P1W", 7 * 86_400_000],
    ["P1DT6H30M", 86_400_000 + 6 * 3_600_000 + 30 * 60_000],
    ["1m", 60_000],
  ])("accepts %s", (text, ms) => {
    expect(parseInterval(text)).toEqual({ ok: true, ms });
  });

  it.each(["P1M", "P1Y", "P1Y2D"])("refuses %s and suggests days", (text) => {
    const r = parseInterval(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/give days instead/);
  });

  it.each(["0d", "-1h", "90 days", "", "P", "PT", "10s", "1.5d", "d"])(
    "refuses %j and lists the accepted forms",
    (text) => {
      const r = parseInterval(text);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.problem).toMatch(/"90d"|at least "1m"/);
    },
  );

  it("refuses intervals shorter than one minute", () => {
    expect(parseInterval("PT0M")).toMatchObject({ ok: false });
  });
});

describe("schedule", () => {
  it("puts the next rotation one interval after rotatedAt", () => {
    expect(nextRotationAt("2026-11-01T00:00:00.000Z", "2w")).toBe("2026-11-15T00:00:00.000Z");
  });
  it("has no next rotation without a schedule", () => {
    expect(nextRotationAt("2026-11-01T00:00:00.000Z", undefined)).toBe("");
    expect(isRotationDue("2026-11-01T00:00:00.000Z", undefined, new Date("2030-01-01"))).toBe(false);
  });
  it("is due exactly at the next rotation time", () => {
    expect(isRotationDue("2026-11-01T00:00:00.000Z", "1d", new Date("2026-11-02T00:00:00.000Z"))).toBe(true);
    expect(isRotationDue("2026-11-01T00:00:00.000Z", "1d", new Date("2026-11-01T23:59:59.999Z"))).toBe(false);
  });
});

describe("the schedule's bounds", () => {
  it("accepts exactly MAX_INTERVAL_DAYS days, in every form", () => {
    for (const text of ["3650d", "P3650D", `${3650 * 24}h`, `${3650 * 24 * 60}m`, "P521WT72H"]) {
      expect(parseInterval(text)).toEqual({ ok: true, ms: MAX_INTERVAL_MS });
    }
  });

  it.each([
    ["3651d", "3651d"],
    ["P3650DT1M", "P3650DT1M"],
    ["15000000w", "15000000w"],
    ["99999999999w", "99999999999w"],
    ["400 nines and d (Infinity as a number)", `${"9".repeat(400)}d`],
    ["P, 400 nines and W", `P${"9".repeat(400)}W`],
  ])("refuses %s, naming the bound", (_label, text) => {
    expect(parseInterval(text)).toEqual({
      ok: false,
      problem: expect.stringMatching(/^is longer than 3650 days \(10 years\).*use at most "3650d"/),
    });
  });

  it("defines the bound once, as 3650 days", () => {
    expect(MAX_INTERVAL_MS).toBe(MAX_INTERVAL_DAYS * 86_400_000);
    expect(MAX_INTERVAL_DAYS).toBe(3650);
  });
});

describe("nextRotationAt and isRotationDue never throw", () => {
  const at = "2026-11-01T00:00:00.000Z";

  it("puts the longest schedule 3650 days after rotatedAt", () => {
    expect(nextRotationAt(at, "3650d")).toBe("2036-10-29T00:00:00.000Z");
  });

  it.each([
    ["99999999999w", "99999999999w"],
    ["15000000w", "15000000w"],
    ["400 nines and d", `${"9".repeat(400)}d`],
    ["P1M", "P1M"],
    ["soon", "soon"],
    ["an empty string", ""],
  ])("gives no next rotation for the refused schedule %s", (_label, rotateAfter) => {
    expect(nextRotationAt(at, rotateAfter)).toBe("");
    expect(isRotationDue(at, rotateAfter, new Date("2100-01-01"))).toBe(false);
  });

  it("gives no next rotation when rotatedAt plus the schedule leaves the range of a date", () => {
    expect(nextRotationAt("+275760-09-13T00:00:00.000Z", "1d")).toBe("");
    expect(isRotationDue("+275760-09-13T00:00:00.000Z", "1d", new Date(8.64e15))).toBe(false);
  });

  it("gives no next rotation for values of the wrong type (state written by another SDK)", () => {
    expect(nextRotationAt(at, 90 as never)).toBe("");
    expect(nextRotationAt(undefined as never, "1d")).toBe("");
    expect(nextRotationAt("not a date", "1d")).toBe("");
  });
});
