/**
 * HubSpot webhook deliveries: each event names an object that changed. The objects are read back
 * through the API and mapped exactly as the sync maps them, so a delivery, its repetition and the
 * next sync all write the same rows once. Deletions are not applied (Tandem keeps history).
 */
import type { IngestCaches } from '../../ingest/caches.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { ingestPage, type PageResult } from '../sync.js';
import type { CrmObjectType, HubSpotConnector } from './connector.js';

export interface WebhookEvent {
  eventId?: number | string;
  subscriptionType?: string;
  objectTypeId?: string;
  objectId?: number | string;
}

const byPrefix: Record<string, CrmObjectType> = { contact: 'contacts', company: 'companies', deal: 'deals' };
const byTypeId: Record<string, CrmObjectType> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals' };

export interface WebhookReport extends PageResult {
  events: number;
  /** Events about something Tandem does not read (deletions, other object types). */
  ignored: number;
}

/** The objects to read back, by type, and how many events named nothing to read. */
export function changedObjects(events: WebhookEvent[]): {
  objects: Record<CrmObjectType, string[]>;
  ignored: number;
} {
  const objects: Record<CrmObjectType, Set<string>> = {
    companies: new Set(),
    contacts: new Set(),
    deals: new Set(),
  };
  let ignored = 0;
  for (const event of events) {
    const [prefix = '', action = ''] = (event.subscriptionType ?? '').split('.');
    const type = prefix === 'object' ? byTypeId[event.objectTypeId ?? ''] : byPrefix[prefix];
    if (!type || /deletion|privacy/i.test(action) || event.objectId === undefined) {
      ignored++;
      continue;
    }
    objects[type].add(String(event.objectId));
  }
  return {
    objects: {
      companies: [...objects.companies],
      contacts: [...objects.contacts],
      deals: [...objects.deals],
    },
    ignored,
  };
}

export async function receiveHubSpotEvents(
  store: TenantStore,
  connector: HubSpotConnector,
  events: WebhookEvent[],
  caches?: IngestCaches,
): Promise<WebhookReport> {
  const { objects, ignored } = changedObjects(events);
  // Companies before contacts before deals: the order references resolve in.
  const records = [
    ...(await connector.recordsFor('companies', objects.companies)),
    ...(await connector.recordsFor('contacts', objects.contacts)),
    ...(await connector.recordsFor('deals', objects.deals)),
  ];
  const result = await ingestPage(store, connector, { records }, { caches });
  return { ...result, events: events.length, ignored };
}
