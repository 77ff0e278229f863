import { isRotationDue, nextRotationAt, parseInterval } from "../../../provider/lifecycle/schedule";

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
