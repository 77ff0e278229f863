/** GenAuth calls per operation, as the emulator counts them (`emulator.control.calls()`). */
export type CallCounts = Record<string, number>;

/** All calls of one count. */
export function totalCalls(calls: CallCounts): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/**
 * Whether a baseline made the same calls as ours in every run (run i against run i, operation by
 * operation): "same", else the first run that differs with both counts, so a baseline that stopped
 * making the product's calls shows in the table instead of passing for a fair one.
 */
export function sameCalls(ours: readonly CallCounts[], baseline: readonly CallCounts[]): string {
  for (let i = 0; i < ours.length; i++) {
    if (describe(ours[i]) !== describe(baseline[i])) {
      return `differ in run ${i + 1}: ${describe(ours[i]) || "none"} vs ${describe(baseline[i]) || "none"}`;
    }
  }
  return "same";
}

/** `operation count` pairs, sorted, zeros left out. */
function describe(calls: CallCounts): string {
  return Object.entries(calls)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operation, count]) => `${operation} ${count}`)
    .join(", ");
}
