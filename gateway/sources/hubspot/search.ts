/**
 * Incremental reads through HubSpot's search endpoint, windowed by modification time. Search
 * caps a query at 10,000 results and pages by offset, and an offset shifts when a record earlier
 * in the order is modified meanwhile; so each page restarts the query at the newest modification
 * time it saw (`>=`: the records at that instant are read again, which is free) and pages by offset
 * only through a run of records sharing one instant. Each run stops at its start minus the search
 * lag, so records written while it runs, or not yet searchable, are read by the next run.
 */
import type { HubSpotClient, HubSpotObject, Paged } from './client.js';

export interface SearchCursor {
  /** Modification time (epoch ms) the next query starts at, inclusive. */
  since: number;
  /** Offset within the records modified exactly at `since`. */
  after?: string;
}

export interface SearchOptions {
  objectType: string;
  /** `lastmodifieddate` for contacts, `hs_lastmodifieddate` for everything else. */
  modifiedProperty: string;
  properties: string[];
  pageSize: number;
  /** Upper bound of this run (epoch ms, inclusive). */
  until: number;
}

export interface SearchPage {
  results: HubSpotObject[];
  cursor: SearchCursor;
}

/** HubSpot answers 400 beyond this offset. */
const searchCap = 10_000;

export function parseSearchCursor(cursor: string | null): SearchCursor {
  if (!cursor) return { since: 0 };
  const parsed = JSON.parse(cursor) as SearchCursor;
  return typeof parsed.since === 'number' ? parsed : { since: 0 };
}

export async function* searchModified(
  client: HubSpotClient,
  start: SearchCursor,
  options: SearchOptions,
): AsyncGenerator<SearchPage> {
  let cursor = start;
  while (true) {
    const page = await client.post<Paged<HubSpotObject>>(`/crm/v3/objects/${options.objectType}/search`, {
      filterGroups: [
        {
          filters: [
            { propertyName: options.modifiedProperty, operator: 'GTE', value: String(cursor.since) },
            { propertyName: options.modifiedProperty, operator: 'LTE', value: String(options.until) },
          ],
        },
      ],
      sorts: [{ propertyName: options.modifiedProperty, direction: 'ASCENDING' }],
      properties: options.properties,
      limit: options.pageSize,
      ...(cursor.after ? { after: cursor.after } : {}),
    });
    const results = page.results ?? [];
    const next = page.paging?.next?.after;
    const times = results.map((object) => modifiedAt(object, options.modifiedProperty));
    const newest = Math.max(cursor.since, ...times);
    if (!next || results.length === 0) {
      yield { results, cursor: { since: newest } };
      return;
    }
    if (Math.min(...times) < newest) cursor = { since: newest };
    else {
      // The whole page shares one instant (and nothing in the window came before it, since the
      // page starts the window or pages through that instant already): page on by offset.
      if (Number(next) >= searchCap) {
        throw new Error(
          `more than ${searchCap} HubSpot ${options.objectType} share the modification time ${new Date(newest).toISOString()}; search cannot page past them`,
        );
      }
      cursor = { since: newest, after: next };
    }
    yield { results, cursor };
  }
}

export function modifiedAt(object: HubSpotObject, property: string): number {
  const value = object.properties[property] ?? object.properties.hs_lastmodifieddate;
  if (!value) return 0;
  const asNumber = Number(value);
  return Number.isFinite(asNumber) ? asNumber : Date.parse(value) || 0;
}
