import { describe, expect, it } from 'vitest';
import {
  type Density,
  dealTotals,
  groupByDay,
  layoutCustomer,
  layoutDensity,
  localDay,
  orderPeople,
  slaBadge,
} from '../../../widgets/customer-360/customer-360.layout.js';
import {
  type Customer,
  type CustomerDeal,
  type CustomerPerson,
  customerLookup,
  type PersonSla,
  type TimelineEntry,
} from '../../../widgets/customer-360/customer-360.query.js';

const utcDay = (iso: string) => iso.slice(0, 10);

const entry = (id: string, kind: TimelineEntry['kind'], occurredAt: string): TimelineEntry => ({
  id,
  kind,
  occurredAt,
  title: id,
  detail: null,
  channel: null,
  personName: null,
  actorName: null,
  campaign: null,
});

const person = (id: string): CustomerPerson => ({
  id,
  name: id,
  email: null,
  title: null,
  stage: { key: 'mql', label: 'MQL', ownerTeam: 'marketing' },
  stageEnteredAt: '2026-03-01T00:00:00.000Z',
  engagementScore: 57.4,
  engagementBand: 2,
  fitGrade: 'A',
  qualification: {
    icpFit: true,
    hasBudget: true,
    hasTimeframe: false,
    willingToEngage: true,
    isProspect: false,
  },
  owner: null,
  sla: null,
});

const deal = (amount: number | null, isClosed: boolean, isWon: boolean): CustomerDeal => ({
  id: `opp_${amount}`,
  name: 'Deal',
  amount,
  stage: 'x',
  isClosed,
  isWon,
  closedAt: null,
});

/** Newest first, as the gateway sends them: three days, touches and activities mixed. */
const entries = [
  entry('e1', 'ACTIVITY', '2026-03-05T15:00:00.000Z'),
  entry('e2', 'TOUCH', '2026-03-05T09:30:00.000Z'),
  entry('e3', 'STAGE_CHANGE', '2026-03-03T12:00:00.000Z'),
  entry('e4', 'TOUCH', '2026-03-03T08:00:00.000Z'),
  entry('e5', 'TOUCH', '2026-03-03T07:00:00.000Z'),
  entry('e6', 'DEAL', '2026-03-01T10:00:00.000Z'),
];

function toSvg(d: Density): string {
  return [
    `<svg ${d.width}x${d.height} baseline=${d.plotHeight}>`,
    ...d.bars.map(
      (b) => `  <rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" count="${b.count}"/>`,
    ),
    `  <text>${d.from}</text><text>${d.to}</text>`,
    '</svg>',
  ].join('\n');
}

describe('customerLookup', () => {
  it('sends Tandem ids as id, anything else in record-id as sourceId, else the email', () => {
    expect(customerLookup('per_01H', null)).toEqual({ id: 'per_01H' });
    expect(customerLookup(' acc_9 ', 'x@y.z')).toEqual({ id: 'acc_9' });
    expect(customerLookup('00Q5e000001AbCd', null)).toEqual({ sourceId: '00Q5e000001AbCd' });
    expect(customerLookup('person_1', null)).toEqual({ sourceId: 'person_1' });
    expect(customerLookup('  ', ' Jane@Acme.com ')).toEqual({ email: 'Jane@Acme.com' });
    expect(customerLookup(undefined, undefined)).toEqual({});
  });
});

describe('slaBadge', () => {
  const sla = (status: PersonSla['status'], responseHours: number | null): PersonSla => ({
    status,
    handedOffAt: '2026-03-02T08:00:00.000Z',
    deadlineAt: '2026-03-02T12:00:00.000Z',
    firstTouchAt: responseHours === null ? null : '2026-03-02T10:30:00.000Z',
    responseHours,
  });

  it('words every status, with the deadline while untouched and the response time once touched', () => {
    expect(slaBadge(sla('WITHIN_TARGET', 2.46))).toEqual({
      status: 'WITHIN_TARGET',
      label: 'Within target',
      icon: '✓',
      tone: 'good',
      clock: { kind: 'response', hours: 2.5 },
    });
    expect(slaBadge(sla('LATE', 9))).toMatchObject({ label: 'Late', tone: 'warn', clock: { hours: 9 } });
    expect(slaBadge(sla('OPEN', null))).toMatchObject({
      label: 'Open',
      tone: 'neutral',
      clock: { kind: 'due', at: '2026-03-02T12:00:00.000Z' },
    });
    expect(slaBadge(sla('BREACHED', null))).toMatchObject({
      label: 'Breached',
      tone: 'bad',
      clock: { kind: 'overdue', at: '2026-03-02T12:00:00.000Z' },
    });
    expect(slaBadge(sla('SENT_BACK', null))).toMatchObject({ label: 'Sent back', clock: null });
  });

  it('says "Not handed off" without an SLA, and never passes an unknown status through', () => {
    expect(slaBadge(null)).toMatchObject({ status: 'NONE', label: 'Not handed off', clock: null });
    const odd = slaBadge(sla('<img src=x>' as PersonSla['status'], 1));
    expect(odd).toMatchObject({ status: 'NONE', label: 'Unknown', tone: 'neutral' });
  });
});

describe('deals and people', () => {
  it('totals open, won and lost deals', () => {
    expect(
      dealTotals([
        deal(100, false, false),
        deal(50.5, false, false),
        deal(70, true, true),
        deal(9, true, false),
        // An open deal the CRM has no amount for: counted, its unknown amount not taken as a number.
        deal(null, false, false),
      ]),
    ).toEqual({
      open: { count: 3, amount: 150.5 },
      won: { count: 1, amount: 70 },
      lost: { count: 1, amount: 9 },
    });
  });

  it('puts the focus person first and keeps the rest in order', () => {
    const people = ['a', 'b', 'c'].map(person);
    expect(orderPeople(people, 'c').map((p) => p.id)).toEqual(['c', 'a', 'b']);
    expect(orderPeople(people, null).map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('groupByDay', () => {
  it('groups adjacent entries by day with each group’s first index', () => {
    expect(
      groupByDay(entries, utcDay).map((g) => ({
        day: g.day,
        start: g.start,
        ids: g.entries.map((e) => e.id),
      })),
    ).toEqual([
      { day: '2026-03-05', start: 0, ids: ['e1', 'e2'] },
      { day: '2026-03-03', start: 2, ids: ['e3', 'e4', 'e5'] },
      { day: '2026-03-01', start: 5, ids: ['e6'] },
    ]);
  });

  it('reads days in the local time zone and keeps unreadable dates together', () => {
    const noon = new Date(2026, 2, 3, 12).toISOString();
    expect(localDay(noon)).toBe('2026-03-03');
    expect(groupByDay([entry('x', 'TOUCH', 'soon'), entry('y', 'TOUCH', '')]).map((g) => g.day)).toEqual([
      '',
    ]);
  });
});

describe('layoutDensity', () => {
  it('counts entries in day-long periods, oldest left, bar height ∝ count', () => {
    expect(toSvg(layoutDensity(entries, 300))).toMatchInlineSnapshot(`
      "<svg 300x48 baseline=32>
        <rect x="22" y="22" width="16" height="10" count="1"/>
        <rect x="142" y="2" width="16" height="30" count="3"/>
        <rect x="262" y="12" width="16" height="20" count="2"/>
        <text>2026-03-01T10:00:00.000Z</text><text>2026-03-05T15:00:00.000Z</text>
      </svg>"
    `);
  });

  it('caps the periods at one per 8 px and keeps every bar inside the width', () => {
    const year = Array.from({ length: 365 }, (_, i) =>
      entry(`t${i}`, 'TOUCH', new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString()),
    );
    const d = layoutDensity(year, 280);
    expect(d.bars).toHaveLength(35);
    for (const r of d.bars) {
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.x + r.width).toBeLessThanOrEqual(280);
      expect(r.y).toBeGreaterThanOrEqual(0);
    }
  });

  it('draws nothing for no entries and one bar for a single instant', () => {
    expect(layoutDensity([], 280)).toMatchObject({ bars: [], from: null, to: null });
    const one = layoutDensity([entry('a', 'TOUCH', '2026-01-01T00:00:00.000Z')], 280);
    expect(one.bars).toEqual([{ x: 132, y: 2, width: 16, height: 30, count: 1 }]);
  });
});

describe('layoutCustomer', () => {
  const customer: Customer = {
    id: 'acc_1',
    account: null,
    focus: { id: 'b' },
    people: ['a', 'b'].map(person),
    opportunities: [deal(10, false, false)],
    timeline: {
      edges: entries.map((node) => ({ cursor: node.id, node })),
      pageInfo: { hasNextPage: false, endCursor: 'e6' },
    },
  };

  it('stacks below 880 px and puts the timeline beside people and deals from 880 px', () => {
    const narrow = layoutCustomer(customer, 280, utcDay);
    expect(narrow).toMatchObject({ wide: false, focusId: 'b', density: { width: 280 } });
    expect(narrow.people.map((p) => p.id)).toEqual(['b', 'a']);
    expect(narrow.days).toHaveLength(3);
    expect(layoutCustomer(customer, 1600, utcDay)).toMatchObject({ wide: true, density: { width: 784 } });
  });
});
