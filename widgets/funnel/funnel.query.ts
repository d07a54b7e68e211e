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

/** The cohort people with one value of the `group-by` dimension (Funnel.groups). */
export interface FunnelGroup {
  /** As the filter takes it (an id for owners, teams, campaigns); null for none. */
  value: string | null;
  label: string;
  /** Per stage, in the order of `stages`. */
  reached: number[];
}

export interface Funnel {
  from: string | null;
  to: string | null;
  stages: FunnelStage[];
  /** With `group-by`: most people first. */
  groups?: FunnelGroup[] | null;
}

export interface TandemFunnelResult {
  funnel: Funnel | null;
}

export const funnelOperation: Operation = {
  operationName: 'TandemFunnel',
  query: /* GraphQL */ `
    query TandemFunnel($filter: MetricsFilter, $by: Dimension = LEAD_SOURCE, $grouped: Boolean = false) {
      funnel(filter: $filter) {
        from
        to
        stages { key label ownerTeam reached conversionToNext medianDaysToNext recycledBack }
        groups(by: $by) @include(if: $grouped) { value label reached }
      }
    }
  `,
};
