/**
 * The lead scoring matrix (docs/domain.md "Lead scoring"): fit grade A–D crossed with engagement band
 * 1–4, each cell with its count and how many reached SQL and won. One grouped query for all cells.
 */
import { sql } from 'kysely';
import { type FitGrade, fitGrades, isMarketingQualified } from '../domain/scoring.js';
import type { TenantStore } from '../store/tenant-store.js';
import { type ScoredPeopleOptions, scoredPeople } from './lead-score.js';

export type EngagementBand = 1 | 2 | 3 | 4;
export const engagementBands: readonly EngagementBand[] = [1, 2, 3, 4];

export interface LeadScoreCell {
  fitGrade: FitGrade;
  engagementBand: EngagementBand;
  count: number;
  reachedSql: number;
  won: number;
  /** reachedSql ÷ count; null for an empty cell. */
  sqlRate: number | null;
  /** won ÷ count; null for an empty cell. */
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
  const rows = await store.db
    .selectFrom(scoredPeople(store, options).as('s'))
    .select([
      's.fit_grade',
      's.band',
      (eb) => eb.fn.countAll<number>().as('count'),
      // Casts: PostgreSQL sums integers as numeric or bigint, which the driver hands back as text otherwise.
      sql<number>`cast(sum(s.reached_sql) as integer)`.as('reached_sql'),
      sql<number>`cast(sum(s.won) as integer)`.as('won'),
    ])
    .groupBy(['s.fit_grade', 's.band'])
    .execute();

  return matrixOf(
    rows.map((row) => ({
      fitGrade: row.fit_grade,
      band: Number(row.band),
      count: Number(row.count ?? 0),
      reachedSql: Number(row.reached_sql ?? 0),
      won: Number(row.won ?? 0),
    })),
    options.scoring,
  );
}

/** One cell's counts, as both the raw query and the rollups produce them. */
export interface CellCounts {
  fitGrade: string;
  band: number;
  count: number;
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
      const reachedSql = row?.reachedSql ?? 0;
      const won = row?.won ?? 0;
      return {
        fitGrade,
        engagementBand,
        count,
        reachedSql,
        won,
        sqlRate: count === 0 ? null : reachedSql / count,
        winRate: count === 0 ? null : won / count,
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
