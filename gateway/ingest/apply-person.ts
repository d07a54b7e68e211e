/**
 * People: one row per human, whatever systems they appear in. The written rules, in order:
 * 1. the record's own source identity (system, object type, id) is known → that person;
 * 2. a CRM contact converted from a known lead (`convertedFrom`) → the lead's person;
 * 3. its normalised email is known → that person (the same human in the CRM and in marketing
 *    automation, however the address is cased);
 * 4. otherwise a new person.
 * The record's identity and email are then added to the person, and its fields merged with
 * provenance (provenance.ts). The account is the record's, else the one of the email's domain;
 * colleagues sharing a domain share the account and stay separate people.
 *
 * A record that changes nothing (the same contacts file imported again, a sync reading a page
 * again) is counted as already there, as a replayed touch is: a file imported twice writes 0.
 */
import { fitGrade } from '../domain/scoring.js';
import type { PersonTable } from '../store/tables.js';
import { accountForDomain } from './apply-account.js';
import { cellBefore, promoteOnCrossing } from './apply-threshold.js';
import { type IngestBatch, identityKey } from './batch.js';
import { derivedId } from './ids.js';
import { emailDomain, normaliseEmail, toEpochMs } from './normalise.js';
import { type FieldSource, mergeFields, type Provenance } from './provenance.js';
import type { PersonRecord } from './records.js';

export function applyPerson(batch: IngestBatch, record: PersonRecord): void {
  const { caches, tenantId } = batch;
  const key = identityKey(record.system, record.objectType, record.sourceId);
  const email = normaliseEmail(record.email);
  const createdAt = toEpochMs(record.createdAt);
  const at = toEpochMs(record.updatedAt);
  const converted = record.convertedFrom
    ? caches.personByIdentity.get(
        identityKey(record.convertedFrom.system, 'lead', record.convertedFrom.sourceId),
      )
    : undefined;
  const id =
    caches.personByIdentity.get(key) ??
    converted ??
    (email ? caches.personByEmail.get(email) : undefined) ??
    derivedId('per', record.system, record.objectType, record.sourceId);

  let person = batch.people.get(id);
  const isNew = !person;
  if (!person) {
    person = newPerson(batch, id, createdAt);
    batch.people.set(id, person);
    batch.newPeople++;
  }
  const provenance = batch.provenanceOf(person);
  const changesNothing = isNew ? () => false : noChangeCheck(batch, person, provenance);
  person.created_at = Math.min(person.created_at, createdAt);

  const accountId =
    batch.accountIdFor(record.account) ??
    (() => {
      const domain = emailDomain(email);
      return domain ? accountForDomain(batch, domain, at) : null;
    })();
  mergeFields(
    person,
    {
      email,
      first_name: record.firstName,
      last_name: record.lastName,
      title: record.title,
      department: record.department,
      region: record.region,
      lead_source: record.leadSource,
      owner_id: batch.ownerIdFor(record.ownerEmail),
      account_id: accountId,
      // Prospect flags merge like any field: a later record's value wins, an absent one changes nothing.
      icp_fit: flagOf(record.icpFit),
      has_budget: flagOf(record.hasBudget),
      has_timeframe: flagOf(record.hasTimeframe),
      willing_to_engage: flagOf(record.willingToEngage),
    },
    { system: record.system, sourceId: record.sourceId, at },
    provenance,
  );
  person.updated_at = Math.max(person.updated_at, at);
  const before = cellBefore(batch, person);
  regrade(batch, person);
  promoteOnCrossing(batch, person, before, at);
  batch.dirtyPeople.add(id);

  if (!caches.personByIdentity.has(key)) {
    caches.personByIdentity.set(key, id);
    batch.identities.push({
      tenant_id: tenantId,
      system: record.system,
      object_type: record.objectType,
      source_id: record.sourceId,
      person_id: id,
    });
  }
  // An address already claimed by another person stays theirs: two humans never merge on a shared inbox.
  if (email && !caches.personByEmail.has(email)) {
    caches.personByEmail.set(email, id);
    batch.emails.push({ tenant_id: tenantId, email, person_id: id });
  }
  if (changesNothing()) batch.duplicates++;
}

/**
 * Asked before a record is applied, answers after: whether it changed nothing of the person as
 * they were (their row, which record set each field, their identities, emails, account and stage).
 */
function noChangeCheck(batch: IngestBatch, person: PersonTable, provenance: Provenance): () => boolean {
  const row = { ...person };
  const setBy = { ...provenance };
  const { identities, emails, transitions, dirtyAccounts } = batch;
  const counts = [identities.length, emails.length, transitions.length, dirtyAccounts.size];
  return () =>
    counts[0] === identities.length &&
    counts[1] === emails.length &&
    counts[2] === transitions.length &&
    counts[3] === dirtyAccounts.size &&
    (Object.keys(row) as (keyof PersonTable)[]).every((column) => row[column] === person[column]) &&
    Object.keys(provenance).length === Object.keys(setBy).length &&
    Object.entries(provenance).every(([field, source]) => sameSource(setBy[field], source));
}

function sameSource(a: FieldSource | undefined, b: FieldSource): boolean {
  return a === b || (a !== undefined && a.system === b.system && a.sourceId === b.sourceId && a.at === b.at);
}

function flagOf(value: boolean | null | undefined): 0 | 1 | null {
  return value == null ? null : value ? 1 : 0;
}

/** The fit grade from the person's and their account's profile (docs/domain.md: grading). */
export function regrade(batch: IngestBatch, person: PersonTable): void {
  const account = person.account_id ? batch.accounts.get(person.account_id) : undefined;
  person.fit_grade = fitGrade(
    {
      industry: account?.industry,
      employees: account?.employees,
      region: person.region ?? account?.region,
      title: person.title,
      department: person.department,
    },
    batch.definitions.scoring.fitCriteria,
  );
}

function newPerson(batch: IngestBatch, id: string, createdAt: number): PersonTable {
  return {
    tenant_id: batch.tenantId,
    id,
    account_id: null,
    email: null,
    first_name: null,
    last_name: null,
    title: null,
    department: null,
    region: null,
    lead_source: null,
    owner_id: null,
    stage: batch.definitions.stages[0]?.key ?? 'subscriber',
    stage_entered_at: createdAt,
    fit_grade: 'D',
    engagement_score: 0,
    scored_at: createdAt,
    icp_fit: 0,
    has_budget: 0,
    has_timeframe: 0,
    willing_to_engage: 0,
    created_at: createdAt,
    updated_at: createdAt,
    provenance: '{}',
  };
}
