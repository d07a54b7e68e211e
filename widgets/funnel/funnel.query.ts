import type { Operation } from '../shared/tandem-element.js';

export type OwnerTeam = 'marketing' | 'sales';

/** One rung of the lifecycle ladder (subscriber, lead, mql, sal, sql, opportunity, customer). */
export interface FunnelStage {
  key: string;
  label: string;
  ownerTeam: OwnerTeam;
  /** Entities of the cohort that reached this stage (skipped stages count as passed). */
  reached: number;
  /** reached(next) ÷ reached(this), 0..1; null on the last stage. */
  conversionToNext: number | null;
  medianDaysToNext: number | null;
  /** Entities sales passed back to marketing from this stage. */
  recycledBack: number;
}

export interface Funnel {
  from: string | null;
  to: string | null;
  stages: FunnelStage[];
}

export interface TandemFunnelResult {
  funnel: Funnel | null;
}

export const funnelOperation: Operation = {
  operationName: 'TandemFunnel',
  query: /* GraphQL */ `
    query TandemFunnel($filter: MetricsFilter) {
      funnel(filter: $filter) {
        from
        to
        stages { key label ownerTeam reached conversionToNext medianDaysToNext recycledBack }
      }
    }
  `,
};
