/**
 * A live event as one subscriber may see it. Events are tenant-wide; a token with row scopes (a
 * team, an owner, a region, a segment, one record) must not learn even how many people outside
 * its scope changed. So the ids an event lists are looked up through the subscriber's own
 * TenantStore, whose row scopes drop the others (gateway/store/row-scope.ts), and the counts are
 * of what is left. An unscoped store sees everything and asks nothing.
 */
import { narrows } from '../store/row-scope.js';
import type { TenantStore } from '../store/tenant-store.js';
import type { ChangeOrigin, Listed, MetricsChangedEvent } from './events.js';

export type MetricsChangeKind =
  | 'people'
  | 'opportunities'
  | 'handoffs'
  | 'breaches'
  | 'campaigns'
  | 'definitions';

/** A metrics change as a subscriber sees it; a count is null when it is too large to check per scope. */
export interface VisibleMetricsChange {
  origin: ChangeOrigin;
  at: number;
  kinds: MetricsChangeKind[];
  people: number | null;
  opportunities: number | null;
  handoffs: number | null;
  breaches: number | null;
  campaigns: number;
  definitions: boolean;
}

async function visibleIds(store: TenantStore, table: 'people' | 'opportunities', ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await store.db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

/** What of `event` the store's scopes let through; null when nothing. */
export async function visibleMetricsChange(
  store: TenantStore,
  event: MetricsChangedEvent,
): Promise<VisibleMetricsChange | null> {
  // Unscoped (undefined): every id counts. Scoped: the ids the store still finds.
  let people: Set<string> | undefined;
  let opportunities: Set<string> | undefined;
  if (narrows(store.scopes)) {
    const personIds = [event.people, event.handoffs, event.breaches].flatMap((l) => l.ids ?? []);
    people = await visibleIds(store, 'people', [...new Set(personIds)]);
    opportunities = await visibleIds(store, 'opportunities', event.opportunities.ids ?? []);
  }
  const count = (listed: Listed, visible: Set<string> | undefined): number | null => {
    if (!visible) return listed.count;
    return listed.ids ? listed.ids.filter((id) => visible.has(id)).length : null;
  };
  const change: VisibleMetricsChange = {
    origin: event.origin,
    at: event.at,
    kinds: [],
    people: count(event.people, people),
    opportunities: count(event.opportunities, opportunities),
    handoffs: count(event.handoffs, people),
    breaches: count(event.breaches, people),
    campaigns: event.campaigns,
    definitions: event.definitions,
  };
  // A count unknown (null) may well include this subscriber's people: it is told, not dropped.
  const moved = (n: number | null, listed: Listed) => (n === null ? listed.count > 0 : n > 0);
  if (moved(change.people, event.people)) change.kinds.push('people');
  if (moved(change.opportunities, event.opportunities)) change.kinds.push('opportunities');
  if (moved(change.handoffs, event.handoffs)) change.kinds.push('handoffs');
  if (moved(change.breaches, event.breaches)) change.kinds.push('breaches');
  if (change.campaigns > 0) change.kinds.push('campaigns');
  if (change.definitions) change.kinds.push('definitions');
  return change.kinds.length > 0 ? change : null;
}
