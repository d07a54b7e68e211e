/**
 * Accounts: matched by source id, then by normalised web domain (two systems' records of one
 * company become one account); otherwise a new account. A free-mail or disposable domain
 * (gmail.com) names no company: it neither matches nor creates an account.
 */
import type { AccountTable } from '../store/tables.js';
import type { IngestBatch } from './batch.js';
import { derivedId } from './ids.js';
import { companyDomain, normaliseDomain, toEpochMs } from './normalise.js';
import { mergeFields } from './provenance.js';
import type { AccountRecord } from './records.js';

export function applyAccount(batch: IngestBatch, record: AccountRecord): void {
  const { caches, tenantId } = batch;
  const key = `${record.system}\u0000${record.sourceId}`;
  const domain = normaliseDomain(record.domain);
  // Two CRM accounts of sole traders on gmail.com are two customers, not one.
  const matchedBy = companyDomain(domain);
  const at = toEpochMs(record.updatedAt);
  const id =
    caches.accountByIdentity.get(key) ??
    (matchedBy ? caches.accountByDomain.get(matchedBy) : undefined) ??
    derivedId('acc', record.system, record.sourceId);
  const account = batch.accounts.get(id) ?? newAccount(tenantId, id, record.name, at);
  batch.accounts.set(id, account);
  const provenance = batch.provenanceOf(account);
  mergeFields(
    account,
    {
      name: record.name,
      domain,
      industry: record.industry,
      employees: record.employees,
      region: record.region,
      segment: record.segment,
      owner_id: batch.ownerIdFor(record.ownerEmail),
    },
    { system: record.system, sourceId: record.sourceId, at },
    provenance,
  );
  account.updated_at = Math.max(account.updated_at, at);
  batch.dirtyAccounts.add(id);
  caches.accountByIdentity.set(key, id);
  if (matchedBy && !caches.accountByDomain.has(matchedBy)) caches.accountByDomain.set(matchedBy, id);
  batch.accountIdentities.push({
    tenant_id: tenantId,
    system: record.system,
    source_id: record.sourceId,
    account_id: id,
  });
}

/**
 * An account known only by its domain (a person's email, or an opportunity's reference); none
 * for a free-mail or disposable domain.
 */
export function accountForDomain(batch: IngestBatch, domain: string, at: number): string | null {
  if (!companyDomain(domain)) return null;
  const known = batch.caches.accountByDomain.get(domain);
  if (known) return known;
  const id = derivedId('acc', 'domain', domain);
  const account = newAccount(batch.tenantId, id, domain, at);
  account.domain = domain;
  batch.accounts.set(id, account);
  batch.dirtyAccounts.add(id);
  batch.caches.accountByDomain.set(domain, id);
  return id;
}

function newAccount(tenantId: string, id: string, name: string, at: number): AccountTable {
  return {
    tenant_id: tenantId,
    id,
    name,
    domain: null,
    industry: null,
    employees: null,
    region: null,
    segment: null,
    owner_id: null,
    created_at: at,
    updated_at: at,
    provenance: '{}',
  };
}
