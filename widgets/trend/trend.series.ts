import type { TrendPeriod, TrendTable } from './trend.query.js';

/**
 * Pure: the metrics answer → the series the chart draws. One series without split-by; with it, the
 * top N slices (by their sum over the periods for counts and amounts, by their mean for rates,
 * medians and means) and the rest folded into "Other" — summed when the measure adds up, left out
 * (and counted in `hidden`) when it does not, since a rate of the rest cannot be made from the rates.
 */

export interface TrendSeries {
  /** Stable key: 'all', 'other', or 'd:' + the dimension value ('d:' alone for none). */
  key: string;
  label: string;
  /** The dimension value (an id for owners, campaigns…); null for the whole, "Other" and none. */
  value: string | null;
  other: boolean;
  /** One per period, in period order; null where the measure has nothing to divide. */
  values: (number | null)[];
}

export interface Trend {
  periods: TrendPeriod[];
  series: TrendSeries[];
  /** Slices folded into "Other". */
  folded: number;
  /** Slices not drawn at all (beyond the top N of a measure that does not add up). */
  hidden: number;
}

const rank = (values: (number | null)[], additive: boolean): number => {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return Number.NEGATIVE_INFINITY;
  const sum = known.reduce((a, b) => a + b, 0);
  return additive ? sum : sum / known.length;
};

export function buildTrend(table: TrendTable, top: number, additive: boolean, measureLabel: string): Trend {
  const byLabel = new Map<string, TrendPeriod>();
  for (const row of table.rows) if (row.period) byLabel.set(row.period.label, row.period);
  const periods = [...byLabel.values()].sort((a, b) => a.start.localeCompare(b.start));
  const index = new Map(periods.map((p, i) => [p.label, i]));
  // A period without a row counted nothing: 0 for counts and amounts, no value for a rate.
  const blank = (): (number | null)[] => periods.map(() => (additive ? 0 : null));

  const slices = new Map<string, TrendSeries>();
  for (const row of table.rows) {
    const i = row.period ? index.get(row.period.label) : undefined;
    if (i === undefined) continue;
    const cell = row.dimensions[0];
    const key = cell ? `d:${cell.value ?? ''}` : 'all';
    let series = slices.get(key);
    if (!series) {
      series = {
        key,
        label: cell ? cell.label : measureLabel,
        value: cell?.value ?? null,
        other: false,
        values: blank(),
      };
      slices.set(key, series);
    }
    series.values[i] = row.values[0] ?? (additive ? 0 : null);
  }

  const ranked = [...slices.values()].sort(
    (a, b) => rank(b.values, additive) - rank(a.values, additive) || a.label.localeCompare(b.label),
  );
  // Folding a single slice would only rename it: keep it as itself.
  const n = Math.max(1, Math.floor(top));
  if (ranked.length <= n + 1) return { periods, series: ranked, folded: 0, hidden: 0 };
  const kept = ranked.slice(0, n);
  const rest = ranked.slice(n);
  if (!additive) return { periods, series: kept, folded: 0, hidden: rest.length };
  const other: TrendSeries = {
    key: 'other',
    label: 'Other',
    value: null,
    other: true,
    values: periods.map((_, i) => rest.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)),
  };
  return { periods, series: [...kept, other], folded: rest.length, hidden: 0 };
}
