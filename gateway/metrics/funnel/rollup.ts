/**
 * The funnel's rollup (the cohort family): per local day of people's creation, how many reached
 * each stage, recycles out of it and calendar days to the next stage as a histogram. Recomputed
 * from the raw rows with the raw query's own building block (entries.ts stageEntries), so a day's
 * rows are the raw aggregate of that day's cohort; a range sums days.
 */
import { sql } from 'kysely';
import { calendarDaysBetween } from '../../domain/calendar-days.js';
import { percentileOfSortedBins } from '../../domain/percentile.js';
import type { StageDefinition } from '../../domain/stages.js';
import { type DayRange, type DayRun, dayOf, instantsOf } from '../../rollups/calendar.js';
import { distributionRows, meanOfBins, mergeBins, noBins, runsByKey } from '../../rollups/distribution.js';
import { rollupRows } from '../../rollups/months.js';
import { insertRows } from '../../store/insert-rows.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { stageEntries } from './entries.js';
import { type FunnelResult, funnelResult, type StageFigures } from './raw.js';

export interface CohortDefinitions {
  timeZone: string;
  stages: StageDefinition[];
}

/** Recomputes the funnel rows of the days in `run`. */
export async function refreshFunnel(store: TenantStore, defs: CohortDefinitions, run: DayRun): Promise<void> {
  const range = instantsOf(run, defs.timeZone);
  const { db } = store;
  for (const table of ['rollup_cohort', 'rollup_funnel', 'rollup_velocity'] as const) {
    await db.deleteFrom(table).where('day', '>=', run.first).where('day', '<=', run.last).execute();
  }
  const people = await db
    .selectFrom('people')
    .select(['id', 'created_at'])
    .where('created_at', '>=', range.fromMs)
    .where('created_at', '<', range.toMs)
    .execute();
  if (people.length === 0) return;
  const dayOfPerson = new Map(people.map((p) => [p.id, dayOf(p.created_at, defs.timeZone)]));

  // A person's first arrival at position N or beyond, for every N (raw.ts `reach`).
  const entries = await stageEntries(db, { filter: {}, stages: defs.stages, createdIn: range }).execute();
  const firstAt = new Map<string, Map<number, number>>();
  const positions = defs.stages.map((s) => s.position);
  for (const entry of entries) {
    if (entry.position === null || entry.at === null) continue;
    let reach = firstAt.get(entry.person_id);
    if (!reach) {
      reach = new Map();
      firstAt.set(entry.person_id, reach);
    }
    const at = Number(entry.at);
    for (const position of positions) {
      if (position > Number(entry.position)) break;
      const known = reach.get(position);
      if (known === undefined || at < known) reach.set(position, at);
    }
  }

  const entered = new Map<number, number>();
  for (const day of dayOfPerson.values()) entered.set(day, (entered.get(day) ?? 0) + 1);
  const funnel = new Map<string, { day: number; position: number; reached: number; recycled_back: number }>();
  const cell = (day: number, position: number) => {
    const key = `${day}:${position}`;
    let row = funnel.get(key);
    if (!row) {
      row = { day, position, reached: 0, recycled_back: 0 };
      funnel.set(key, row);
    }
    return row;
  };
  const velocity = new Map<string, { day: number; position: number; days: number; people: number }>();
  for (const [personId, reach] of firstAt) {
    const day = dayOfPerson.get(personId)!;
    const reached = [...reach.entries()].sort((a, b) => a[0] - b[0]);
    reached.forEach(([position, at], index) => {
      cell(day, position).reached++;
      const next = reached[index + 1];
      if (!next) return;
      // Calendar days in the tenant's zone: what the raw funnel's SQL form computes (funnel-days.ts).
      const days = calendarDaysBetween(at, next[1], defs.timeZone);
      const key = `${day}:${position}:${days}`;
      const bin = velocity.get(key) ?? { day, position, days, people: 0 };
      bin.people++;
      velocity.set(key, bin);
    });
  }

  const positionOf = new Map(defs.stages.map((s) => [s.key, s.position]));
  const recycles = await db
    .selectFrom('stage_transitions as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .where('p.created_at', '>=', range.fromMs)
    .where('p.created_at', '<', range.toMs)
    .where('t.is_recycle', '=', 1)
    .select(['t.person_id', 't.from_stage'])
    .execute();
  for (const recycle of recycles) {
    const position = recycle.from_stage === null ? undefined : positionOf.get(recycle.from_stage);
    if (position !== undefined) cell(dayOfPerson.get(recycle.person_id)!, position).recycled_back++;
  }

  const tenant_id = store.tenantId;
  await insertRows(
    store.db,
    'rollup_cohort',
    [...entered].map(([day, n]) => ({ tenant_id, day, entered: n })),
  );
  await insertRows(
    store.db,
    'rollup_funnel',
    [...funnel.values()].map((row) => ({ tenant_id, ...row })),
  );
  await insertRows(
    store.db,
    'rollup_velocity',
    [...velocity.values()].map((row) => ({ tenant_id, ...row })),
  );
}

/** The funnel of the people created in `days`, from the rollups. */
export async function funnelFromRollups(
  store: TenantStore,
  stages: StageDefinition[],
  days: DayRange,
): Promise<FunnelResult> {
  const { db } = store;
  // One statement: per-stage totals, the velocity distribution and the cohort size, stacked.
  const rows = await db
    .selectFrom(rollupRows(db, 'rollup_funnel', days).as('f'))
    .select([
      sql<string>`'stage'`.as('kind'),
      sql<number>`f.position`.as('key'),
      sql<number>`cast(sum(reached) as integer)`.as('value'),
      sql<number>`cast(sum(recycled_back) as integer)`.as('count'),
      noBins.as('bins'),
    ])
    .groupBy(sql`f.position`)
    .unionAll(
      db
        .selectFrom(distributionRows(db, 'velocity', days).as('v'))
        .select([sql<string>`'velocity'`.as('kind'), 'v.key', 'v.value', 'v.count', 'v.bins']),
    )
    .unionAll(
      db
        .selectFrom(rollupRows(db, 'rollup_cohort', days).as('c'))
        .select([
          sql<string>`'cohort'`.as('kind'),
          sql<number>`0`.as('key'),
          sql<number>`cast(coalesce(sum(entered), 0) as integer)`.as('value'),
          sql<number>`0`.as('count'),
          noBins.as('bins'),
        ]),
    )
    .execute();
  const velocity = runsByKey(
    rows.filter((row) => row.kind === 'velocity').map((row) => ({ ...row, key: Number(row.key) })),
  );
  const totals = new Map(rows.filter((row) => row.kind === 'stage').map((row) => [Number(row.key), row]));
  const entered = Number(rows.find((row) => row.kind === 'cohort')?.value ?? 0);
  const byKey = new Map<string, StageFigures>();
  for (const stage of stages) {
    const row = totals.get(stage.position);
    const days = mergeBins(velocity.get(stage.position) ?? []);
    byKey.set(stage.key, {
      reached: Number(row?.value ?? 0),
      medianDays: percentileOfSortedBins(days, 0.5),
      meanDays: meanOfBins(days),
      recycledBack: Number(row?.count ?? 0),
    });
  }
  return funnelResult(stages, byKey, entered);
}
