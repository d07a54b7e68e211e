/**
 * Marketing email opens and clicks (the email events API), as touches of the recipient. The API
 * pages by offset within a time window, so each run reads one fixed window, [end of the last
 * window, now − search lag]: fixed, so its offsets stay put if the run is interrupted and resumed.
 * Events HubSpot flags as likely machine opens (`filteredEvent`) are not engagement and are skipped.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { SourcePage } from '../source.js';
import type { HubSpotClient } from './client.js';

interface EmailEvent {
  id: string;
  created: number;
  recipient?: string;
  type: string;
  url?: string;
  filteredEvent?: boolean;
}

interface WindowCursor {
  since: number;
  until?: number;
  offset?: string;
}

const touchTypes = { OPEN: 'email_open', CLICK: 'email_click' } as const;

export async function* emailEventPages(
  client: HubSpotClient,
  eventType: keyof typeof touchTypes,
  stored: string | null,
  now: number,
): AsyncGenerator<SourcePage> {
  const dayMs = 86_400_000;
  const previous: WindowCursor = stored
    ? JSON.parse(stored)
    : { since: now - client.config.historyDays * dayMs };
  // An interrupted window is finished first; a finished one is followed by the next.
  const window =
    previous.until !== undefined && previous.offset !== undefined
      ? { since: previous.since, until: previous.until }
      : { since: previous.until ?? previous.since, until: now - client.config.searchLagMs };
  let offset = previous.until !== undefined ? previous.offset : undefined;
  if (window.until <= window.since) return;
  while (true) {
    const page = await client.get<{ events?: EmailEvent[]; hasMore?: boolean; offset?: string }>(
      '/email/public/v1/events',
      { startTimestamp: window.since, endTimestamp: window.until, eventType, limit: 1000, offset },
    );
    const records: SourceRecordInput[] = [];
    for (const event of page.events ?? []) {
      if (event.filteredEvent || !event.recipient) continue;
      records.push({
        kind: 'touch',
        system: 'hubspot',
        sourceId: `email-event:${event.id}`,
        person: { email: event.recipient },
        channel: 'email',
        type: touchTypes[eventType],
        url: event.url ?? null,
        occurredAt: event.created,
      });
    }
    offset = page.hasMore && page.offset ? page.offset : undefined;
    const cursor: WindowCursor = offset
      ? { ...window, offset }
      : { since: window.since, until: window.until };
    yield { records, cursor: JSON.stringify(cursor) };
    if (!offset) return;
  }
}
