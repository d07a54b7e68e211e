/**
 * Medians and percentiles in SQL on both dialects. PostgreSQL has percentile_cont and SQLite does
 * not, so both run the same window-function form of it: rank each group's values, then
 * interpolate between the two closest ranks exactly as percentile_cont (and
 * gateway/domain/percentile.ts) do. One definition means one number on either store, and no
 * group's values ever travel to JavaScript. Used by the SLA (response hours) and the funnel
 * (days to next stage); nothing here is SLA-specific.
 */
import { type RawBuilder, sql } from 'kysely';

/**
 * Window columns to select beside the value: `rn` (1-based rank by value within the group), `n`
 * (values in the group) and `next_v` (the next value up). Select them as `rn`, `n` and `next_v`
 * and the value as `v`; `percentileCont` reads those names.
 */
export function percentileWindow(partition: string[], value: string) {
  const partitionBy = sql.join(partition.map((column) => sql.ref(column)));
  const ordered = sql`over (partition by ${partitionBy} order by ${sql.ref(value)})`;
  return {
    rn: sql<number>`row_number() ${ordered}`,
    n: sql<number>`count(*) over (partition by ${partitionBy})`,
    nextV: sql<number | null>`lead(${sql.ref(value)}) ${ordered}`,
  };
}

/**
 * percentile_cont(p) of `v` over rows selected with `percentileWindow`, as an aggregate: use it
 * in a query grouped by the same partition (or filtered to one group). Null for an empty group.
 * With h = (n − 1)·p, it takes the value at rank ⌊h⌋ + 1 plus the fraction h − ⌊h⌋ of the gap to
 * the next value.
 */
export function percentileCont(p: number, table: string): RawBuilder<number | null> {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1, got ${p}`);
  const col = (name: string) => sql.ref(`${table}.${name}`);
  // In double precision, as JavaScript computes it (domain/percentile.ts): PostgreSQL would
  // multiply a numeric literal exactly, and a last-digit difference can flip a rounded answer.
  const h = sql`(cast(${col('n')} - 1 as double precision) * cast(${sql.lit(p)} as double precision))`;
  return sql<
    number | null
  >`max(case when ${col('rn')} - 1 = floor(${h}) then ${col('v')} + (${h} - floor(${h})) * (coalesce(${col('next_v')}, ${col('v')}) - ${col('v')}) end)`;
}
