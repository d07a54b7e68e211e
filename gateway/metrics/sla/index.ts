/**
 * The sales/marketing SLA (docs/domain.md "The SLA"): sales' follow-up on handoffs (sales.ts, one
 * breach rule in domain/sla-breach.ts, status.ts for SQL) and marketing's lead and MQL
 * commitment with handoff quality (marketing.ts). Their rollups are the handoff family
 * (handoffs-rollup.ts) and the milestone family (milestones-rollup.ts); this chooses between the
 * rollups and the raw queries (../choose.ts).
 */
import { type MetricQuery, type MetricRequest, rollupsFor } from '../choose.js';
import { dayRangeOf } from '../filter.js';
import { salesFollowUpFromRollups } from './handoffs-rollup.js';
import { type MarketingCommitmentResult, marketingCommitment } from './marketing.js';
import { marketingCommitmentFromRollups } from './milestones-rollup.js';
import { type SalesFollowUpResult, salesFollowUp } from './sales.js';

export async function readSalesFollowUp(
  request: MetricRequest,
  query: MetricQuery,
): Promise<SalesFollowUpResult> {
  const { filter, range, now } = query;
  if (await rollupsFor(request, filter))
    return salesFollowUpFromRollups(request.store, dayRangeOf(filter), range, now);
  return salesFollowUp(request.store, filter, range, now);
}

export async function readMarketingCommitment(
  request: MetricRequest,
  query: MetricQuery,
): Promise<MarketingCommitmentResult> {
  const { filter, range, definitions, timeZone, now } = query;
  const calendar = { timeZone, now };
  if (await rollupsFor(request, filter))
    return marketingCommitmentFromRollups(request.store, dayRangeOf(filter), range, calendar);
  return marketingCommitment(request.store, filter, range, definitions.stages, calendar);
}
