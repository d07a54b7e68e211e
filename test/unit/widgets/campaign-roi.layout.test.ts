import { describe, expect, it } from 'vitest';
import {
  layoutCampaignRoi,
  type RoiLayout,
  roiSign,
} from '../../../widgets/campaign-roi/campaign-roi.layout.js';
import { type CampaignRoiRow, toAttributionModel } from '../../../widgets/campaign-roi/campaign-roi.query.js';

const row = (id: string, spend: number, revenue: number): CampaignRoiRow => ({
  campaign: { id, name: id.toUpperCase(), channel: 'email' },
  spend,
  leads: 10,
  mqls: 2,
  opportunities: 1,
  pipeline: 0,
  attributedRevenue: revenue,
  attributedGrossProfit: revenue * 0.7,
  roi: spend ? (revenue - spend) / spend : null,
  grossProfitRoi: null,
  costPerLead: spend / 10,
  cac: null,
});

const campaigns = [
  row('show', 45000, 20000),
  row('webinar', 12000, 54000),
  row('ads', 15000, 0),
  row('news', 0, 8000),
];

/** The layout as SVG-ish text: geometry diffs read like a picture. */
function toSvg(layout: RoiLayout): string {
  const bar = (
    kind: string,
    b: { x: number; y: number; width: number; height: number; value: { x: number } },
  ) =>
    `<rect class="${kind}" x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}"/> value@${b.value.x}`;
  const lines = layout.campaigns.flatMap((s) => [
    `<text x="${s.name.x}" y="${s.name.y}" max="${s.name.maxChars}">${s.row.campaign.name}</text> <text class="roi ${s.sign}" x="${s.roi.x}"/>`,
    bar('spend', s.spend),
    bar('revenue', s.revenue),
  ]);
  const u = layout.unattributed;
  if (u) lines.push(`<text y="${u.name.y}">Unattributed</text>`, bar('unattributed', u.bar));
  return [`<svg ${layout.width}x${layout.height}>`, ...lines.map((l) => `  ${l}`), '</svg>'].join('\n');
}

describe('layoutCampaignRoi', () => {
  it('pairs spend and revenue bars on one scale, highest revenue first, unattributed last', () => {
    expect(toSvg(layoutCampaignRoi(campaigns, 9500, 600))).toMatchInlineSnapshot(`
      "<svg 600x258>
        <text x="0" y="13" max="72">WEBINAR</text> <text class="roi gain" x="600"/>
        <rect class="spend" x="0" y="20" width="115.6" height="10"/> value@119.6
        <rect class="revenue" x="0" y="32" width="520" height="10"/> value@524
        <text x="0" y="69" max="72">SHOW</text> <text class="roi loss" x="600"/>
        <rect class="spend" x="0" y="76" width="433.3" height="10"/> value@437.3
        <rect class="revenue" x="0" y="88" width="192.6" height="10"/> value@196.6
        <text x="0" y="125" max="72">NEWS</text> <text class="roi neutral" x="600"/>
        <rect class="spend" x="0" y="132" width="0" height="10"/> value@4
        <rect class="revenue" x="0" y="144" width="77" height="10"/> value@81
        <text x="0" y="181" max="72">ADS</text> <text class="roi loss" x="600"/>
        <rect class="spend" x="0" y="188" width="144.4" height="10"/> value@148.4
        <rect class="revenue" x="0" y="200" width="0" height="10"/> value@4
        <text y="237">Unattributed</text>
        <rect class="unattributed" x="0" y="244" width="91.5" height="10"/> value@95.5
      </svg>"
    `);
  });

  it('keeps bars and their values inside 280 px, with a 2 px sliver for tiny amounts', () => {
    const layout = layoutCampaignRoi([...campaigns, row('tiny', 1, 2)], 0, 280);
    for (const s of layout.campaigns) {
      for (const b of [s.spend, s.revenue]) expect(b.value.x + 76).toBeLessThanOrEqual(280);
      expect(s.roi.x).toBe(280);
    }
    const tiny = layout.campaigns.find((s) => s.row.campaign.id === 'tiny')!;
    expect([tiny.spend.width, tiny.revenue.width]).toEqual([2, 2]);
    expect(layout.unattributed).toBeNull();
    expect(layout.campaigns[0].name.maxChars).toBe(26);
  });

  it('sorts ties by spend, then name, and handles nothing at all', () => {
    const tied = layoutCampaignRoi([row('b', 5, 10), row('a', 5, 10), row('c', 9, 10)], 0, 600);
    expect(tied.campaigns.map((s) => s.row.campaign.id)).toEqual(['c', 'a', 'b']);
    expect(layoutCampaignRoi([], 0, 600)).toEqual({
      width: 600,
      height: 0,
      campaigns: [],
      unattributed: null,
    });
    const onlyUnattributed = layoutCampaignRoi([], 100, 600);
    expect(onlyUnattributed.unattributed!.bar.width).toBe(520);
  });
});

describe('roiSign and toAttributionModel', () => {
  it('names the sign of an ROI with known values only', () => {
    expect([1.5, 0.001, 0, -0.2, null, Number.NaN].map(roiSign)).toEqual([
      'gain',
      'gain',
      'neutral',
      'loss',
      'neutral',
      'neutral',
    ]);
  });

  it('normalizes attribute text to a model the gateway knows', () => {
    expect(
      ['linear', 'u-shaped', 'Full path', ' TIME_DECAY ', 'magic', '', null].map(toAttributionModel),
    ).toEqual(['LINEAR', 'U_SHAPED', 'FULL_PATH', 'TIME_DECAY', 'W_SHAPED', 'W_SHAPED', 'W_SHAPED']);
  });
});
