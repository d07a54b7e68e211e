/**
 * From committed writes to live events: every StoreChange on `database.changes` becomes one
 * MetricsChanged on its tenant's topic, and each handoff, acceptance and send-back in it a
 * LeadHandoff. The events carry ids and times only; a subscription loads the people through its
 * own request's store, so row scopes decide what each subscriber hears (schema/live.ts).
 *
 * Each replica bridges its own writes: with Redis every replica's subscribers hear them, once.
 */
import type { StoreChange } from '../store/changes.js';
import type { RevenueDatabase } from '../store/database.js';
import { type LeadHandoffKind, listed, type MetricsChangedEvent } from './events.js';
import type { LivePubSub } from './pubsub.js';

const announced = new Set<string>(['handedOff', 'accepted', 'sentBack'] satisfies LeadHandoffKind[]);

export function metricsEventOf(change: StoreChange, at: number): MetricsChangedEvent {
  return {
    tenantId: change.tenantId,
    origin: change.origin,
    at,
    people: listed(change.people),
    opportunities: listed(change.opportunities),
    handoffs: listed(change.handoffs.map((h) => h.personId)),
    breaches: listed([]),
    campaigns: change.campaigns,
    definitions: change.definitions,
  };
}

/** Publishes every committed change of `database` on `pubsub`; returns the function that stops it. */
export function startLiveBridge(
  database: RevenueDatabase,
  pubsub: LivePubSub,
  clock: () => number = Date.now,
): () => void {
  return database.changes.subscribe((change) => {
    const at = clock();
    pubsub.publish('metrics', change.tenantId, metricsEventOf(change, at));
    for (const handoff of change.handoffs) {
      if (!announced.has(handoff.kind)) continue;
      pubsub.publish('handoffs', change.tenantId, {
        tenantId: change.tenantId,
        kind: handoff.kind as LeadHandoffKind,
        handoffId: handoff.handoffId,
        personId: handoff.personId,
        ownerId: handoff.ownerId,
        at: handoff.at,
        deadlineAt: handoff.deadlineAt,
        sentBackReason: handoff.sentBackReason,
      });
    }
  });
}
