import { describe, expect, it } from 'vitest';
import type { CampaignRoiRow } from '../../../widgets/campaign-roi/campaign-roi.query.js';
import { roiRows, sumRows } from '../../../widgets/campaign-roi/campaign-roi.rows.js';

const row = (
  id: string,
  channel: string,
  spend: number,
  attributedRevenue: number,
  leads = 10,
): CampaignRoiRow => ({
  campaign: { id, name: id.toUpperCase(), channel },
  spend,
  leads,
  mqls: 4,
  opportunities: 2,
  pipeline: 1000,
  attributedRevenue,
  attributedGrossProfit: attributedRevenue / 2,
  roi: spend ? (attributedRevenue - spend) / spend : null,
  grossProfitRoi: spend ? (attributedRevenue / 2 - spend) / spend : null,
  costPerLead: leads ? spend / leads : null,
  cac: 50,
});

const campaigns = [
  row('c1', 'email', 100, 500),
  row('c2', 'email', 300, 100),
  row('c3', 'paid_search', 1000, 1500),
  row('c4', 'webinar', 0, 200, 0),
  row('c5', 'paid_search', 50, 0),
];

describe('campaign ROI rows (group-by, sort, top)', () => {
  it('keeps the campaigns, highest attributed revenue first, by default', () => {
    expect(roiRows(campaigns, { groupBy: '', sort: '' }).map((r) => r.campaign.id)).toEqual([
      'c3',
      'c1',
      'c4',
      'c2',
      'c5',
    ]);
  });

  it('sorts by spend or by ROI, an ROI without spend last', () => {
    expect(roiRows(campaigns, { groupBy: '', sort: 'SPEND' }).map((r) => r.campaign.id)).toEqual([
      'c3',
      'c2',
      'c1',
      'c5',
      'c4',
    ]);
    expect(roiRows(campaigns, { groupBy: '', sort: 'ROI' }).map((r) => r.campaign.id)).toEqual([
      'c1',
      'c3',
      'c2',
      'c5',
      'c4',
    ]);
  });

  it('adds a channel’s campaigns up, dividing the sums (as the metrics query by CHANNEL)', () => {
    const channels = roiRows(campaigns, { groupBy: 'CHANNEL', sort: '' });
    expect(channels.map((r) => [r.campaign.name, r.spend, r.attributedRevenue, r.roi])).toEqual([
      ['paid_search', 1050, 1500, 450 / 1050],
      ['email', 400, 600, 0.5],
      ['webinar', 0, 200, null],
    ]);
    expect(channels[1]).toMatchObject({
      leads: 20,
      mqls: 8,
      costPerLead: 20,
      cac: null,
      campaign: { id: '' },
    });
  });

  it('keeps the top N and adds the rest up as "Other (n)", last whatever the sort; never folds one row', () => {
    const top = roiRows(campaigns, { groupBy: '', sort: 'SPEND', top: 2 });
    expect(top.map((r) => r.campaign.name)).toEqual(['C3', 'C2', 'Other (3)']);
    expect(top[2]).toEqual(sumRows('Other (3)', '', [campaigns[0]!, campaigns[4]!, campaigns[3]!]));
    expect(top[2]!.roi).toBe((700 - 150) / 150);
    expect(roiRows(campaigns, { groupBy: '', sort: '', top: 4 })).toHaveLength(5);
  });
});
