/**
 * The cohort family: per local day of people's creation, the funnel (how many reached each stage,
 * recycles out of it, calendar days to the next stage as a histogram) and the scoring matrix cells.
 * Recomputed from the raw rows with the raw metrics' own building blocks (stageEntries,
 * scoredPeople), so a day's rows are the raw aggregate of that day's cohort; a range sums days.
 */
import { sql } from 'kysely';
import { calendarDaysBetween } from '../domain/calendar-days.js';
import { percentileOfSortedBins } from '../domain/percentile.js';
import type { StageDefinition } from '../domain/stages.js';
import type { DayRange } from '../metrics/filter.js';
import { type FunnelResult, funnelResult, type StageFigures } from '../metrics/funnel.js';
import { stageEntries } from '../metrics/funnel-entries.js';
import { type LeadScoreMatrix, matrixOf } from '../metrics/lead-matrix.js';
import { scoredPeople } from '../metrics/lead-score.js';
import type { ScoringModel } from '../store/definitions.js';
import { insertRows } from '../store/insert-rows.js';
import type { RollupMatrixTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { type DayRun, dayOf, instantsOf } from './calendar.js';
import { distributionRows, meanOfBins, mergeBins, noBins, runsByKey } from './distribution.js';
import { rollupRows } from './months.js';

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

  // A person's first arrival at position N or beyond, for every N (funnel.ts `reach`).
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

/** Recomputes the scoring matrix rows of the days in `run`, with scores decayed to `asOf`. */
export async function refreshMatrix(
  store: TenantStore,
  defs: CohortDefinitions & { scoring: ScoringModel; asOf: number },
  run: DayRun,
): Promise<void> {
  const range = instantsOf(run, defs.timeZone);
  await store.db
    .deleteFrom('rollup_matrix')
    .where('day', '>=', run.first)
    .where('day', '<=', run.last)
    .execute();
  const scored = scoredPeople(store, {
    filter: {},
    range,
    scoring: defs.scoring,
    stages: defs.stages,
    asOf: defs.asOf,
  });
  // Dated in JavaScript (dayOf): a range join to a calendar would make either engine compare
  // every person with every day.
  const people = await store.db
    .selectFrom(scored.as('s'))
    .select([
      's.created_at',
      's.fit_grade',
      's.band',
      's.conversion_grade',
      's.conversion_band',
      's.reached_sql',
      's.won',
    ])
    .execute();
  type Cell = Omit<RollupMatrixTable, 'tenant_id'>;
  const cells = new Map<string, Cell>();
  const cellOf = (day: number, fitGrade: string, band: number): Cell => {
    const key = `${day}:${fitGrade}:${band}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { day, fit_grade: fitGrade, band, people: 0, conversion_base: 0, reached_sql: 0, won: 0 };
      cells.set(key, cell);
    }
    return cell;
  };
  for (const person of people) {
    const day = dayOf(Number(person.created_at), defs.timeZone);
    cellOf(day, person.fit_grade, Number(person.band)).people++;
    // Conversions count in the cell the person was handed off from (lead-score.ts scoredPeople).
    const conversion = cellOf(day, person.conversion_grade, Number(person.conversion_band));
    conversion.conversion_base++;
    conversion.reached_sql += Number(person.reached_sql);
    conversion.won += Number(person.won);
  }
  await insertRows(
    store.db,
    'rollup_matrix',
    [...cells.values()].map((cell) => ({ tenant_id: store.tenantId, ...cell })),
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

/** The scoring matrix of the people created in `days`, from the rollups. */
export async function matrixFromRollups(
  store: TenantStore,
  scoring: ScoringModel,
  days: DayRange,
): Promise<LeadScoreMatrix> {
  const rows = await store.db
    .selectFrom(rollupRows(store.db, 'rollup_matrix', days).as('m'))
    .select([
      sql<string>`m.fit_grade`.as('fit_grade'),
      sql<number>`m.band`.as('band'),
      sql<number>`cast(sum(m.people) as integer)`.as('people'),
      sql<number>`cast(sum(m.conversion_base) as integer)`.as('conversion_base'),
      sql<number>`cast(sum(m.reached_sql) as integer)`.as('reached_sql'),
      sql<number>`cast(sum(m.won) as integer)`.as('won'),
    ])
    .groupBy([sql`m.fit_grade`, sql`m.band`])
    .execute();
  return matrixOf(
    rows.map((row) => ({
      fitGrade: row.fit_grade,
      band: Number(row.band),
      count: Number(row.people),
      conversionBase: Number(row.conversion_base),
      reachedSql: Number(row.reached_sql),
      won: Number(row.won),
    })),
    scoring,
  );
}
