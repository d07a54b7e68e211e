/**
 * The small reference records: users and their teams, campaigns and their costs by month.
 * Ids are derived from names and source ids, so these are plain upserts.
 */
import type { IngestBatch } from './batch.js';
import { derivedId, slug } from './ids.js';
import { normaliseEmail } from './normalise.js';
import type { CampaignCostRecord, CampaignRecord, UserRecord } from './records.js';

export function applyUser(batch: IngestBatch, record: UserRecord): void {
  const teamId = slug(record.team);
  const email = normaliseEmail(record.email)!;
  const id = derivedId('usr', email);
  batch.teams.set(teamId, {
    tenant_id: batch.tenantId,
    id: teamId,
    name: record.team,
    function: record.teamFunction,
  });
  batch.users.set(id, { tenant_id: batch.tenantId, id, team_id: teamId, name: record.name, email });
  batch.caches.userByEmail.set(email, id);
}

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
