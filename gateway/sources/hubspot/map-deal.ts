/**
 * HubSpot deals → opportunities, with their stage history from `propertiesWithHistory` (each
 * dealstage value and when it was set; the amount is the one in force at that time).
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { HubSpotObject } from './client.js';
import { contactRef } from './map-contact.js';
import { flag, instant, number, text } from './properties.js';

export const dealProperties = [
  'dealname',
  'amount',
  'dealstage',
  'pipeline',
  'closedate',
  'createdate',
  'hs_is_closed',
  'hs_is_closed_won',
  'hs_deal_stage_probability',
  'closed_lost_reason',
  'hubspot_owner_id',
  'hs_lastmodifieddate',
];
export const dealHistoryProperties = ['dealstage', 'amount'];

export interface DealLinks {
  companies: string[];
  contacts: string[];
}

export function mapDeal(
  deal: HubSpotObject,
  links: DealLinks,
  owners: Map<string, string>,
): SourceRecordInput {
  const stage = text(deal, 'dealstage') ?? 'unknown';
  const isWon = flag(deal, 'hs_is_closed_won') ?? stage === 'closedwon';
  const isClosed = flag(deal, 'hs_is_closed') ?? (isWon || stage === 'closedlost');
  const probability = number(deal, 'hs_deal_stage_probability') ?? (isWon ? 1 : 0);
  // Missing: the deal's earliest other date, else the time of the sync (ingest/apply-opportunity.ts).
  const createdAt = instant(deal, 'createdate');
  return {
    kind: 'opportunity',
    system: 'hubspot',
    sourceId: deal.id,
    name: text(deal, 'dealname') ?? `HubSpot deal ${deal.id}`,
    account: links.companies[0] ? { system: 'hubspot', sourceId: links.companies[0] } : null,
    primaryPerson: links.contacts[0] ? contactRef(links.contacts[0]) : null,
    ownerEmail: owners.get(text(deal, 'hubspot_owner_id') ?? '') ?? null,
    // No amount is an unknown amount (an open deal not priced yet), not 0.
    amount: amountOf(number(deal, 'amount')),
    stage,
    probability: Math.min(1, Math.max(0, probability)),
    createdAt,
    closedAt: isClosed ? (instant(deal, 'closedate') ?? null) : null,
    // An open deal's closedate is when it is expected to close.
    expectedCloseAt: isClosed ? null : (instant(deal, 'closedate') ?? null),
    isClosed,
    isWon,
    lossReason: isClosed && !isWon ? text(deal, 'closed_lost_reason') : null,
    history: stageHistory(deal),
  };
}

function stageHistory(deal: HubSpotObject): { stage: string; amount: number; occurredAt: number }[] {
  const at = (timestamp: string) => (/^\d+$/.test(timestamp) ? Number(timestamp) : Date.parse(timestamp));
  const stages = (deal.propertiesWithHistory?.dealstage ?? [])
    .filter((entry) => entry.value)
    .map((entry) => ({ stage: entry.value!, at: at(entry.timestamp) }))
    .filter((entry) => Number.isFinite(entry.at))
    .sort((a, b) => a.at - b.at);
  const amounts = (deal.propertiesWithHistory?.amount ?? [])
    .map((entry) => ({ amount: Number(entry.value), at: at(entry.timestamp) }))
    .filter((entry) => Number.isFinite(entry.amount) && Number.isFinite(entry.at))
    .sort((a, b) => a.at - b.at);
  return stages.map(({ stage, at: occurredAt }) => ({
    stage,
    amount: Math.max(0, amounts.filter((entry) => entry.at <= occurredAt).at(-1)?.amount ?? 0),
    occurredAt,
  }));
}

function amountOf(value: number | null): number | null {
  return value === null ? null : Math.max(0, value);
}
