/**
 * Monthly twins of the daily rollups: each `rollup_x` has a `rollup_x_month` with the same
 * measures summed per local month. A range reads its whole months from the twin and only its
 * partial months' days from the daily table, so a year is twelve rows per key, not 365.
 * Distributions (velocity days, response hours) have packed twins instead: distribution.ts.
 */
import { type Kysely, sql } from 'kysely';
import { insertRows } from '../store/insert-rows.js';
import type { Database } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { type DayRange, type DayRun, firstDayOf, monthOf, splitByMonth } from './calendar.js';

/** The slices family's key columns (metrics/breakdown/slices-rollup.ts): the pre-aggregated dimensions. */
export const sliceKeys = ['lead_source', 'segment', 'region', 'fit_grade'] as const;

/** The daily rollups with a monthly twin: their key columns (besides the day) and measures. */
export const monthly = {
  rollup_cohort: { keys: [], measures: ['entered'] },
  rollup_funnel: { keys: ['position'], measures: ['reached', 'recycled_back'] },
  rollup_matrix: {
    keys: ['fit_grade', 'band'],
    measures: ['people', 'conversion_base', 'reached_sql', 'won'],
  },
  rollup_handoffs: {
    keys: ['owner_id'],
    measures: [
      'handoffs',
      'followed',
      'closed_breaches',
      'accepted',
      'sent_back',
      'outcome_known',
      'qualified',
      'prospects',
      'prospects_accepted',
      'prospects_outcome_known',
      'prospects_qualified',
    ],
  },
  rollup_milestones: { keys: [], measures: ['leads', 'mqls'] },
  rollup_campaign_entries: { keys: ['campaign_id'], measures: ['leads', 'mqls', 'handoffs', 'sent_back'] },
  rollup_campaign_touches: { keys: ['campaign_id'], measures: ['touches'] },
  rollup_attribution: {
    keys: ['model', 'campaign_id'],
    measures: ['revenue', 'gross_profit', 'new_customers'],
  },
  rollup_won: { keys: ['model'], measures: ['won_revenue', 'unattributed_revenue', 'non_campaign_revenue'] },
  rollup_slice_people: { keys: ['grouping', ...sliceKeys], measures: ['leads', 'mqls', 'sqls'] },
  rollup_slice_cohort: { keys: ['grouping', ...sliceKeys, 'top'], measures: ['people'] },
  rollup_slice_deals: {
    keys: ['grouping', ...sliceKeys],
    measures: ['won', 'lost', 'revenue', 'cycle_days'],
  },
} as const;

export type MonthlyTable = keyof typeof monthly;

/** Re-sums the months a refreshed run of days touches, from the daily rows. */
export async function resumMonths(store: TenantStore, table: MonthlyTable, run: DayRun): Promise<void> {
  const { keys, measures } = monthly[table];
  const [first, last] = [monthOf(run.first), monthOf(run.last)];
  const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const twin = `${table}_month`;
  await db.deleteFrom(twin).where('month', '>=', first).where('month', '<=', last).execute();
  const daily = await db
    .selectFrom(table)
    .selectAll()
    .where('day', '>=', firstDayOf(first))
    .where('day', '<', firstDayOf(last + 1))
    .execute();
  const sums = new Map<string, Record<string, unknown>>();
  for (const row of daily) {
    const month = monthOf(Number(row.day));
    const key = [month, ...keys.map((k) => row[k])].join('\u0000');
    let sum = sums.get(key);
    if (!sum) {
      sum = { tenant_id: store.tenantId, month, ...Object.fromEntries(keys.map((k) => [k, row[k]])) };
      for (const m of measures) sum[m] = 0;
      sums.set(key, sum);
    }
    for (const m of measures) sum[m] = (sum[m] as number) + Number(row[m]);
  }
  await insertRows(store.db, twin as `${MonthlyTable}_month`, [...sums.values()] as never[]);
}

/**
 * The rows of `table` for `days` as a derived table: whole months from the twin, the rest from
 * the daily table, with the key and measure columns only. Sum them as a reader would the table.
 */
export function rollupRows<T extends MonthlyTable>(db: Kysely<Database>, table: T, days: DayRange) {
  const { keys, measures } = monthly[table];
  const columns = [...keys, ...measures] as string[];
  const split = splitByMonth(days.first, days.last);
  // Table names are chosen at run time; the types of one daily table and one twin stand in.
  const months = db
    .selectFrom(`${table}_month` as 'rollup_funnel_month')
    .where('month', '>=', split.months?.first ?? 1)
    .where('month', '<=', split.months?.last ?? 0)
    .select(columns as never);
  const edges = db
    .selectFrom(table as 'rollup_cohort')
    .where((eb) =>
      eb.or(split.days.map((run) => eb.and([eb('day', '>=', run.first), eb('day', '<=', run.last)]))),
    )
    .select(columns as never);
  return months.unionAll(edges as never);
}

/** `sum(column)` as an integer, 0 for no rows (PostgreSQL sums integers as bigint). */
export const total = (column: string) => sql<number>`cast(coalesce(sum(${sql.ref(column)}), 0) as integer)`;
