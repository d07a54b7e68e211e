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

/**
 * A histogram as the rollups keep it (gateway/rollups/distribution.ts): (value, count) pairs in
 * one array, [v0, c0, v1, c1, …], values ascending and distinct, counts positive.
 */
export type SortedBins = Float64Array;

/**
 * percentile() of the multiset the bins describe, without expanding it: the same interpolation
 * between the values at ranks ⌊h⌋ and ⌊h⌋ + 1 (h = (n − 1)·p), in the same arithmetic order as
 * the SQL form (gateway/metrics/percentile.ts), so rollups and raw rows agree to the last bit.
 */
export function percentileOfSortedBins(bins: SortedBins, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1, got ${p}`);
  let n = 0;
  for (let i = 1; i < bins.length; i += 2) n += bins[i]!;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const rank = Math.floor(h);
  let seen = 0;
  for (let i = 0; i < bins.length; i += 2) {
    const value = bins[i]!;
    seen += bins[i + 1]!;
    if (rank < seen) {
      // The next value up is this bin's again while ranks remain in it, else the next bin's.
      const next = rank + 1 < seen ? value : (bins[i + 2] ?? value);
      return value + (h - rank) * (next - value);
    }
  }
  return null;
}
