/**
 * Deals, with their stage history. A later record of the same deal replaces the earlier one
 * (the CRM is the system of record for deals); history rows accumulate.
 */

import { accountForDomain } from './apply-account.js';
import type { IngestBatch } from './batch.js';
import { derivedId } from './ids.js';
import { normaliseDomain, toEpochMs } from './normalise.js';
import type { OpportunityRecord } from './records.js';

export function applyOpportunity(batch: IngestBatch, record: OpportunityRecord): void {
  const { tenantId } = batch;
  const id = derivedId('opp', record.system, record.sourceId);
  const person = record.primaryPerson ? batch.personFor(record.primaryPerson) : null;
  const createdAt = toEpochMs(record.createdAt);
  const domain = record.account && 'domain' in record.account ? normaliseDomain(record.account.domain) : null;
  const accountId =
    batch.accountIdFor(record.account) ??
    (domain ? accountForDomain(batch, domain, createdAt) : null) ??
    person?.account_id ??
    null;
  batch.opportunities.set(id, {
    tenant_id: tenantId,
    id,
    account_id: accountId,
    primary_person_id: person?.id ?? null,
    campaign_id: record.campaign ? derivedId('cmp', record.campaign.system, record.campaign.sourceId) : null,
    owner_id: batch.userIdFor(record.ownerEmail),
    name: record.name,
    amount: record.amount,
    gross_profit: record.grossProfit ?? null,
    stage: record.stage,
    probability: record.probability,
    created_at: createdAt,
    closed_at: record.closedAt === null || record.closedAt === undefined ? null : toEpochMs(record.closedAt),
    is_closed: record.isClosed ? 1 : 0,
    is_won: record.isWon ? 1 : 0,
    loss_reason: record.lossReason ?? null,
    source_system: record.system,
    source_id: record.sourceId,
  });
  for (const step of record.history) {
    batch.opportunityStages.push({
      tenant_id: tenantId,
      opportunity_id: id,
      stage: step.stage,
      amount: step.amount,
      occurred_at: toEpochMs(step.occurredAt),
    });
  }
}
