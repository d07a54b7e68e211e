import type { Operation } from '../shared/tandem-element.js';

/** Fit with the ideal customer profile, A (best) to D. */
export type FitGrade = 'A' | 'B' | 'C' | 'D';

/** One cell of the scoring matrix: the people of one fit grade in one engagement band. */
export interface LeadScoreCell {
  /** A–D from the gateway; any label in a synthetic matrix (the layout takes its rows from the data). */
  fitGrade: string;
  /** 1 (hottest) to 4 (coldest). */
  engagementBand: number;
  count: number;
  reachedSql: number;
  won: number;
  /** reachedSql ÷ count, 0..1; null for an empty cell. */
  sqlRate: number | null;
  /** won ÷ count, 0..1; null for an empty cell. */
  winRate: number | null;
  isMarketingQualified: boolean;
}

/** Which cells are marketing-qualified: fit at least `minGrade` and band at most `maxBand`. */
export interface MqlThreshold {
  minGrade: string;
  maxBand: number;
}

export interface LeadScoreMatrix {
  total: number;
  /** Engagement points, ascending: band 1 = score ≥ [2], 2 = ≥ [1], 3 = ≥ [0], 4 = below. */
  bandThresholds: number[];
  mqlThreshold: MqlThreshold;
  /** 16 cells A1, A2 … D4 (grade-major). */
  cells: LeadScoreCell[];
}

export interface TandemLeadScoreMatrixResult {
  leadScoreMatrix: LeadScoreMatrix | null;
}

export const leadScoreMatrixOperation: Operation = {
  operationName: 'TandemLeadScoreMatrix',
  query: /* GraphQL */ `
    query TandemLeadScoreMatrix($filter: MetricsFilter) {
      leadScoreMatrix(filter: $filter) {
        total
        bandThresholds
        mqlThreshold { minGrade maxBand }
        cells { fitGrade engagementBand count reachedSql won sqlRate winRate isMarketingQualified }
      }
    }
  `,
};

/** One person of a cell, as the drill-down lists them. */
export interface Lead {
  id: string;
  name: string;
  email: string | null;
  title: string | null;
  fitGrade: string;
  /** Engagement points decayed to now. */
  engagementScore: number;
  engagementBand: number;
  account: { name: string } | null;
}

export interface LeadConnection {
  totalCount: number;
  edges: { cursor: string; node: Lead }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface TandemLeadsResult {
  leads: LeadConnection | null;
}

/** The drill-down: the people of one cell (LeadFilter = MetricsFilter + fitGrade + engagementBand). */
export const leadsOperation: Operation = {
  operationName: 'TandemLeads',
  query: /* GraphQL */ `
    query TandemLeads($filter: LeadFilter, $first: Int, $after: String) {
      leads(filter: $filter, first: $first, after: $after) {
        totalCount
        edges { cursor node { id name email title fitGrade engagementScore engagementBand account { name } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  `,
};
