import { byRevenue } from './campaign-roi.layout.js';
import type { CampaignRoiRow } from './campaign-roi.query.js';

/**
 * Pure: the campaigns → the rows drawn, by `group-by` (CAMPAIGN or CHANNEL), `sort` and `top`. A
 * channel's row and the "Other" row add their campaigns up and divide the sums, as the gateway does
 * for a channel (metrics ROI and COST_PER_LEAD by CHANNEL: Σ ÷ Σ); their CAC is not known (it needs
 * the new customers, which campaignRoi does not list per campaign). "Other" stays last.
 */

export const ROI_GROUPS = ['CAMPAIGN', 'CHANNEL'];
/** The `sort` attribute's values (any case): what the rows are ordered by, largest first. */
export const ROI_SORTS = ['REVENUE', 'SPEND', 'ROI'];

const ratio = (numerator: number, denominator: number) => (denominator ? numerator / denominator : null);
const SUMMED = [
  'spend',
  'leads',
  'mqls',
  'opportunities',
  'pipeline',
  'attributedRevenue',
  'attributedGrossProfit',
] as const;

/** Campaigns added up into one row named `name`; its id is '' (no campaign to select). */
export function sumRows(name: string, channel: string, rows: CampaignRoiRow[]): CampaignRoiRow {
  const sum = Object.fromEntries(
    SUMMED.map((key) => [key, rows.reduce((total, row) => total + row[key], 0)]),
  ) as Record<(typeof SUMMED)[number], number>;
  return {
    campaign: { id: '', name, channel },
    ...sum,
    roi: ratio(sum.attributedRevenue - sum.spend, sum.spend),
    grossProfitRoi: ratio(sum.attributedGrossProfit - sum.spend, sum.spend),
    costPerLead: ratio(sum.spend, sum.leads),
    cac: null,
  };
}

export function roiRows(
  campaigns: readonly CampaignRoiRow[],
  options: { groupBy: string; sort: string; top?: number },
): CampaignRoiRow[] {
  let rows = [...campaigns];
  if (options.groupBy === 'CHANNEL') {
    const channels = new Map<string, CampaignRoiRow[]>();
    for (const row of rows)
      channels.set(row.campaign.channel, [...(channels.get(row.campaign.channel) ?? []), row]);
    rows = [...channels].map(([channel, own]) => {
      // Named as people call the channel (Campaign.channelLabel), in the chart and the table.
      const label = own[0]!.campaign.channelLabel ?? channel;
      const sum = sumRows(label, channel, own);
      return { ...sum, campaign: { ...sum.campaign, channelLabel: label } };
    });
  }
  // Largest first by the sort key (an ROI without spend last), then as the chart always was.
  const key = options.sort === 'SPEND' ? 'spend' : options.sort === 'ROI' ? 'roi' : null;
  rows.sort((a, b) => (key ? (b[key] ?? -Infinity) - (a[key] ?? -Infinity) : 0) || byRevenue(a, b));
  const top = options.top;
  // Folding a single row would only rename it: it keeps its own.
  if (!top || rows.length <= top + 1) return rows;
  const rest = rows.slice(top);
  return [...rows.slice(0, top), sumRows(`Other (${rest.length})`, '', rest)];
}
