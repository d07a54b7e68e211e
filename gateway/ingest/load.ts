/**
 * Loads what a batch refers to, in a handful of IN-list queries, before anything is applied.
 */
import { rememberPeople } from '../metrics/mark-change.js';
import { chunks } from '../store/chunks.js';
import { loadCrmSettings } from '../store/crm-stages.js';
import { slaPolicyOf } from '../store/definitions.js';
import type { HandoffTable } from '../store/tables.js';
import { dealMoveOutcomes, dealMoveSourceId } from './apply-deal-outcome.js';
import type { IngestBatch, ValidRecord } from './batch.js';
import { identityKey } from './batch.js';
import { derivedId } from './ids.js';
import { emailDomain, normaliseDomain, normaliseEmail } from './normalise.js';
import type { AccountRef, PersonRef } from './records.js';

const chunkSize = 5_000;
/** The people whose handoffs, every one of them, a batch has loaded (loadHandoffs). */
const handoffsLoaded = new WeakMap<IngestBatch, Set<string>>();
/** The people whose email-open score events a batch has looked up (whether they opened one before). */
const openersLoaded = new WeakMap<IngestBatch, string[]>();
/** Kinds whose records change people (scores, stages) but never read or change an account. */
const peopleOnly = new Set<string>(['touch', 'activity', 'stageChange']);

export async function loadBatch(batch: IngestBatch, records: ValidRecord[]): Promise<void> {
  const { caches, store } = batch;
  const db = store.db;
  // Every person the batch changes is in batch.people, as flush writes them, and the handoffs of
  // those loaded by loadHandoffs are all in batch.handoffs (new ones included): the marking after
  // it takes their creation and handoff days from there rather than reading them back.
  rememberPeople(store, batch.people, (id) =>
    handoffsLoaded.get(batch)?.has(id) ? (batch.handoffs.get(id) ?? []) : undefined,
  );
  const personKeys = new Set<string>();
  const emails = new Set<string>();
  const accountKeys = new Set<string>();
  const accountSourceIds = new Set<string>();
  const domains = new Set<string>();
  const allDomains = new Set<string>();
  const derived = { touches: [] as string[], activities: [] as string[], stage_transitions: [] as string[] };
  let hasDeals = false;

  const addPerson = (ref: PersonRef | null | undefined) => {
    if (!ref) return;
    if ('email' in ref) {
      const email = normaliseEmail(ref.email)!;
      if (!caches.personByEmail.has(email)) emails.add(email);
    } else if (!caches.personByIdentity.has(identityKey(ref.system, ref.objectType, ref.sourceId))) {
      personKeys.add(identityKey(ref.system, ref.objectType, ref.sourceId));
    }
  };
  const addAccount = (ref: AccountRef | null | undefined) => {
    if (!ref) return;
    if ('domain' in ref) {
      const domain = normaliseDomain(ref.domain);
      if (domain) allDomains.add(domain);
      if (domain && !caches.accountByDomain.has(domain)) domains.add(domain);
    } else {
      const key = `${ref.system}\u0000${ref.sourceId}`;
      accountKeys.add(key);
      if (!caches.accountByIdentity.has(key)) accountSourceIds.add(ref.sourceId);
    }
  };

  for (const { record } of records) {
    switch (record.kind) {
      case 'account':
        addAccount({ system: record.system, sourceId: record.sourceId });
        addAccount(record.domain ? { domain: record.domain } : null);
        break;
      case 'person': {
        addPerson({ system: record.system, objectType: record.objectType, sourceId: record.sourceId });
        addPerson(record.convertedFrom);
        if (record.email) addPerson({ email: record.email });
        addAccount(record.account);
        const domain = emailDomain(normaliseEmail(record.email));
        if (domain) addAccount({ domain });
        break;
      }
      case 'touch':
        addPerson(record.person);
        derived.touches.push(derivedId('tch', record.system, record.sourceId));
        break;
      case 'activity':
        addPerson(record.person);
        derived.activities.push(derivedId('act', record.system, record.sourceId));
        break;
      case 'stageChange':
        addPerson(record.person);
        derived.stage_transitions.push(derivedId('stg', record.system, record.sourceId));
        break;
      case 'opportunity':
        addPerson(record.primaryPerson);
        addAccount(record.account);
        // A deal moves its primary person (apply-deal-outcome.ts), once per state.
        for (const outcome of dealMoveOutcomes)
          derived.stage_transitions.push(
            derivedId('stg', record.system, dealMoveSourceId(record.sourceId, outcome)),
          );
        hasDeals = true;
        break;
      case 'user':
        // A manager may be listed after the people they manage.
        caches.userByEmail.set(
          normaliseEmail(record.email)!,
          derivedId('usr', normaliseEmail(record.email)!),
        );
        break;
    }
  }

  // Grouped by (system, object type) so each look-up uses the primary key's leading columns.
  const bySystem = new Map<string, string[]>();
  for (const key of personKeys) {
    const [system, objectType, sourceId] = key.split('\u0000') as [string, string, string];
    const group = `${system}\u0000${objectType}`;
    const list = bySystem.get(group) ?? [];
    list.push(sourceId);
    bySystem.set(group, list);
  }
  for (const [group, sourceIds] of bySystem) {
    const [system, objectType] = group.split('\u0000') as [string, string];
    for (const ids of chunks(sourceIds, chunkSize)) {
      const rows = await db
        .selectFrom('person_identities')
        .selectAll()
        .where('system', '=', system)
        .where('object_type', '=', objectType)
        .where('source_id', 'in', ids)
        .execute();
      for (const row of rows)
        caches.personByIdentity.set(identityKey(row.system, row.object_type, row.source_id), row.person_id);
    }
  }
  for (const list of chunks([...emails], chunkSize)) {
    const rows = await db.selectFrom('person_emails').selectAll().where('email', 'in', list).execute();
    for (const row of rows) caches.personByEmail.set(row.email, row.person_id);
  }
  for (const ids of chunks([...accountSourceIds], chunkSize)) {
    const rows = await db
      .selectFrom('account_identities')
      .selectAll()
      .where('source_id', 'in', ids)
      .execute();
    for (const row of rows)
      caches.accountByIdentity.set(`${row.system}\u0000${row.source_id}`, row.account_id);
  }
  for (const list of chunks([...domains], chunkSize)) {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'domain'])
      .where('domain', 'in', list)
      .execute();
    for (const row of rows) if (row.domain) caches.accountByDomain.set(row.domain, row.id);
  }

  // The rows themselves: every person and account the batch may change or read.
  const personIds = new Set<string>();
  for (const key of [...personKeys]) {
    const id = caches.personByIdentity.get(key);
    if (id) personIds.add(id);
  }
  const refIds = (ref: PersonRef) =>
    'email' in ref
      ? caches.personByEmail.get(normaliseEmail(ref.email)!)
      : caches.personByIdentity.get(identityKey(ref.system, ref.objectType, ref.sourceId));
  // Every person a record names may change, and a change can open a handoff (points or a better
  // fit grade crossing the MQL threshold, a deal moving its person): their handoffs are needed.
  const handoffIds = new Set<string>();
  const openerIds = new Set<string>();
  const named = (ref: PersonRef | null | undefined) => {
    const id = ref ? refIds(ref) : undefined;
    if (!id) return undefined;
    handoffIds.add(id);
    if (!batch.people.has(id)) personIds.add(id);
    return id;
  };
  for (const { record } of records) {
    switch (record.kind) {
      case 'person':
        named({ system: record.system, objectType: record.objectType, sourceId: record.sourceId });
        named(record.convertedFrom);
        if (record.email) named({ email: record.email });
        break;
      case 'touch': {
        const id = named(record.person);
        if (id && record.type === 'email_open') openerIds.add(id);
        break;
      }
      case 'activity':
      case 'stageChange':
        named(record.person);
        break;
      case 'opportunity':
        named(record.primaryPerson);
        break;
    }
  }
  // People an earlier batch of this run left as they are stored come from memory (carried.ts).
  const carried = caches.carried.valid ? caches.carried : null;
  const toRead: string[] = [];
  for (const id of personIds) {
    const row = carried?.people.get(id);
    if (!row) toRead.push(id);
    else {
      batch.people.set(id, row);
      batch.storedPeople.set(id, { ...row });
    }
  }
  for (const ids of chunks(toRead, chunkSize)) {
    const rows = await db.selectFrom('people').selectAll().where('id', 'in', ids).execute();
    for (const row of rows) {
      batch.people.set(row.id, row);
      batch.storedPeople.set(row.id, { ...row });
    }
  }
  const accountIds = new Set<string>();
  for (const key of accountKeys) accountIds.add(caches.accountByIdentity.get(key) ?? '');
  for (const domain of allDomains) accountIds.add(caches.accountByDomain.get(domain) ?? '');
  // Person records grade people by their account; touches, activities and stage changes never
  // read one, and loading every toucher's account was a tenth of a touch batch's time.
  if (records.some(({ record }) => !peopleOnly.has(record.kind)))
    for (const person of batch.people.values()) accountIds.add(person.account_id ?? '');
  const accountRows = [...accountIds].filter((id) => id && !batch.accounts.has(id));
  for (const ids of chunks(accountRows, chunkSize)) {
    const rows = await db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute();
    for (const row of rows) batch.accounts.set(row.id, row);
  }

  for (const [table, ids] of Object.entries(derived) as [keyof typeof derived, string[]][]) {
    for (const list of chunks(ids, chunkSize)) {
      const rows = await db.selectFrom(table).select('id').where('id', 'in', list).execute();
      for (const row of rows) batch.existing.add(row.id);
    }
  }

  if (hasDeals) batch.crm = await loadCrmSettings(store);

  await loadHandoffs(batch, [...handoffIds]);

  openersLoaded.set(batch, [...openerIds]);
  const openersToRead: string[] = [];
  for (const id of openerIds) {
    if (!carried?.openersChecked.has(id)) openersToRead.push(id);
    else if (carried.openedEmail.has(id)) batch.openedEmail.add(id);
  }
  for (const ids of chunks(openersToRead, chunkSize)) {
    const rows = await db
      .selectFrom('score_events')
      .select('person_id')
      .distinct()
      .where('person_id', 'in', ids)
      .where('reason', '=', 'email_open')
      .execute();
    for (const row of rows) batch.openedEmail.add(row.person_id);
  }
}

/**
 * The handoffs of `personIds`, oldest first, and the older SLA policies they were made under.
 * Also used outside ingest by a write that may open handoffs (loop/scoring-model.ts).
 */
export async function loadHandoffs(batch: IngestBatch, personIds: string[]): Promise<void> {
  const db = batch.store.db;
  const loaded = handoffsLoaded.get(batch) ?? new Set<string>();
  handoffsLoaded.set(batch, loaded);
  const carried = batch.caches.carried.valid ? batch.caches.carried : null;
  const toRead: string[] = [];
  for (const id of new Set(personIds)) {
    if (loaded.has(id)) continue;
    loaded.add(id);
    const list = carried?.handoffs.get(id);
    if (!list) toRead.push(id);
    else if (list.length) {
      for (const row of list) batch.storedHandoffs.set(row.id, { ...row });
      batch.handoffs.set(id, list);
    }
  }
  for (const ids of chunks(toRead, chunkSize)) {
    const rows = await db
      .selectFrom('handoffs')
      .selectAll()
      .where('person_id', 'in', ids)
      .orderBy('handed_off_at')
      .execute();
    for (const row of rows) {
      batch.storedHandoffs.set(row.id, { ...row });
      const list = batch.handoffs.get(row.person_id) ?? [];
      list.push(row);
      batch.handoffs.set(row.person_id, list);
    }
  }
  // A handoff keeps the policy it was made under; the few older versions still referenced, once.
  const olderPolicies = new Set<number>();
  for (const list of batch.handoffs.values())
    for (const h of list)
      if (h.policy_version !== batch.definitions.sla.version) olderPolicies.add(h.policy_version);
  if (olderPolicies.size) {
    const rows = await db
      .selectFrom('sla_policies')
      .selectAll()
      .where('version', 'in', [...olderPolicies])
      .execute();
    for (const row of rows) batch.slaPolicies.set(row.version, slaPolicyOf(row));
  }
}

/**
 * What a written batch hands to the next one (carried.ts): its people, the handoffs of those whose
 * every handoff it held, and who it knows has opened an email.
 */
export function heldRows(batch: IngestBatch) {
  const handoffs = new Map<string, HandoffTable[]>();
  for (const id of handoffsLoaded.get(batch) ?? []) handoffs.set(id, batch.handoffs.get(id) ?? []);
  return {
    people: batch.people,
    handoffs,
    openersChecked: openersLoaded.get(batch) ?? [],
    openedEmail: batch.openedEmail,
  };
}
