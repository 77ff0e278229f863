/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Each run's own ratio a[i] / b[i], as "median (min–max)" with two decimals: the two were measured
 * back to back, so their ratio drifts less with the machine's load than the ratio of the medians.
 */
export function perRunRatio(a: readonly number[], b: readonly number[]): string {
  const ratios = a.map((value, i) => value / b[i]);
  const two = (value: number) => value.toFixed(2);
  return `${two(median(ratios))} (${two(Math.min(...ratios))}–${two(Math.max(...ratios))})`;
}

/** Formats a markdown table from a header row and data rows. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
