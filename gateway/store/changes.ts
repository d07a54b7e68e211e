/**
 * What a committed write changed, told to whoever listens: the live subscriptions (events to
 * dashboards), the response cache (invalidation) and, in another process, the same through Redis.
 * Every write path publishes exactly once per committed transaction (ingest per batch, closed-loop
 * writes per mutation, definition changes per new version), after the commit, so a listener that
 * reads the store sees what the change describes.
 */

export type HandoffEventKind = 'handedOff' | 'accepted' | 'sentBack' | 'followedUp';

export interface HandoffEvent {
  kind: HandoffEventKind;
  handoffId: string;
  personId: string;
  ownerId: string | null;
  /** Epoch ms of the event itself (handoff, acceptance, send-back or first touch). */
  at: number;
  deadlineAt: number;
  sentBackReason: string | null;
}

export interface StoreChange {
  tenantId: string;
  /** Which write path: ingest (seed, import, sync, webhooks, events), closed-loop or definitions. */
  origin: 'ingest' | 'closed-loop' | 'definitions' | 'rollups';
  /** People whose row, touches, activities or stage history changed. */
  people: string[];
  handoffs: HandoffEvent[];
  /** Deals written. */
  opportunities: string[];
  /** Campaigns or their costs written. */
  campaigns: number;
  /** A definition (stage ladder, scoring model, SLA policy) changed: every metric may move. */
  definitions: boolean;
}

export type ChangeListener = (change: StoreChange) => void;

/** An in-process feed of committed changes. Listeners run synchronously; one that throws is logged and skipped. */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: StoreChange): void {
    if (isEmpty(change)) return;
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        console.error('change listener failed:', error);
      }
    }
  }
}

export function isEmpty(change: StoreChange): boolean {
  return (
    change.people.length === 0 &&
    change.handoffs.length === 0 &&
    change.opportunities.length === 0 &&
    change.campaigns === 0 &&
    !change.definitions
  );
}

/** A change with nothing in it, to fill in. */
export function emptyChange(tenantId: string, origin: StoreChange['origin']): StoreChange {
  return { tenantId, origin, people: [], handoffs: [], opportunities: [], campaigns: 0, definitions: false };
}
