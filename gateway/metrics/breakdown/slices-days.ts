/**
 * The slices family's rows per local day (slices-rollup.ts keeps the snapshots they are counted
 * from): for each day, the people who first became leads, MQLs and SQLs, the people created by the
 * highest stage they reached, and the deals closed, each per grouping of the kept dimensions.
 */
import type { DayRun } from '../../rollups/calendar.js';
import { type MonthlyTable, sliceKeys } from '../../rollups/months.js';
import { insertRows } from '../../store/insert-rows.js';
import type { SliceKeys } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { Dimension } from './catalog.js';

/** The dimensions kept in the rollup, in the order of their key columns (months.ts sliceKeys). */
export const sliceDimensions: readonly Dimension[] = ['LEAD_SOURCE', 'SEGMENT', 'REGION', 'FIT_GRADE'];

/** The family's daily tables, each with a summed monthly twin (months.ts). */
export const sliceTables = [
  'rollup_slice_people',
  'rollup_slice_cohort',
  'rollup_slice_deals',
] as const satisfies MonthlyTable[];

/** The cohort's `top` of a person on no stage of the ladder: below every position. */
export const noStage = -1;

/**
 * The groupings each day is counted by: each dimension alone (the other keys '') and all four
 * ('*'). A breakdown by one dimension reads that dimension's rows (slices.ts); one by none reads
 * the first dimension's, whose values part everyone once.
 */
export const groupings: readonly { grouping: string; keys: readonly (keyof SliceKeys)[] }[] = [
  ...sliceKeys.map((key, i) => ({ grouping: sliceDimensions[i]!, keys: [key] })),
  { grouping: '*', keys: sliceKeys },
];

/** The grouping whose rows answer a breakdown by `dimensions` (all of them kept here). */
export function groupingOf(dimensions: readonly Dimension[]): string {
  if (dimensions.length === 0) return sliceDimensions[0]!;
  return dimensions.length === 1 ? dimensions[0]! : '*';
}

/** Recounts the slice rows of the days in `run` from the snapshots. */
export async function recountDays(store: TenantStore, run: DayRun): Promise<void> {
  const { db } = store;
  for (const table of sliceTables)
    await db.deleteFrom(table).where('day', '>=', run.first).where('day', '<=', run.last).execute();
  const within = (column: 'created_day' | 'lead_day' | 'mql_day' | 'sql_day') =>
    db
      .selectFrom('person_slices')
      .selectAll()
      .where(column, '>=', run.first)
      .where(column, '<=', run.last)
      .execute();
  const [created, leads, mqls, sqls, deals] = await Promise.all([
    within('created_day'),
    within('lead_day'),
    within('mql_day'),
    within('sql_day'),
    db
      .selectFrom('deal_slices')
      .selectAll()
      .where('day', '>=', run.first)
      .where('day', '<=', run.last)
      .execute(),
  ]);
  const tenant_id = store.tenantId;
  /** Cells of one table by day, grouping, keys (and `extra`), made by `make` when first counted. */
  const cells = <T>(make: () => T) => {
    const map = new Map<string, { tenant_id: string; day: number; grouping: string } & SliceKeys & T>();
    const add = (
      row: SliceKeys,
      day: number,
      count: (cell: T) => void,
      extra: Record<string, number> = {},
    ) => {
      for (const { grouping, keys } of groupings) {
        const slice: SliceKeys = { lead_source: '', segment: '', region: '', fit_grade: '' };
        for (const key of keys) slice[key] = row[key];
        const id = [day, grouping, ...sliceKeys.map((k) => slice[k]), ...Object.values(extra)].join('\u0000');
        let cell = map.get(id);
        if (!cell) {
          cell = { tenant_id, day, grouping, ...slice, ...extra, ...make() };
          map.set(id, cell);
        }
        count(cell);
      }
    };
    return { add, rows: () => [...map.values()] };
  };
  const milestones = cells(() => ({ leads: 0, mqls: 0, sqls: 0 }));
  for (const p of leads) milestones.add(p, p.lead_day!, (c) => c.leads++);
  for (const p of mqls) milestones.add(p, p.mql_day!, (c) => c.mqls++);
  for (const p of sqls) milestones.add(p, p.sql_day!, (c) => c.sqls++);
  const cohort = cells(() => ({ people: 0 }));
  // On no stage of the ladder (top null): in the cohort, reaching nothing.
  for (const p of created) cohort.add(p, p.created_day, (c) => c.people++, { top: p.top ?? noStage });
  const closed = cells(() => ({ won: 0, lost: 0, revenue: 0, cycle_days: 0 }));
  for (const d of deals)
    closed.add(d, d.day, (c) => {
      c.won += Number(d.won);
      c.lost += Number(d.lost);
      c.revenue += Number(d.revenue);
      c.cycle_days += Number(d.cycle_days);
    });
  await insertRows(db, 'rollup_slice_people', milestones.rows());
  await insertRows(db, 'rollup_slice_cohort', cohort.rows() as never[]);
  await insertRows(db, 'rollup_slice_deals', closed.rows());
}
