/**
 * SPEND, COST_PER_LEAD, ATTRIBUTED_REVENUE and ROI by campaign or channel: campaign ROI itself
 * (campaigns/index.ts readCampaignRoi, rollups when the filter allows), once per period and per
 * attribution model asked, its campaigns summed by the asked dimensions. Ratios are of the sums,
 * as campaignRoi's totals are.
 */
import type { AttributionModel } from '../../domain/attribution.js';
import { readCampaignRoi } from '../campaigns/index.js';
import type { CampaignRoi } from '../campaigns/roi.js';
import type { MetricQuery, MetricRequest } from '../choose.js';
import { rangeOf } from '../filter.js';
import type { Dimension } from './catalog.js';
import { type Calendar, periodDays, type TimeGrain } from './periods.js';
import type { StackedRow } from './stack.js';

/** What the campaign measures add up per group; their ratios are taken of these sums. */
const sums = ['spend', 'leads', 'attributedRevenue'] as const;

export async function campaignBreakdown(
  request: MetricRequest,
  query: MetricQuery,
  models: AttributionModel[],
  split: { dimensions: Dimension[]; grain: TimeGrain | null; starts: number[]; calendar: Calendar },
): Promise<StackedRow[]> {
  const periods = split.grain ? split.starts : [null];
  const groups = new Map<string, StackedRow>();
  const add = (period: number | null, keys: string[], isTotal: boolean, model: string, roi: CampaignRoi) => {
    const id = JSON.stringify([isTotal, period, keys]);
    let row = groups.get(id);
    if (!row) {
      row = { period, keys, isTotal, figures: {} };
      groups.set(id, row);
    }
    for (const name of sums) {
      const alias = `${model}_${name}`;
      row.figures[alias] = (row.figures[alias] ?? 0) + roi[name];
    }
  };
  for (const period of periods) {
    const filter =
      period === null
        ? query.filter
        : narrowed(query.filter, periodDays(split.grain!, period, split.calendar));
    const periodQuery = { ...query, filter, range: rangeOf(filter, query.timeZone) };
    for (const model of models) {
      const report = await readCampaignRoi(request, periodQuery, model);
      for (const roi of report.campaigns) {
        const keys = split.dimensions.map((d) => (d === 'CHANNEL' ? roi.campaign.channel : roi.campaign.id));
        add(period, keys, false, model, roi);
        // The totals are of the whole range: summed over every period's campaigns.
        add(
          null,
          split.dimensions.map(() => ''),
          true,
          model,
          roi,
        );
      }
    }
  }
  return [...groups.values()];
}

/** The filter narrowed to one period's days (within the range it already had). */
function narrowed<F extends { from?: string | null; to?: string | null }>(
  filter: F,
  days: { from: string; to: string },
): F {
  const from = filter.from && filter.from > days.from ? filter.from : days.from;
  const to = filter.to && filter.to < days.to ? filter.to : days.to;
  return { ...filter, from, to };
}
