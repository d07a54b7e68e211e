import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../../gateway/ingest/records.js';
import { generate, now, ofKind, type RecordOf } from './sample.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('demo deals and accounts', () => {
  let records: SourceRecordInput[];
  let deals: RecordOf<'opportunity'>[];
  beforeAll(() => {
    records = generate({ people: 6_000, touches: 30_000, seed: 31 });
    deals = ofKind(records, 'opportunity');
  });

  it('opens a deal for people who reach the opportunity stage, on their contact and account', () => {
    const opportunityChanges = ofKind(records, 'stageChange').filter((change) => change.to === 'opportunity');
    expect(deals.length).toBe(opportunityChanges.length);
    const contacts = new Set(
      ofKind(records, 'person')
        .filter((person) => person.objectType === 'contact')
        .map((person) => person.sourceId),
    );
    for (const deal of deals) {
      expect(deal.primaryPerson).toMatchObject({ system: 'salesforce', objectType: 'contact' });
      expect(contacts.has(String((deal.primaryPerson as { sourceId: string }).sourceId))).toBe(true);
      expect(deal.account).toMatchObject({ system: 'salesforce' });
    }
    expect(deals.filter((deal) => deal.campaign).length / deals.length).toBeGreaterThan(0.6);
  });

  it('sizes deals log-normally around 25k, enterprise above SMB, gross profit 70–85 %', () => {
    expect(median(deals.map((deal) => deal.amount!))).toBeGreaterThan(15_000);
    expect(median(deals.map((deal) => deal.amount!))).toBeLessThan(40_000);
    const segmentOf = new Map(
      ofKind(records, 'account').map((account) => [account.sourceId, account.segment]),
    );
    const amountsIn = (segment: string) =>
      deals
        .filter((deal) => segmentOf.get((deal.account as { sourceId: string }).sourceId) === segment)
        .map((deal) => deal.amount!);
    expect(median(amountsIn('Enterprise'))).toBeGreaterThan(2 * median(amountsIn('SMB')));
    for (const deal of deals) {
      const margin = Number(deal.grossProfit) / deal.amount!;
      expect(margin).toBeGreaterThanOrEqual(0.69);
      expect(margin).toBeLessThanOrEqual(0.86);
    }
  });

  it('closes deals won or lost (with a reason) through a stage history, and leaves recent ones open', () => {
    const reasons = new Set(['price', 'competitor', 'no_decision', 'timing', 'product_fit']);
    for (const deal of deals) {
      const history = deal.history ?? [];
      expect(history[0]?.stage).toBe('Discovery');
      expect(history.at(-1)?.stage).toBe(deal.stage);
      const times = history.map((entry) => Date.parse(String(entry.occurredAt)));
      expect(times.every((at, index) => index === 0 || at >= times[index - 1])).toBe(true);
      if (deal.isClosed) {
        expect(deal.stage).toBe(deal.isWon ? 'Closed Won' : 'Closed Lost');
        expect(deal.probability).toBe(deal.isWon ? 1 : 0);
        if (!deal.isWon) expect(reasons.has(String(deal.lossReason))).toBe(true);
      } else {
        expect([deal.closedAt, deal.isWon, deal.lossReason]).toEqual([null, false, null]);
        expect(deal.probability).toBeGreaterThan(0);
        expect(deal.probability).toBeLessThan(1);
      }
    }
    const open = deals.filter((deal) => !deal.isClosed);
    expect(open.length).toBeGreaterThan(0);
    const halfYear = 183 * 86_400_000;
    expect(open.every((deal) => Date.parse(String(deal.createdAt)) > now.getTime() - 3 * halfYear)).toBe(
      true,
    );
    const won = deals.filter((deal) => deal.isWon).length;
    const closed = deals.filter((deal) => deal.isClosed).length;
    expect(won / closed).toBeGreaterThan(0.25);
    expect(won / closed).toBeLessThan(0.45);
  });

  it('follows every won deal with the contact becoming a customer', () => {
    const customerAt = new Map<string, number>();
    for (const change of ofKind(records, 'stageChange')) {
      if (change.to === 'customer')
        customerAt.set(JSON.stringify(change.person), Date.parse(String(change.occurredAt)));
    }
    const won = deals.filter((deal) => deal.isWon);
    expect(won.length).toBe(customerAt.size);
    for (const deal of won) {
      expect(customerAt.get(JSON.stringify(deal.primaryPerson))).toBeGreaterThanOrEqual(
        Date.parse(String(deal.closedAt)),
      );
    }
  });

  it('describes accounts by domain, industry, log-normal headcount, region and segment, about one per five people', () => {
    const accounts = ofKind(records, 'account');
    expect(accounts.length).toBe(1_200);
    expect(new Set(accounts.map((account) => account.domain)).size).toBe(accounts.length);
    const regions = new Set(accounts.map((account) => account.region));
    expect(regions).toEqual(new Set(['North America', 'Europe', 'APAC', 'LATAM']));
    for (const account of accounts) {
      const employees = Number(account.employees);
      const segment = employees >= 2_000 ? 'Enterprise' : employees >= 200 ? 'Mid-market' : 'SMB';
      expect(account.segment).toBe(segment);
    }
    const share = (segment: string) =>
      accounts.filter((account) => account.segment === segment).length / accounts.length;
    expect(share('SMB')).toBeGreaterThan(share('Mid-market'));
    expect(share('Mid-market')).toBeGreaterThan(share('Enterprise'));
    expect(share('Enterprise')).toBeGreaterThan(0.02);
  });

  it('has sales work in weekday business hours, more of it around opportunities', () => {
    const activities = ofKind(records, 'activity');
    const local = (at: string) => {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        weekday: 'short',
        hour: 'numeric',
        hourCycle: 'h23',
      }).formatToParts(new Date(at));
      return {
        weekday: parts.find((part) => part.type === 'weekday')?.value,
        hour: Number(parts.find((part) => part.type === 'hour')?.value),
      };
    };
    const outside = activities.filter((activity) => {
      const { weekday, hour } = local(String(activity.occurredAt));
      return weekday === 'Sat' || weekday === 'Sun' || hour < 9 || hour >= 18;
    });
    expect(outside.length / activities.length).toBeLessThan(0.02);
    const meetings = activities.filter((activity) => activity.type === 'meeting').length;
    expect(meetings).toBeGreaterThan(deals.length);
  });
});
