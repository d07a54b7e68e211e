import type { Operation } from '../shared/tandem-element.js';

/** The handoff agreement's thresholds: rates below `redBelow` are red, below `amberBelow` amber. */
export interface SlaPolicy {
  targetHours: number;
  redBelow: number;
  amberBelow: number;
  timeZone: string;
}

/** What sales owes: a first touch within `targetHours` (business hours) of each MQL handoff. */
export interface SalesSla {
  handoffs: number;
  followedUpWithinTarget: number;
  /** 0..1; null when there were no handoffs. */
  withinTargetRate: number | null;
  medianResponseHours: number | null;
  p90ResponseHours: number | null;
  openBreaches: number;
  closedBreaches: number;
}

/** What marketing owes: lead and MQL volume against goals, and quality (accepted, not sent back). */
export interface MarketingSla {
  leadGoal: number | null;
  leads: number;
  /** leads ÷ leadGoal; may exceed 1. */
  goalAttainment: number | null;
  mqlGoal: number | null;
  mqls: number;
  acceptanceRate: number | null;
  sentBackRate: number | null;
}

export interface Sla {
  policy: SlaPolicy;
  sales: SalesSla;
  marketing: MarketingSla;
}

export interface TandemSlaResult {
  sla: Sla | null;
}

export const slaOperation: Operation = {
  operationName: 'TandemSla',
  query: /* GraphQL */ `
    query TandemSla($filter: MetricsFilter) {
      sla(filter: $filter) {
        policy { targetHours redBelow amberBelow timeZone }
        sales { handoffs followedUpWithinTarget withinTargetRate medianResponseHours p90ResponseHours openBreaches closedBreaches }
        marketing { leadGoal leads goalAttainment mqlGoal mqls acceptanceRate sentBackRate }
      }
    }
  `,
};
