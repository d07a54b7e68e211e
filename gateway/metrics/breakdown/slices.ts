/**
 * The people and deal measures read from the slices rollup (slices-rollup.ts) instead of the raw
 * rows, when every asked dimension is one it keeps (sliceDimensions) and every asked measure is
 * one it counts (sliceMeasures): a range reads its whole months from the monthly twins and its
 * partial months' days from the daily tables (as rollups/months.ts rollupRows does), each row
 * placed in its period by the same tree as the raw statement's (periods.ts). Rows come out as
 * the raw families' (stack.ts StackedRow), with the same figures, so index.ts merges either.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type DayRange, splitByMonth } from '../../rollups/calendar.js';
import { monthly, sliceKeys } from '../../rollups/months.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { Dimension, Measure } from './catalog.js';
import { keyColumn } from './dimensions.js';
import { cohortStages, type MilestoneAsk } from './milestones.js';
import { periodOfMonthSql, periodSql } from './periods.js';
import { groupingOf, sliceDimensions } from './slices-days.js';
import type { Loose, Split, StackedRow } from './stack.js';

/** The measures the rollup counts; the rest of their family (medians, open deals) read raw rows. */
export const sliceMeasures: readonly Measure[] = [
  'LEADS',
  'MQLS',
  'SQLS',
  'CONVERSION',
  'REACHED',
  'WON',
  'LOST',
  'WIN_RATE',
  'REVENUE',
  'MEAN_DAYS',
];

/** Whether the rollup can answer these measures split by these dimensions. */
export function slicesServe(measures: readonly Measure[], dimensions: readonly Dimension[]): boolean {
  return (
    measures.every((m) => sliceMeasures.includes(m)) && dimensions.every((d) => sliceDimensions.includes(d))
  );
}

type SliceTable = 'rollup_slice_people' | 'rollup_slice_cohort' | 'rollup_slice_deals';

/**
 * Rows of `table` for `days` with their period (`period`, -1 without a grain) and the asked
 * dimensions' keys (k0, k1…), all other columns as `measures` computes them from the row `r`.
 */
function periodRows(
  store: TenantStore,
  table: SliceTable,
  days: DayRange,
  split: Split,
  measures: Record<string, RawBuilder<unknown>>,
) {
  const db = store.db as unknown as Kysely<Loose>;
  const { grain, starts, dimensions } = split;
  const keys = dimensions.map((d, i) =>
    sql.ref(`r.${sliceKeys[sliceDimensions.indexOf(d)]}`).as(keyColumn(i)),
  );
  const columns = Object.entries(measures).map(([alias, expression]) => expression.as(alias));
  // One dimension (or none) reads the rows kept for it alone; several read the rows of all four.
  const grouping = groupingOf(dimensions);
  // Days and weeks do not fall on months: their rows come from the daily table only.
  const byMonth = grain !== 'DAY' && grain !== 'WEEK';
  const split_ = byMonth ? splitByMonth(days.first, days.last) : { months: null, days: [days] };
  const dayRows = db
    .selectFrom(`${table} as r`)
    .where('r.grouping', '=', grouping)
    .where((eb) =>
      eb.or(split_.days.map((run) => eb.and([eb('r.day', '>=', run.first), eb('r.day', '<=', run.last)]))),
    )
    .select([
      (grain ? periodSql(grain, sql.ref('r.day'), starts) : sql<number>`-1`).as('period'),
      ...keys,
      ...columns,
    ]);
  if (!split_.months) return dayRows;
  const monthRows = db
    .selectFrom(`${table}_month as r`)
    .where('r.grouping', '=', grouping)
    .where('r.month', '>=', split_.months.first)
    .where('r.month', '<=', split_.months.last)
    .select([
      (grain ? periodOfMonthSql(sql.ref('r.month'), starts) : sql<number>`-1`).as('period'),
      ...keys,
      ...columns,
    ]);
  return monthRows.unionAll(dayRows);
}

/** Sums `figures` over the rows per period and keys; the totals row is their sum (no person is in two slices). */
async function grouped(
  store: TenantStore,
  split: Split,
  rows: ReturnType<typeof periodRows>,
  figures: string[],
): Promise<{ period: number; keys: string[]; sums: Record<string, number> }[]> {
  const db = store.db as unknown as Kysely<Loose>;
  const keyRefs = split.dimensions.map((_, i) => sql.ref(`g.${keyColumn(i)}`));
  const result = await db
    .selectFrom(rows.as('g'))
    .select([
      sql.ref('g.period').as('period'),
      ...keyRefs.map((ref, i) => sql`${ref}`.as(keyColumn(i))),
      ...figures.map((f) => sql`coalesce(sum(${sql.ref(`g.${f}`)}), 0)`.as(f)),
    ])
    .groupBy([sql.ref('g.period'), ...keyRefs])
    .execute();
  return result.map((row) => ({
    period: Number(row.period),
    keys: split.dimensions.map((_, i) => String(row[keyColumn(i)] ?? '')),
    sums: Object.fromEntries(figures.map((f) => [f, Number(row[f])])),
  }));
}

/** The stacked rows of a family: one per period and keys, and the totals. */
function stacked(
  split: Split,
  groups: { period: number; keys: string[]; sums: Record<string, number> }[],
  figuresOf: (sums: Record<string, number>) => Record<string, number | null>,
): StackedRow[] {
  const totals: Record<string, number> = {};
  const rows: StackedRow[] = groups.map((group) => {
    for (const [alias, value] of Object.entries(group.sums)) totals[alias] = (totals[alias] ?? 0) + value;
    return {
      isTotal: false,
      period: split.grain ? group.period : null,
      keys: group.keys,
      figures: figuresOf(group.sums),
    };
  });
  rows.push({
    isTotal: true,
    period: null,
    keys: split.dimensions.map(() => ''),
    figures: figuresOf(totals),
  });
  return rows;
}

/** LEADS, MQLS, SQLS, CONVERSION and REACHED as milestones.ts counts them (figures `<alias>_a`, `<alias>_b`). */
export async function milestoneSlices(
  store: TenantStore,
  asks: MilestoneAsk[],
  days: DayRange,
  split: Split,
): Promise<StackedRow[]> {
  const r = (column: string) => sql.ref(`r.${column}`);
  // reached(N): the cohort's people whose highest position is N or beyond (the funnel's rule, as `top` in personFirsts).
  const reached = (position: number | undefined) =>
    sql`case when ${r('top')} >= ${sql.lit(position ?? Number.MAX_SAFE_INTEGER)} then ${r('people')} else 0 end`;
  const counted = { LEADS: 'leads', MQLS: 'mqls', SQLS: 'sqls' } as const;
  const people: Record<string, RawBuilder<unknown>> = {};
  const cohort: Record<string, RawBuilder<unknown>> = {};
  for (const ask of asks) {
    const a = `${ask.alias}_a`;
    const b = `${ask.alias}_b`;
    const stages = cohortStages(ask);
    if (stages) {
      people[a] = sql`0`;
      people[b] = sql`0`;
      cohort[a] = reached(stages.a?.position);
      cohort[b] = reached(stages.b?.position);
    } else {
      people[a] = sql`${r(counted[ask.measure as keyof typeof counted])}`;
      cohort[a] = sql`0`;
    }
  }
  const cohortAsked = asks.some((ask) => cohortStages(ask) !== null);
  const milestones = asks.flatMap((ask) =>
    ask.measure in counted ? [r(counted[ask.measure as keyof typeof counted])] : [],
  );
  people.facts = milestones.length ? sql`${sql.join(milestones, sql` + `)}` : sql`0`;
  cohort.facts = cohortAsked ? sql`${r('people')}` : sql`0`;
  const rows = periodRows(store, 'rollup_slice_people', days, split, people).unionAll(
    periodRows(store, 'rollup_slice_cohort', days, split, cohort),
  );
  // A row exists where the raw statement has a fact: a milestone counted, or anyone in the cohort.
  const groups = (await grouped(store, split, rows as never, Object.keys(people))).filter(
    (g) => g.sums.facts! > 0,
  );
  return stacked(split, groups, ({ facts: _, ...sums }) => sums);
}

/** WON, LOST, REVENUE and the mean sales cycle as deals.ts counts them (figures won, lost, revenue, mean_days). */
export async function dealSlices(store: TenantStore, days: DayRange, split: Split): Promise<StackedRow[]> {
  const r = (column: string) => sql`${sql.ref(`r.${column}`)}`;
  const measures = monthly.rollup_slice_deals.measures;
  const rows = periodRows(
    store,
    'rollup_slice_deals',
    days,
    split,
    Object.fromEntries(measures.map((m) => [m, r(m)])),
  );
  return stacked(split, await grouped(store, split, rows, [...measures]), (sums) => ({
    won: sums.won!,
    lost: sums.lost!,
    revenue: sums.revenue!,
    mean_days: sums.won ? sums.cycle_days! / sums.won : null,
  }));
}
