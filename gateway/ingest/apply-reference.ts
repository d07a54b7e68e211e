/**
 * The small reference records: campaigns and their costs by month (users and teams are in
 * apply-user.ts). Ids are derived from names and source ids, so these are plain upserts.
 */
import type { IngestBatch } from './batch.js';
import { derivedId } from './ids.js';
import type { CampaignCostRecord, CampaignRecord } from './records.js';

export function applyCampaign(batch: IngestBatch, record: CampaignRecord): void {
  const id = derivedId('cmp', record.system, record.sourceId);
  batch.campaigns.set(id, {
    tenant_id: batch.tenantId,
    id,
    name: record.name,
    channel: record.channel,
    parent_id: record.parent ? derivedId('cmp', record.parent.system, record.parent.sourceId) : null,
    starts_on: record.startsOn ?? null,
    ends_on: record.endsOn ?? null,
    source_system: record.system,
    source_id: record.sourceId,
  });
}

export function applyCampaignCost(batch: IngestBatch, record: CampaignCostRecord): void {
  const campaignId = derivedId('cmp', record.campaign.system, record.campaign.sourceId);
  batch.campaignCosts.set(`${campaignId}\u0000${record.period}`, {
    tenant_id: batch.tenantId,
    campaign_id: campaignId,
    period: record.period,
    amount: record.amount,
  });
}
