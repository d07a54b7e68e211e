/**
 * People a page refers to but neither carries nor finds in the store. Streams are read in order,
 * people first, but a lead created after its stream was read can have a touch in a later stream;
 * rejecting that touch would lose it (the cursor moves past it). Instead the runner asks the
 * connector for those people and writes them in the same transaction, ahead of their touches.
 */
import { identityKey } from '../ingest/batch.js';
import { normaliseEmail } from '../ingest/normalise.js';
import type { PersonRef, SourceRecordInput } from '../ingest/records.js';
import type { TenantStore } from '../store/tenant-store.js';

const chunkSize = 1_000;

export async function unknownPeople(store: TenantStore, records: SourceRecordInput[]): Promise<PersonRef[]> {
  const carried = new Set<string>();
  for (const record of records) {
    if (record.kind !== 'person') continue;
    carried.add(identityKey(record.system, record.objectType, record.sourceId));
    const email = normaliseEmail(record.email);
    if (email) carried.add(email);
  }
  const wanted = new Map<string, PersonRef>();
  for (const record of records) {
    const ref =
      record.kind === 'touch' || record.kind === 'activity' || record.kind === 'stageChange'
        ? record.person
        : record.kind === 'opportunity'
          ? record.primaryPerson
          : null;
    const key = ref ? keyOf(ref) : null;
    if (key && ref && !carried.has(key)) wanted.set(key, ref);
  }
  if (wanted.size === 0) return [];

  // By the identity's whole key, which is the table's primary key: an index look-up per id.
  const bySystem = new Map<string, { system: string; objectType: string; ids: string[] }>();
  const emails: string[] = [];
  for (const ref of wanted.values()) {
    if ('email' in ref) {
      emails.push(normaliseEmail(ref.email)!);
      continue;
    }
    const group = `${ref.system}\u0000${ref.objectType}`;
    const entry = bySystem.get(group) ?? { system: ref.system, objectType: ref.objectType, ids: [] };
    entry.ids.push(ref.sourceId);
    bySystem.set(group, entry);
  }
  for (const { system, objectType, ids } of bySystem.values()) {
    for (let i = 0; i < ids.length; i += chunkSize) {
      const rows = await store.db
        .selectFrom('person_identities')
        .select('source_id')
        .where('system', '=', system)
        .where('object_type', '=', objectType)
        .where('source_id', 'in', ids.slice(i, i + chunkSize))
        .execute();
      for (const row of rows) wanted.delete(identityKey(system, objectType, row.source_id));
    }
  }
  for (let i = 0; i < emails.length; i += chunkSize) {
    const rows = await store.db
      .selectFrom('person_emails')
      .select('email')
      .where('email', 'in', emails.slice(i, i + chunkSize))
      .execute();
    for (const row of rows) wanted.delete(row.email);
  }
  return [...wanted.values()];
}

function keyOf(ref: PersonRef): string | null {
  if ('email' in ref) return typeof ref.email === 'string' ? normaliseEmail(ref.email) : null;
  return typeof ref.sourceId === 'string' ? identityKey(ref.system, ref.objectType, ref.sourceId) : null;
}
