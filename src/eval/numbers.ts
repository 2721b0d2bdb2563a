/** Small numeric helpers shared by the classification and span metrics. */

/** num / den, or undefined when the denominator is 0: an undefined figure is left out, not 0. */
export function ratio(num: number, den: number): number | undefined {
  return den > 0 ? num / den : undefined;
}

/**
 * F-beta from precision and recall. Undefined without gold positives (recall undefined); with
 * gold but no predictions precision is undefined and F is 0, as nothing was found.
 */
export function fBeta(
  precision: number | undefined,
  recall: number | undefined,
  beta: number,
): number | undefined {
  if (recall === undefined) return undefined;
  const p = precision ?? 0;
  const b2 = beta * beta;
  const den = b2 * p + recall;
  return den > 0 ? ((1 + b2) * p * recall) / den : 0;
}

type Loose<T> = { [K in keyof T]-?: T[K] | undefined };

/**
 * Drops the keys whose value is undefined, so optional report fields are absent rather than
 * `undefined` (exactOptionalPropertyTypes; JSON.stringify would drop them anyway).
 */
export function compact<T extends object>(value: Loose<T>): T {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  // Every key kept has a defined value of its declared type; only the absent ones were removed.
  return Object.fromEntries(entries) as T;
}

/** Nearest-rank percentile (the smallest value with at least p % of values at or below it). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

export function latencySummary(ms: readonly number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** Rows per second when rows run one after another, from their summed latency. */
export function rowsPerSecond(ms: readonly number[]): number {
  const total = ms.reduce((sum, v) => sum + v, 0);
  return total > 0 ? (ms.length * 1000) / total : 0;
}
