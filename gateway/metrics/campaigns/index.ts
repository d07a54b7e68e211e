/**
 * Campaign ROI (docs/domain.md "Attribution" and "Campaign ROI"): what each campaign cost and
 * produced (funnel.ts, entries.ts) and the revenue credited to it under an attribution model
 * (attribution.ts), put together by roi.ts. Their rollups are the campaign family (rollup.ts) and
 * the milestone family's campaign entries (../sla/milestones-rollup.ts); this chooses between the
 * rollups and the raw queries (../choose.ts).
 */
import type { AttributionModel } from '../../domain/attribution.js';
import { type MetricQuery, type MetricRequest, rollupsFor } from '../choose.js';
import { dayRangeOf } from '../filter.js';
import { type CampaignRoiReport, campaignRoi } from './roi.js';
import { campaignRollups } from './rollup-reader.js';

export async function readCampaignRoi(
  request: MetricRequest,
  query: MetricQuery,
  model: AttributionModel,
): Promise<CampaignRoiReport> {
  const { filter, range, definitions } = query;
  const rollups = await rollupsFor(request, filter);
  return campaignRoi(request.store, {
    filter,
    range,
    stages: definitions.stages,
    model,
    rollups: rollups ? campaignRollups(request.store, dayRangeOf(filter)) : undefined,
  });
}
