/**
 * Distributions the metrics take percentiles and means of: calendar days to the next stage (per stage
 * position) and response hours (per handoff owner). Daily rows keep one row per distinct value;
 * their monthly twins keep one row per month and key, the month's histogram packed as sorted
 * (value, count) doubles in a binary column. A year of a key is then twelve small blobs merged in
 * memory rather than thousands of rows summed by the database.
 */
import { type Kysely, sql } from 'kysely';
import type { SortedBins } from '../domain/percentile.js';
import { insertRows } from '../store/insert-rows.js';
import type { Database } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { type DayRange, type DayRun, firstDayOf, monthOf, splitByMonth } from './calendar.js';

/** Each distribution's daily table, its packed twin, and the daily columns of key, value and count. */
const distributions = {
  velocity: { daily: 'rollup_velocity', key: 'position', value: 'days', count: 'people' },
  response: { daily: 'rollup_response', key: 'owner_id', value: 'hours', count: 'handoffs' },
} as const;

export type DistributionName = keyof typeof distributions;
/** What a distribution is kept per: a stage position, an owner's id. */
type KeyOf<N extends DistributionName> = N extends 'velocity' ? number : string;
type Daily = (typeof distributions)[DistributionName]['daily'];
type Twin = `${Daily}_month`;

/** A binary column holding no bins: typed, so that PostgreSQL can stack it under real ones. */
export const noBins = sql<Uint8Array | null>`cast(null as bytea)`;

/** Sorted bins of (value, count) pairs in any order, equal values combined. */
export function binsOf(pairs: Iterable<readonly [number, number]>): SortedBins {
  const counts = new Map<number, number>();
  for (const [value, count] of pairs) counts.set(value, (counts.get(value) ?? 0) + count);
  const values = Float64Array.from(counts.keys()).sort();
  const bins = new Float64Array(values.length * 2);
  values.forEach((value, i) => {
    bins[2 * i] = value;
    bins[2 * i + 1] = counts.get(value)!;
  });
  return bins;
}

/** One histogram of several, merged two at a time (each merge is linear: both are sorted). */
export function mergeBins(runs: SortedBins[]): SortedBins {
  if (runs.length === 0) return new Float64Array();
  let level = runs;
  while (level.length > 1) {
    const next: SortedBins[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? mergeTwo(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

function mergeTwo(a: SortedBins, b: SortedBins): SortedBins {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) {
      out[k] = x;
      out[k + 1] = a[i + 1]!;
      i += 2;
    } else if (y < x) {
      out[k] = y;
      out[k + 1] = b[j + 1]!;
      j += 2;
    } else {
      out[k] = x;
      out[k + 1] = a[i + 1]! + b[j + 1]!;
      i += 2;
      j += 2;
    }
    k += 2;
  }
  // One of the two is used up: the rest of the other follows as it is.
  out.set(a.subarray(i), k);
  k += a.length - i;
  out.set(b.subarray(j), k);
  k += b.length - j;
  return out.subarray(0, k);
}

/**
 * The mean of a histogram, null when empty: Σ value × count ÷ Σ count, exact for the whole days and
 * counts the bins hold (the raw SQL's avg over the same values).
 */
export function meanOfBins(bins: SortedBins): number | null {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < bins.length; i += 2) {
    sum += bins[i]! * bins[i + 1]!;
    count += bins[i + 1]!;
  }
  return count > 0 ? sum / count : null;
}

/** Bins as bytes for the binary column: the doubles of the pairs, in this machine's byte order. */
export function packBins(bins: SortedBins): Buffer {
  return Buffer.from(bins.buffer, bins.byteOffset, bins.byteLength);
}

export function unpackBins(bytes: Uint8Array): SortedBins {
  // A driver's buffer may start at an offset that is not a multiple of 8: those are copied.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
  return new Float64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8);
}

/** Re-packs the months a refreshed run of days touches, from their daily rows. */
export async function repackMonths(store: TenantStore, name: DistributionName, run: DayRun): Promise<void> {
  const { daily, key, value, count } = distributions[name];
  const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const [first, last] = [monthOf(run.first), monthOf(run.last)];
  await db.deleteFrom(`${daily}_month`).where('month', '>=', first).where('month', '<=', last).execute();
  const rows = await db
    .selectFrom(daily)
    .select(['day', key, value, count])
    .where('day', '>=', firstDayOf(first))
    .where('day', '<', firstDayOf(last + 1))
    .execute();
  const pairs = new Map<string, { month: number; key: unknown; pairs: [number, number][] }>();
  for (const row of rows) {
    const month = monthOf(Number(row.day));
    const id = `${month}\u0000${row[key]}`;
    let cell = pairs.get(id);
    if (!cell) {
      cell = { month, key: row[key], pairs: [] };
      pairs.set(id, cell);
    }
    cell.pairs.push([Number(row[value]), Number(row[count])]);
  }
  const packed = [...pairs.values()].map((cell) => ({
    tenant_id: store.tenantId,
    month: cell.month,
    [key]: cell.key,
    bins: packBins(binsOf(cell.pairs)),
  }));
  await insertRows(store.db, `${daily}_month` as Twin, packed as never[]);
}

/**
 * The distribution over `days` as a derived table of (key, value, count, bins): whole months as
 * one packed row per month and key (value and count 0), the partial months' days as plain rows
 * (bins null). runsByKey() reads it.
 */
export function distributionRows<N extends DistributionName>(db: Kysely<Database>, name: N, days: DayRange) {
  const { daily, key, value, count } = distributions[name];
  const split = splitByMonth(days.first, days.last);
  // Table names are chosen at run time; the velocity tables' types stand in for both.
  const months = db
    .selectFrom(`${daily}_month` as Twin as 'rollup_velocity_month')
    .where('month', '>=', split.months?.first ?? 1)
    .where('month', '<=', split.months?.last ?? 0)
    .select([
      sql.ref<KeyOf<N>>(key).as('key'),
      sql<number>`0`.as('value'),
      sql<number>`0`.as('count'),
      sql<Uint8Array | null>`bins`.as('bins'),
    ]);
  const edges = db
    .selectFrom(daily as 'rollup_velocity')
    .where((eb) =>
      eb.or(split.days.map((run) => eb.and([eb('day', '>=', run.first), eb('day', '<=', run.last)]))),
    )
    .select([
      sql.ref<KeyOf<N>>(key).as('key'),
      sql.ref<number>(value).as('value'),
      sql.ref<number>(count).as('count'),
      noBins.as('bins'),
    ]);
  return months.unionAll(edges);
}

/**
 * The rows of distributionRows() as each key's sorted runs of bins: mergeBins() of a key's runs
 * is its histogram; of several keys' runs, theirs together (merged once, whatever the grouping).
 */
export function runsByKey<K>(
  rows: Iterable<{ key: K; value: number; count: number; bins: Uint8Array | null }>,
): Map<K, SortedBins[]> {
  const runs = new Map<K, SortedBins[]>();
  const loose = new Map<K, [number, number][]>();
  for (const row of rows) {
    if (row.bins) {
      const list = runs.get(row.key);
      if (list) list.push(unpackBins(row.bins));
      else runs.set(row.key, [unpackBins(row.bins)]);
    } else {
      const list = loose.get(row.key);
      if (list) list.push([Number(row.value), Number(row.count)]);
      else loose.set(row.key, [[Number(row.value), Number(row.count)]]);
    }
  }
  for (const [key, pairs] of loose) runs.set(key, [...(runs.get(key) ?? []), binsOf(pairs)]);
  return runs;
}
