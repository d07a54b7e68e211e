/**
 * Activities through Marketo's paging token: a token for `sinceDatetime` on the first run, then
 * each page's nextPageToken, stored as the cursor with the page. A page may be empty while
 * `moreResult` is still true (Marketo scans in time slices): the reader keeps going. The last
 * token of a run is where the next run starts, so nothing is read twice and nothing is skipped.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { SourcePage } from '../source.js';
import type { MarketoClient } from './client.js';
import { readLeads } from './leads.js';
import { type Activity, activityTypes, leadChangingTypes, mapActivity } from './map-activity.js';

const wantedTypes = Object.values(activityTypes).join(',');

export async function* activityPages(
  client: MarketoClient,
  stored: string | null,
  now: number,
  programChannel: (id: string) => Promise<string>,
): AsyncGenerator<SourcePage> {
  let token: string | null = stored;
  if (!token) {
    const since = new Date(now - client.config.historyDays * 86_400_000).toISOString();
    const start = await client.get<never>('/rest/v1/activities/pagingtoken.json', { sinceDatetime: since });
    token = start.nextPageToken ?? null;
    if (!token) throw new Error('marketo: the paging token request returned no nextPageToken');
  }
  while (true) {
    const current: string = token;
    const page = await client.get<Activity>('/rest/v1/activities.json', {
      nextPageToken: current,
      activityTypeIds: wantedTypes,
      batchSize: client.config.batchSize,
    });
    const activities = page.result ?? [];
    const changed = [
      ...new Set(
        activities.filter((a) => leadChangingTypes.has(a.activityTypeId)).map((a) => String(a.leadId)),
      ),
    ];
    const channels = new Map<string, string>();
    for (const activity of activities) {
      if (
        activity.activityTypeId === activityTypes.changeProgramStatus &&
        activity.primaryAttributeValueId !== undefined
      ) {
        const id = String(activity.primaryAttributeValueId);
        if (!channels.has(id)) channels.set(id, await programChannel(id));
      }
    }
    const records: SourceRecordInput[] = [
      ...(await readLeads(client, changed)),
      ...activities.flatMap((activity) => mapActivity(activity, (id) => channels.get(id) ?? 'event') ?? []),
    ];
    // Without a new token there is nowhere further to go; keep the one that brought this page.
    token = page.nextPageToken ?? current;
    yield { records, cursor: token };
    if (!page.moreResult) return;
  }
}
