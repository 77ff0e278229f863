/** Accepted `rotateAfter` forms, quoted in error messages. */
export const INTERVAL_FORMS =
  'a number with a unit m, h, d or w ("30m", "12h", "90d", "2w"), or an ISO-8601 duration of weeks, days, hours and minutes ("P90D", "PT12H", "P1DT6H")';

/** The shortest schedule accepted. */
export const MIN_INTERVAL_MS = 60_000;

/** The longest schedule accepted, in days: 10 years of 365 days. */
export const MAX_INTERVAL_DAYS = 3650;

/**
 * The longest schedule accepted. Anything longer is a typo rather than a policy, and without a bound
 * `rotatedAt + rotateAfter` can leave the range of a Date, which fails only after the rotation call.
 */
export const MAX_INTERVAL_MS = MAX_INTERVAL_DAYS * 86_400_000;

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const SHORT = /^(\d+)([mhdw])$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** The result of parsing an interval: milliseconds, or why it was refused. */
export type IntervalResult = { ok: true; ms: number } | { ok: false; problem: string };

/**
 * Parses a `rotateAfter` value, from {@link MIN_INTERVAL_MS} to {@link MAX_INTERVAL_MS}. Months and
 * years are refused: their length varies. Never throws, whatever the text.
 */
export function parseInterval(text: string): IntervalResult {
  const value = text.trim();
  const short = SHORT.exec(value);
  let ms: number | undefined;
  if (short) ms = Number(short[1]) * UNIT_MS[short[2]];
  const iso = short ? null : ISO.exec(value);
  if (iso && value !== "P" && !value.endsWith("T")) {
    const [w, d, h, m] = iso.slice(1).map((part) => Number(part ?? 0));
    ms = w * UNIT_MS.w + d * UNIT_MS.d + h * UNIT_MS.h + m * UNIT_MS.m;
  }
  if (ms === undefined) {
    if (/^P.*[YM]/.test(value.split("T")[0] ?? "")) {
      return {
        ok: false,
        problem: `months and years vary in length; give days instead (e.g. "P30D" or "365d")`,
      };
    }
    return { ok: false, problem: `is not an interval; use ${INTERVAL_FORMS}` };
  }
  if (ms < MIN_INTERVAL_MS) {
    return { ok: false, problem: `is shorter than one minute; use at least "1m", as ${INTERVAL_FORMS}` };
  }
  // Also catches digits too many for a number (Infinity): `!(ms <= max)` is true for NaN as well.
  if (!(ms <= MAX_INTERVAL_MS)) {
    return {
      ok: false,
      problem:
        `is longer than ${MAX_INTERVAL_DAYS} days (10 years), the longest schedule accepted; ` +
        `use at most "${MAX_INTERVAL_DAYS}d", or leave rotateAfter out to rotate only on trigger changes`,
    };
  }
  return { ok: true, ms };
}

/**
 * When the schedule makes rotation due, as ISO-8601, or "" when there is no (valid) schedule. A
 * rotation computes it before the call (`planRecord` in outputs.ts), so nothing that can fail runs
 * once GenAuth has rotated. Never throws all the same: it also reads state that other SDKs or older
 * versions may have written.
 */
export function nextRotationAt(rotatedAt: string, rotateAfter: string | undefined): string {
  if (typeof rotateAfter !== "string" || rotateAfter === "" || typeof rotatedAt !== "string") return "";
  const interval = parseInterval(rotateAfter);
  const from = Date.parse(rotatedAt);
  if (!interval.ok || !Number.isFinite(from)) return "";
  const next = new Date(from + interval.ms);
  return Number.isFinite(next.getTime()) ? next.toISOString() : "";
}

/** True when `now` has reached the next scheduled rotation; false for no or an unusable schedule. */
export function isRotationDue(rotatedAt: string, rotateAfter: string | undefined, now: Date): boolean {
  const next = nextRotationAt(rotatedAt, rotateAfter);
  return next !== "" && now.getTime() >= Date.parse(next);
}
