/**
 * The lead scoring matrix (docs/domain.md "Lead scoring"): fit grade A–D crossed with engagement band
 * 1–4: each cell with the people in it now, and the conversions (reached SQL, won) of the people
 * who were in it when handed off (never handed off: now). One statement for all cells.
 */
import { sql } from 'kysely';
import { type FitGrade, fitGrades, isMarketingQualified } from '../../domain/scoring.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { type ScoredPeopleOptions, scoredPeople } from './score.js';

export type EngagementBand = 1 | 2 | 3 | 4;
export const engagementBands: readonly EngagementBand[] = [1, 2, 3, 4];

export interface LeadScoreCell {
  fitGrade: FitGrade;
  engagementBand: EngagementBand;
  /** People whose cell is this one now (today's decayed score). */
  count: number;
  /** People whose conversion cell is this one: the cell of their first handoff, else their cell now. */
  conversionBase: number;
  /** Of conversionBase, those who reached SQL. */
  reachedSql: number;
  /** Of conversionBase, those who won. */
  won: number;
  /** reachedSql ÷ conversionBase; null when no one converts from this cell. */
  sqlRate: number | null;
  /** won ÷ conversionBase; null when no one converts from this cell. */
  winRate: number | null;
  isMarketingQualified: boolean;
}

export interface LeadScoreMatrix {
  total: number;
  bandThresholds: [number, number, number];
  mqlThreshold: { minGrade: FitGrade; maxBand: EngagementBand };
  /** Always 16 cells, A1, A2 … D4 (grade-major). */
  cells: LeadScoreCell[];
}

export async function leadScoreMatrix(
  store: TenantStore,
  options: ScoredPeopleOptions,
): Promise<LeadScoreMatrix> {
  const scored = () => store.db.selectFrom(scoredPeople(store, options).as('s'));
  // Casts: PostgreSQL sums integers as numeric or bigint, which the driver hands back as text otherwise.
  // Stacked: the people now in each cell, then each conversion cell's people and conversions.
  const rows = await scored()
    .select([
      sql<string>`'now'`.as('kind'),
      's.fit_grade as grade',
      's.band as band',
      sql<number>`cast(count(*) as integer)`.as('people'),
      sql<number>`0`.as('reached_sql'),
      sql<number>`0`.as('won'),
    ])
    .groupBy(['s.fit_grade', 's.band'])
    .unionAll(
      scored()
        .select([
          sql<string>`'conversion'`.as('kind'),
          's.conversion_grade as grade',
          's.conversion_band as band',
          sql<number>`cast(count(*) as integer)`.as('people'),
          sql<number>`cast(sum(s.reached_sql) as integer)`.as('reached_sql'),
          sql<number>`cast(sum(s.won) as integer)`.as('won'),
        ])
        .groupBy(['s.conversion_grade', 's.conversion_band']),
    )
    .execute();

  const cells = new Map<string, CellCounts>();
  for (const row of rows) {
    const key = `${row.grade}${Number(row.band)}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        fitGrade: String(row.grade),
        band: Number(row.band),
        count: 0,
        conversionBase: 0,
        reachedSql: 0,
        won: 0,
      };
      cells.set(key, cell);
    }
    if (row.kind === 'now') cell.count += Number(row.people);
    else {
      cell.conversionBase += Number(row.people);
      cell.reachedSql += Number(row.reached_sql ?? 0);
      cell.won += Number(row.won ?? 0);
    }
  }
  return matrixOf([...cells.values()], options.scoring);
}

/** One cell's counts, as both the raw query and the rollups produce them. */
export interface CellCounts {
  fitGrade: string;
  band: number;
  count: number;
  conversionBase: number;
  reachedSql: number;
  won: number;
}

/** The 16-cell matrix from whichever cells have people; rates and MQL flags are derived here, once. */
export function matrixOf(counts: CellCounts[], scoring: ScoredPeopleOptions['scoring']): LeadScoreMatrix {
  const { bandThresholds, mqlThreshold } = scoring;
  const byCell = new Map(counts.map((row) => [`${row.fitGrade}${row.band}`, row]));
  const cells = fitGrades.flatMap((fitGrade) =>
    engagementBands.map((engagementBand): LeadScoreCell => {
      const row = byCell.get(`${fitGrade}${engagementBand}`);
      const count = row?.count ?? 0;
      const conversionBase = row?.conversionBase ?? 0;
      const reachedSql = row?.reachedSql ?? 0;
      const won = row?.won ?? 0;
      return {
        fitGrade,
        engagementBand,
        count,
        conversionBase,
        reachedSql,
        won,
        sqlRate: conversionBase === 0 ? null : reachedSql / conversionBase,
        winRate: conversionBase === 0 ? null : won / conversionBase,
        isMarketingQualified: isMarketingQualified(fitGrade, engagementBand, mqlThreshold),
      };
    }),
  );
  return {
    total: cells.reduce((sum, cell) => sum + cell.count, 0),
    bandThresholds,
    mqlThreshold,
    cells,
  };
}
