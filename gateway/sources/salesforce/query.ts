/**
 * Incremental SOQL: `ORDER BY SystemModstamp, Id` from a keyset cursor (the last stamp and id
 * written), following nextRecordsUrl within a run. A keyset rather than `SystemModstamp > t`, so
 * records sharing the last page's stamp are neither skipped nor re-read on resume. Every stream of
 * a run stops at the same instant (its start), so a lead converted mid-run is seen, with its new
 * contact, by the next run's lead stream first, not by this run's contact stream alone.
 */
import type { QueryPage, SalesforceClient } from './client.js';
import { type SalesforceRecord, sfInstant, soqlDateTime, soqlString } from './values.js';

export interface KeysetCursor {
  /** SystemModstamp (epoch ms) and Id of the last record written. */
  at: number;
  id: string;
}

export interface ModifiedQuery {
  object: string;
  fields: string[];
  /** Upper bound of this run, inclusive (epoch ms). */
  until: number;
  /** Lower bound for a first run (epoch ms). */
  since?: number;
}

export async function* queryModified(
  client: SalesforceClient,
  query: ModifiedQuery,
  stored: string | null,
): AsyncGenerator<{ records: SalesforceRecord[]; cursor: string }> {
  let cursor: KeysetCursor | null = stored ? JSON.parse(stored) : null;
  const conditions = [`SystemModstamp <= ${soqlDateTime(query.until)}`];
  if (cursor) {
    const at = soqlDateTime(cursor.at);
    conditions.push(`(SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > ${soqlString(cursor.id)}))`);
  } else if (query.since !== undefined) conditions.push(`SystemModstamp >= ${soqlDateTime(query.since)}`);
  const soql = `SELECT ${query.fields.join(', ')} FROM ${query.object} WHERE ${conditions.join(' AND ')} ORDER BY SystemModstamp, Id`;
  let page: QueryPage<SalesforceRecord> = await client.query<SalesforceRecord>(soql);
  while (true) {
    const last = page.records.at(-1);
    if (last) {
      const stamp = sfInstant(last.SystemModstamp);
      cursor = { at: typeof stamp === 'number' ? stamp : (cursor?.at ?? 0), id: last.Id };
    }
    yield { records: page.records, cursor: JSON.stringify(cursor ?? { at: query.since ?? 0, id: '' }) };
    if (page.done || !page.nextRecordsUrl) return;
    page = await client.next<SalesforceRecord>(page.nextRecordsUrl);
  }
}

/** Records by id, in chunks that keep the query URL short. */
export async function queryByIds(
  client: SalesforceClient,
  object: string,
  fields: string[],
  ids: string[],
): Promise<SalesforceRecord[]> {
  const records: SalesforceRecord[] = [];
  for (let i = 0; i < ids.length; i += 200) {
    const list = ids
      .slice(i, i + 200)
      .map(soqlString)
      .join(', ');
    let page = await client.query<SalesforceRecord>(
      `SELECT ${fields.join(', ')} FROM ${object} WHERE Id IN (${list})`,
    );
    records.push(...page.records);
    while (!page.done && page.nextRecordsUrl) {
      page = await client.next<SalesforceRecord>(page.nextRecordsUrl);
      records.push(...page.records);
    }
  }
  return records;
}
