import { describe, expect, it } from 'vitest';
import { median, percentile } from '../../../gateway/domain/percentile.js';

describe('percentile (PostgreSQL percentile_cont)', () => {
  it('interpolates between the closest ranks', () => {
    // SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY v) FROM unnest('{1,2,3,4}'::int[]) v → 3.7
    expect(percentile([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7, 12);
    expect(percentile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(percentile([10, 20], 0.3)).toBe(13);
  });

  it('gives the extremes at 0 and 1, and the only value of one', () => {
    expect(percentile([5, 3, 9], 0)).toBe(3);
    expect(percentile([5, 3, 9], 1)).toBe(9);
    expect(percentile([7], 0.42)).toBe(7);
  });

  it('is null without values and skips NaN like a NULL', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([Number.NaN], 0.5)).toBeNull();
    expect(percentile([1, Number.NaN, 3], 0.5)).toBe(2);
  });

  it('rejects a fraction outside 0..1 like PostgreSQL', () => {
    expect(() => percentile([1, 2], 50)).toThrow(/between 0 and 1, got 50/);
    expect(() => percentile([1, 2], -0.1)).toThrow(RangeError);
  });

  it('does not reorder the caller’s values', () => {
    const values = [3, 1, 2];
    percentile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
