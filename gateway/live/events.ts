/**
 * What travels on the live topics: plain JSON (it crosses Redis between replicas), ids and epoch
 * milliseconds only. Nothing here is shaped for a viewer yet: the subscription resolvers
 * (schema/live.ts) narrow each event to what the subscriber's token may see, by loading the
 * people it names through that request's store.
 */
import type { HandoffEvent, StoreChange } from '../store/changes.js';

/** Ids listed on an event at most: a bulk import's change is told by its counts alone. */
export const maxListedIds = 1_000;

/** How many things changed, and which (null when more than maxListedIds: too many to list). */
export interface Listed {
  count: number;
  ids: string[] | null;
}

export function listed(ids: readonly string[]): Listed {
  return { count: ids.length, ids: ids.length <= maxListedIds ? [...ids] : null };
}

/** Where a change came from: a write path of the store, or the SLA clock passing a deadline. */
export type ChangeOrigin = StoreChange['origin'] | 'sla-clock';

/** Something the tenant's metrics are computed from changed: widgets refetch. Topic `metrics:<tenantId>`. */
export interface MetricsChangedEvent {
  tenantId: string;
  origin: ChangeOrigin;
  /** When it was committed (or, for the SLA clock, when the breach was found). */
  at: number;
  /** People whose row, touches, activities or stage history changed. */
  people: Listed;
  /** Deals written. */
  opportunities: Listed;
  /** Handoff events (handed off, accepted, sent back, followed up); ids are the people's. */
  handoffs: Listed;
  /** SLA deadlines that passed without a first touch; ids are the people's. */
  breaches: Listed;
  /** Campaigns or their costs written (tenant-wide reference data). */
  campaigns: number;
  /** A shared definition changed: every metric may move. */
  definitions: boolean;
}

/** The handoff events a subscriber can ask for (first touches show in metrics, not here). */
export type LeadHandoffKind = 'handedOff' | 'accepted' | 'sentBack';

/** A lead went to sales, or sales accepted it or sent it back. Topic `handoffs:<tenantId>`. */
export interface LeadHandoffEvent extends Omit<HandoffEvent, 'kind'> {
  tenantId: string;
  kind: LeadHandoffKind;
}

/** A handoff's SLA deadline passed without a first sales touch. Topic `breaches:<tenantId>`. */
export interface SlaBreachedEvent {
  tenantId: string;
  handoffId: string;
  personId: string;
  ownerId: string | null;
  handedOffAt: number;
  deadlineAt: number;
  /** When the watcher found it (at or shortly after the deadline). */
  detectedAt: number;
}

/** The live topics: each is per tenant (`<name>:<tenantId>`), so a subscriber hears only its own. */
export type LiveTopics = {
  metrics: [tenantId: string, event: MetricsChangedEvent];
  handoffs: [tenantId: string, event: LeadHandoffEvent];
  breaches: [tenantId: string, event: SlaBreachedEvent];
};

/** A metrics event with nothing in it, to fill in. */
export function emptyMetricsEvent(tenantId: string, origin: ChangeOrigin, at: number): MetricsChangedEvent {
  const none = listed([]);
  return {
    tenantId,
    origin,
    at,
    people: none,
    opportunities: none,
    handoffs: none,
    breaches: none,
    campaigns: 0,
    definitions: false,
  };
}
