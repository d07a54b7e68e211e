/**
 * Opportunities with their stage history (OpportunityHistory, one row per stage or amount change,
 * read as a sub-query so history comes with its deal in one call) and their primary contact.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import { type SalesforceRecord, sfDate, sfInstant, sfNumber, sfText } from './values.js';

export const opportunityFields = [
  'Id',
  'Name',
  'AccountId',
  'Amount',
  'StageName',
  'Probability',
  'CloseDate',
  'IsClosed',
  'IsWon',
  'CampaignId',
  'Owner.Email',
  'CreatedDate',
  'SystemModstamp',
  '(SELECT StageName, Amount, CreatedDate FROM OpportunityHistories ORDER BY CreatedDate)',
  '(SELECT ContactId FROM OpportunityContactRoles WHERE IsPrimary = true)',
];

interface Children<T> {
  records?: T[];
}

/** `timeZone`: the tenant's, where CloseDate (a date, no time) is a local day. */
export function mapOpportunity(record: SalesforceRecord, timeZone = 'UTC'): SourceRecordInput {
  const account = sfText(record, 'AccountId');
  const campaign = sfText(record, 'CampaignId');
  const contact = (record.OpportunityContactRoles as Children<{ ContactId?: string }> | null)?.records?.[0]
    ?.ContactId;
  const history = (
    (record.OpportunityHistories as Children<Record<string, unknown>> | null)?.records ?? []
  ).flatMap((row) => {
    const occurredAt = sfInstant(row.CreatedDate);
    const stage = sfText(row, 'StageName');
    return occurredAt === null || !stage
      ? []
      : [{ stage, amount: nonNegative(sfNumber(row, 'Amount')), occurredAt }];
  });
  const isClosed = record.IsClosed === true;
  const isWon = record.IsWon === true;
  return {
    kind: 'opportunity',
    system: 'salesforce',
    sourceId: record.Id,
    name: sfText(record, 'Name') ?? `Salesforce opportunity ${record.Id}`,
    account: account ? { system: 'salesforce', sourceId: account } : null,
    primaryPerson: contact ? { system: 'salesforce', objectType: 'contact', sourceId: contact } : null,
    campaign: campaign ? { system: 'salesforce', sourceId: campaign } : null,
    ownerEmail: sfText(record, 'Owner.Email')?.toLowerCase() ?? null,
    // No Amount is an unknown amount (an open deal not priced yet), not 0.
    amount: nonNegative(sfNumber(record, 'Amount')),
    stage: sfText(record, 'StageName') ?? 'unknown',
    probability: Math.min(1, Math.max(0, (sfNumber(record, 'Probability') ?? 0) / 100)),
    // Missing: the deal's earliest other date, else the time of the sync (ingest/apply-opportunity.ts).
    createdAt: sfInstant(record.CreatedDate),
    closedAt: isClosed ? sfDate(record.CloseDate, timeZone) : null,
    // An open deal's CloseDate is when it is expected to close.
    expectedCloseAt: isClosed ? null : sfDate(record.CloseDate, timeZone),
    isClosed,
    isWon,
    history,
  };
}

function nonNegative(value: number | null): number | null {
  return value === null ? null : Math.max(0, value);
}
