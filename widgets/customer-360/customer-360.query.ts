import type { Operation } from '../shared/tandem-element.js';

export type SlaStatus = 'WITHIN_TARGET' | 'LATE' | 'OPEN' | 'BREACHED' | 'SENT_BACK';
export type TimelineKind = 'TOUCH' | 'ACTIVITY' | 'STAGE_CHANGE' | 'DEAL';

/** The SLA clock of a person's latest handoff: handoff → first sales touch, in business hours. */
export interface PersonSla {
  status: SlaStatus;
  handedOffAt: string;
  deadlineAt: string;
  firstTouchAt: string | null;
  responseHours: number | null;
}

export interface CustomerPerson {
  id: string;
  name: string;
  email: string | null;
  title: string | null;
  stage: { key: string; label: string; ownerTeam: 'marketing' | 'sales' };
  stageEnteredAt: string;
  engagementScore: number;
  /** 1 (hottest) to 4 (coldest). */
  engagementBand: number;
  /** A (best fit) to D. */
  fitGrade: string;
  /** The four flags marketing sets before handoff; a prospect has all four. */
  qualification: {
    icpFit: boolean;
    hasBudget: boolean;
    hasTimeframe: boolean;
    willingToEngage: boolean;
    isProspect: boolean;
  };
  owner: { name: string } | null;
  /** Null when never handed off. */
  sla: PersonSla | null;
}

export interface CustomerAccount {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  region: string | null;
  segment: string | null;
  owner: { name: string } | null;
}

export interface CustomerDeal {
  id: string;
  name: string;
  /** Null when the CRM has no amount for the deal yet: unknown, not 0. */
  amount: number | null;
  stage: string;
  isClosed: boolean;
  isWon: boolean;
  closedAt: string | null;
}

export interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  /** ISO-8601 instant. */
  occurredAt: string;
  title: string;
  detail: string | null;
  channel: string | null;
  personName: string | null;
  actorName: string | null;
  campaign: { name: string } | null;
}

export interface Timeline {
  edges: { cursor: string; node: TimelineEntry }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** One customer as both teams see it: an account with its people, or a person without an account. */
export interface Customer {
  id: string;
  account: CustomerAccount | null;
  /** The person looked up; null when looked up by account. */
  focus: { id: string } | null;
  people: CustomerPerson[];
  opportunities: CustomerDeal[];
  /** Newest first. */
  timeline: Timeline;
}

export interface TandemCustomerResult {
  customer: Customer | null;
}

export type CustomerLookup = { id: string } | { sourceId: string } | { email: string } | Record<never, never>;

/**
 * The gateway wants exactly one of id / email / sourceId. `record-id` wins over `email`; it is a
 * Tandem id when it has a Tandem prefix, else a source-system id (a Salesforce `00Q…`, a Marketo id).
 */
export function customerLookup(recordId?: string | null, email?: string | null): CustomerLookup {
  const id = recordId?.trim();
  if (id) return /^(per|acc)_/.test(id) ? { id } : { sourceId: id };
  const address = email?.trim();
  return address ? { email: address } : {};
}

export const customerOperation: Operation = {
  operationName: 'TandemCustomer',
  query: /* GraphQL */ `
    query TandemCustomer($id: ID, $email: String, $sourceId: String, $first: Int, $after: String) {
      customer(id: $id, email: $email, sourceId: $sourceId) {
        id
        account { id name domain industry employees region segment owner { name } }
        focus { id }
        people { id name email title stage { key label ownerTeam } stageEnteredAt engagementScore engagementBand fitGrade
          qualification { icpFit hasBudget hasTimeframe willingToEngage isProspect }
          owner { name }
          sla { status handedOffAt deadlineAt firstTouchAt responseHours } }
        opportunities { id name amount stage isClosed isWon closedAt }
        timeline(first: $first, after: $after) {
          edges { cursor node { id kind occurredAt title detail channel personName actorName campaign { name } } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  `,
};
