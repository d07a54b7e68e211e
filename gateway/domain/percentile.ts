/**
 * Percentiles of durations and amounts, defined exactly like PostgreSQL percentile_cont so a
 * number computed here matches the same number computed in SQL.
 */
import { quantile } from 'd3-array';

/**
 * The p-th percentile (0 ≤ p ≤ 1) by linear interpolation between the closest ranks, as
 * PostgreSQL percentile_cont (d3 quantile is the same R-7 definition); NaN values are skipped
 * like SQL NULLs; null when there is no value.
 */
export function percentile(values: number[], p: number): number | null {
  // PostgreSQL rejects a fraction outside [0, 1] rather than clamping it; so do we.
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1, got ${p}`);
  return quantile(values, p) ?? null;
}

/** The median (percentile_cont(0.5)): the middle value, or the mean of the two middle ones; null when empty. */
export function median(values: number[]): number | null {
  return percentile(values, 0.5);
}
