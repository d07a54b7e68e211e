import { beforeAll, describe, expect, it } from 'vitest';
import { type SourceRecordInput, touchTypes } from '../../../gateway/ingest/records.js';
import { generate, now, ofKind } from './sample.js';

const channels = [
  'email',
  'paid_search',
  'paid_social',
  'organic_search',
  'webinar',
  'event',
  'content',
  'referral',
  'direct',
];

describe('demo marketing: touches, campaigns and spend', () => {
  let records: SourceRecordInput[];
  beforeAll(() => {
    records = generate({ people: 3_000, touches: 30_000, seed: 21 });
  });

  // ±0.5 %: the touches a story leaves out (an unplanned MQL threshold crossing, threshold.ts)
  // go back to the budget, so the run still lands on its target.
  it('writes the requested number of touches (±0.5 %), also for big runs', () => {
    expect(Math.abs(ofKind(records, 'touch').length - 30_000)).toBeLessThanOrEqual(150);
    const other = generate({ people: 800, touches: 20_000, seed: 4 });
    expect(Math.abs(ofKind(other, 'touch').length - 20_000)).toBeLessThanOrEqual(100);
  });

  it('spreads touches unevenly: many people with a few, some with hundreds', () => {
    const perPerson = new Map<string, number>();
    for (const touch of ofKind(records, 'touch')) {
      const key = JSON.stringify(touch.person);
      perPerson.set(key, (perPerson.get(key) ?? 0) + 1);
    }
    const counts = [...perPerson.values()].sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)];
    expect(median).toBeLessThan(10);
    expect(counts[counts.length - 1]).toBeGreaterThan(100);
  });

  it('uses every touch type and channel, most touches carrying a campaign', () => {
    const touches = ofKind(records, 'touch');
    expect(new Set(touches.map((touch) => touch.type))).toEqual(new Set(touchTypes));
    expect(new Set(touches.map((touch) => touch.channel))).toEqual(new Set(channels));
    const withCampaign = touches.filter((touch) => touch.campaign).length / touches.length;
    expect(withCampaign).toBeGreaterThan(0.6);
    const pageViews = touches.filter((touch) => touch.type === 'page_view');
    expect(pageViews.filter((touch) => !touch.campaign).length / pageViews.length).toBeGreaterThan(0.3);
  });

  it('gives page views their URLs: pricing pages, careers pages', () => {
    const touches = ofKind(records, 'touch');
    for (const touch of touches) {
      if (touch.type === 'pricing_page_view') expect(touch.url).toMatch(/\/pricing/);
      if (touch.type === 'careers_page_view') expect(touch.url).toMatch(/\/careers/);
      if (touch.type === 'page_view') expect(touch.url).toMatch(/^https:\/\//);
    }
  });

  it('makes a lead right after a form submit or content download', () => {
    const lastTouchType = new Map<string, string>();
    const maleadOfEmail = new Map<string, string>();
    let checked = 0;
    for (const record of records) {
      if (record.kind === 'person' && record.objectType === 'ma_lead')
        maleadOfEmail.set(String(record.email), record.sourceId);
      if (record.kind === 'touch') {
        const key =
          'email' in record.person ? maleadOfEmail.get(record.person.email) : record.person.sourceId;
        lastTouchType.set(String(key), record.type);
      }
      if (
        record.kind === 'stageChange' &&
        record.to === 'lead' &&
        record.byTeam === 'marketing' &&
        'sourceId' in record.person
      ) {
        expect(['form_submit', 'content_download']).toContain(lastTouchType.get(record.person.sourceId));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });

  it('plans 25–60 campaigns, programs with children, over the whole history', () => {
    const campaigns = ofKind(records, 'campaign');
    expect(campaigns.length).toBeGreaterThanOrEqual(25);
    expect(campaigns.length).toBeLessThanOrEqual(60);
    expect(campaigns.filter((campaign) => campaign.parent).length).toBeGreaterThan(10);
    expect(new Set(campaigns.map((campaign) => campaign.channel))).toEqual(new Set(channels));
    expect(campaigns.every((campaign) => String(campaign.startsOn) <= now.toISOString().slice(0, 10))).toBe(
      true,
    );
  });

  it('costs paid channels far more than organic ones, month by month', () => {
    const channelOf = new Map(
      ofKind(records, 'campaign').map((campaign) => [campaign.sourceId, campaign.channel]),
    );
    const spend = new Map<string, number>();
    const periods = new Set<string>();
    for (const cost of ofKind(records, 'campaignCost')) {
      const channel = String(channelOf.get(cost.campaign.sourceId));
      spend.set(channel, (spend.get(channel) ?? 0) + cost.amount);
      periods.add(cost.period);
    }
    expect(periods.size).toBeGreaterThanOrEqual(36);
    expect(spend.get('paid_search') ?? 0).toBeGreaterThan(10 * (spend.get('organic_search') ?? 0));
    expect(spend.get('paid_social') ?? 0).toBeGreaterThan(5 * (spend.get('referral') ?? 0));
    expect(spend.get('direct') ?? 0).toBe(0);
  });

  it('grows touch volume towards the end of history', () => {
    const year = 365.25 * 86_400_000;
    const touches = ofKind(records, 'touch').map((touch) => Date.parse(String(touch.occurredAt)));
    const lastYear = touches.filter((at) => at >= now.getTime() - year).length;
    const firstYear = touches.filter((at) => at < now.getTime() - 2 * year).length;
    expect(lastYear).toBeGreaterThan(1.3 * firstYear);
  });
});
