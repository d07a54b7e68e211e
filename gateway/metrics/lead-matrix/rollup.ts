/**
 * The lead scoring matrix's rollup (the matrix family): per local day of people's creation, each
 * cell's people and conversions, with scores decayed to the start of the tenant's current day.
 * Recomputed from the raw rows with the raw query's own building block (score.ts scoredPeople).
 */
import { sql } from 'kysely';
import type { StageDefinition } from '../../domain/stages.js';
import { type DayRange, type DayRun, dayOf, instantsOf } from '../../rollups/calendar.js';
import { rollupRows } from '../../rollups/months.js';
import type { ScoringModel } from '../../store/definitions.js';
import { insertRows } from '../../store/insert-rows.js';
import type { RollupMatrixTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { type LeadScoreMatrix, matrixOf } from './raw.js';
import { scoredPeople } from './score.js';

export interface MatrixDefinitions {
  timeZone: string;
  stages: StageDefinition[];
  scoring: ScoringModel;
  asOf: number;
}

/** Recomputes the scoring matrix rows of the days in `run`, with scores decayed to `asOf`. */
export async function refreshMatrix(store: TenantStore, defs: MatrixDefinitions, run: DayRun): Promise<void> {
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
    // Conversions count in the cell the person was handed off from (score.ts scoredPeople).
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
