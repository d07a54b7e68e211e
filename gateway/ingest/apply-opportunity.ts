/**
 * Deals, with their stage history. A later record of the same deal replaces the earlier one
 * (the CRM is the system of record for deals); history rows accumulate.
 *
 * Deals arrive as CRMs export them: the stage as the CRM names it (the tenant's stage map says
 * whether it is open, won or lost, gateway/domain/crm-stages.ts), no amount on a deal not priced
 * yet (unknown, not 0), sometimes no created date (the earliest date the record has, else the time
 * of the import, and a warning says which). An owner or product that names nothing is a warning:
 * the deal is written without it. A closed deal moves its primary person (apply-deal-outcome.ts).
 */

import { CrmStageMap, dealState } from '../domain/crm-stages.js';
import { localDateText } from '../domain/local-date-text.js';
import { accountForDomain } from './apply-account.js';
import { moveDealPerson } from './apply-deal-outcome.js';
import { productIdFor } from './apply-product.js';
import type { IngestBatch } from './batch.js';
import { derivedId } from './ids.js';
import { normaliseDomain, toEpochMs } from './normalise.js';
import type { OpportunityRecord } from './records.js';

const builtInStages = new CrmStageMap();

export function applyOpportunity(batch: IngestBatch, record: OpportunityRecord): void {
  const { tenantId } = batch;
  const id = derivedId('opp', record.system, record.sourceId);
  const person = record.primaryPerson ? batch.personFor(record.primaryPerson, 'primaryPerson') : null;
  const closeDate = optionalMs(record.closedAt);
  const expectedClose = optionalMs(record.expectedCloseAt);
  const state = dealStateOf(batch, record);
  const createdAt = createdAtOf(batch, record, closeDate, expectedClose);
  const domain = record.account && 'domain' in record.account ? normaliseDomain(record.account.domain) : null;
  const accountId =
    batch.accountIdFor(record.account) ??
    (domain ? accountForDomain(batch, domain, createdAt) : null) ??
    person?.account_id ??
    null;
  const deal = {
    tenant_id: tenantId,
    id,
    account_id: accountId,
    primary_person_id: person?.id ?? null,
    campaign_id: record.campaign ? derivedId('cmp', record.campaign.system, record.campaign.sourceId) : null,
    owner_id: batch.ownerIdFor(record.ownerEmail),
    name: record.name,
    amount: record.amount ?? null,
    gross_profit: record.grossProfit ?? null,
    stage: record.stage,
    probability: state.probability,
    created_at: createdAt,
    // A close date on an open deal is when it is expected to close (a Salesforce "Close Date").
    closed_at: state.isClosed ? (closeDate ?? expectedClose) : null,
    expected_close_at: expectedClose ?? (state.isClosed ? null : closeDate),
    is_closed: state.isClosed ? 1 : 0,
    is_won: state.isWon ? 1 : 0,
    loss_reason: state.isClosed && !state.isWon ? (record.lossReason ?? null) : null,
    product_id: productIdFor(batch, record.product),
    source_system: record.system,
    source_id: record.sourceId,
  };
  batch.opportunities.set(id, deal);
  for (const step of record.history) {
    batch.opportunityStages.push({
      tenant_id: tenantId,
      opportunity_id: id,
      stage: step.stage,
      amount: step.amount ?? null,
      occurred_at: toEpochMs(step.occurredAt),
    });
  }
  moveDealPerson(batch, deal, person);
}

function optionalMs(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : toEpochMs(value);
}

function dealStateOf(batch: IngestBatch, record: OpportunityRecord) {
  const { stage, isClosed, isWon, probability } = record;
  const state = dealState({ stage, isClosed, isWon, probability }, batch.crm?.map ?? builtInStages);
  if (state.unknownStage) {
    batch.warn(
      'unknownStage',
      'stage',
      stage,
      'is not in the stage map: counted as open at probability 0 (add it with tandem crm-stages)',
    );
  }
  return state;
}

/** The record's created date; else the earliest date it has; else now, the time of the import. */
function createdAtOf(
  batch: IngestBatch,
  record: OpportunityRecord,
  closedAt: number | null,
  expectedCloseAt: number | null,
): number {
  if (record.createdAt !== null && record.createdAt !== undefined) return toEpochMs(record.createdAt);
  const dates = [closedAt, expectedCloseAt, ...record.history.map((step) => toEpochMs(step.occurredAt))];
  const known = dates.filter((date): date is number => date !== null);
  if (known.length) {
    const earliest = Math.min(...known);
    batch.warn(
      'createdAtFromRecord',
      'createdAt',
      null,
      // The tenant's local date, as the company's own file writes it (not a UTC instant).
      `no created date: used the earliest date of the deal, ${localDateText(earliest, batch.timeZone)}`,
    );
    return earliest;
  }
  const now = Date.now();
  batch.warn(
    'createdAtImportTime',
    'createdAt',
    null,
    'no created date and no other date: used the time of the import',
  );
  return now;
}
