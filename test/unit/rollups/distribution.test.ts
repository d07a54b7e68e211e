/**
 * Packed distributions (gateway/rollups/distribution.ts): whatever way a multiset of values is
 * split into months and packed, merging the packs gives the percentiles of the whole multiset,
 * to the last bit of what percentile() computes from the values themselves.
 */
import { describe, expect, it } from 'vitest';
import { percentile, percentileOfSortedBins } from '../../../gateway/domain/percentile.js';
import { binsOf, mergeBins, packBins, runsByKey, unpackBins } from '../../../gateway/rollups/distribution.js';

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pairs = (bins: Float64Array) =>
  Array.from({ length: bins.length / 2 }, (_, i) => [bins[2 * i], bins[2 * i + 1]]);

describe('binsOf', () => {
  it('sorts values and adds up the counts of equal ones', () => {
    expect(
      pairs(
        binsOf([
          [3, 1],
          [1, 2],
          [3, 4],
          [0.5, 1],
        ]),
      ),
    ).toEqual([
      [0.5, 1],
      [1, 2],
      [3, 5],
    ]);
    expect(binsOf([]).length).toBe(0);
  });
});

describe('mergeBins', () => {
  it('merges sorted runs into one, combining values found in several', () => {
    const merged = mergeBins([
      binsOf([
        [1, 1],
        [4, 2],
      ]),
      binsOf([
        [2, 1],
        [4, 1],
      ]),
      binsOf([[9, 3]]),
    ]);
    expect(pairs(merged)).toEqual([
      [1, 1],
      [2, 1],
      [4, 3],
      [9, 3],
    ]);
  });

  it('is empty for no runs and the run itself for one', () => {
    expect(mergeBins([]).length).toBe(0);
    const one = binsOf([[5, 2]]);
    expect(pairs(mergeBins([one]))).toEqual([[5, 2]]);
  });
});

describe('packed bins', () => {
  it('come back as they went in, from a buffer at any offset', () => {
    const bins = binsOf([
      [1.3576019444444445, 1],
      [20.469747777777776, 2],
      [-3, 1],
    ]);
    const packed = packBins(bins);
    expect(pairs(unpackBins(packed))).toEqual(pairs(bins));
    // A driver's buffer can sit at an odd offset in a larger one.
    const shifted = Buffer.alloc(packed.length + 3);
    packed.copy(shifted, 3);
    expect(pairs(unpackBins(shifted.subarray(3)))).toEqual(pairs(bins));
  });
});

describe('percentiles of merged months', () => {
  it('equal percentile() of all the values, however they are split into months and days', () => {
    const next = random(7);
    for (let round = 0; round < 50; round++) {
      // Whole days (many repeats, as velocity) or exact hours (mostly distinct, as responses).
      const whole = round % 2 === 0;
      const values = Array.from({ length: 1 + Math.floor(next() * 400) }, () =>
        whole ? Math.floor(next() * 60) : next() * 100,
      );
      // Split into "months" packed as blobs and loose "days" rows, as distributionRows() reads them.
      const rows = values.map((value) => ({ month: Math.floor(next() * 6), value }));
      const packedMonths = [0, 1, 2, 3, 4].map((month) => ({
        key: 'k',
        value: 0,
        count: 0,
        bins: packBins(binsOf(rows.filter((r) => r.month === month).map((r) => [r.value, 1] as const))),
      }));
      const looseDays = rows
        .filter((r) => r.month === 5)
        .map((r) => ({ key: 'k', value: r.value, count: 1, bins: null }));
      const merged = mergeBins(runsByKey([...packedMonths, ...looseDays]).get('k') ?? []);
      for (const p of [0, 0.1, 0.5, 0.9, 1]) {
        expect(percentileOfSortedBins(merged, p)).toBe(percentile(values, p));
      }
    }
  });

  it('are null for an empty distribution', () => {
    expect(percentileOfSortedBins(mergeBins([]), 0.5)).toBeNull();
  });
});
