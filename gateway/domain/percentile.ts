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

/** A value and how many times it occurs: a histogram bin, as the rollups store them. */
export interface Bin {
  value: number;
  count: number;
}

/**
 * percentile() of the multiset the bins describe, without expanding it: the same interpolation
 * between the values at ranks ⌊h⌋ and ⌊h⌋ + 1 (h = (n − 1)·p), in the same arithmetic order as
 * the SQL form (gateway/metrics/sla-percentile.ts), so rollups and raw rows agree to the last bit.
 */
export function percentileOfBins(bins: Bin[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1, got ${p}`);
  const sorted = bins.filter((bin) => bin.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, bin) => sum + bin.count, 0);
  if (n === 0) return null;
  const h = (n - 1) * p;
  const rank = Math.floor(h);
  let seen = 0;
  for (let i = 0; i < sorted.length; i++) {
    const bin = sorted[i]!;
    seen += bin.count;
    if (rank < seen) {
      // The next value up is this bin's again while ranks remain in it, else the next bin's.
      const next = rank + 1 < seen ? bin.value : (sorted[i + 1]?.value ?? bin.value);
      return bin.value + (h - rank) * (next - bin.value);
    }
  }
  return null;
}

/** percentile() of values already sorted ascending, read by rank: the same arithmetic, no copy. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1, got ${p}`);
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const rank = Math.floor(h);
  const value = sorted[rank]!;
  const next = sorted[Math.min(rank + 1, sorted.length - 1)]!;
  return value + (h - rank) * (next - value);
}
