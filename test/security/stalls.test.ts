/**
 * Inputs that used to hold the event loop for seconds (issue 13): an activity dated 9999-12-31
 * after an open handoff (35 s of walking days), and an SLA target of 10,000,000 hours (12 s per
 * later handoff); and the facts about time zones the SLA clock's whole weeks rest on. Ingest now refuses dates after now + 1 year (gateway/domain/instants.ts), so the
 * longest span it can hand the SLA clock starts in 1970. Counted in days the clock walks one by
 * one, never in seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  type BusinessCalendar,
  businessHoursBetween,
  businessHoursWork,
  defaultBusinessCalendar,
} from '../../gateway/domain/business-hours.js';
import { offsetAt } from '../../gateway/domain/time-zone.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const lead = { system: 'marketo', objectType: 'ma_lead', sourceId: 'M-STALL' } as const;
const handedOffAt = Date.parse('1970-01-05T15:00:00Z');

function handoffIn1970ThenActivity(): SourceRecordInput[] {
  return [
    { kind: 'person', ...lead, email: 'stall@acme.com', createdAt: handedOffAt, updatedAt: handedOffAt },
    ...(['lead', 'mql'] as const).map((to, i) => ({
      kind: 'stageChange' as const,
      system: 'marketo',
      sourceId: `S-STALL-${to}`,
      person: lead,
      to,
      byTeam: 'marketing' as const,
      occurredAt: handedOffAt + i,
    })),
    {
      kind: 'activity',
      system: 'salesforce',
      sourceId: 'A-STALL',
      person: { email: 'stall@acme.com' },
      type: 'call',
      subject: 'Calling back after 56 years',
      occurredAt: Date.parse('2026-03-02T15:00:00Z'),
    },
  ];
}

describe('a deadline past any SLA', () => {
  it('gives up after a million days having walked at most two weeks of them', () => {
    const before = businessHoursWork.daysWalked;
    expect(() =>
      addBusinessHours(new Date('2026-03-02T15:00:00Z'), 10_000_000, defaultBusinessCalendar),
    ).toThrow(/no SLA deadline within 1000000 days/);
    expect(businessHoursWork.daysWalked - before).toBeLessThanOrEqual(14);
  });
});

describe('the SLA clock over centuries', () => {
  it('walks at most two weeks of days for a span of eight thousand years', () => {
    const before = businessHoursWork.daysWalked;
    const hours = businessHoursBetween(
      new Date('2026-01-12T15:00:00Z'),
      new Date('9999-12-31T12:00:00Z'),
      defaultBusinessCalendar,
    );
    expect(businessHoursWork.daysWalked - before).toBeLessThanOrEqual(14);
    expect(hours).toBeGreaterThan(8 * 260 * 7973);
  });

  it('counts whole 400-year cycles as the weeks they hold, holidays included', () => {
    const calendar: BusinessCalendar = {
      ...defaultBusinessCalendar,
      timeZone: 'Europe/Berlin',
      holidays: ['3101-03-01', '3555-06-01'],
    };
    const year = (y: number) => new Date(Date.UTC(y, 0, 1, 12));
    // Pieces shorter than a cycle are summed week by week; the whole span jumps two cycles.
    const bounds = [2600, 2900, 3200, 3500, 3700];
    const pieces = bounds
      .slice(1)
      .map((end, i) => businessHoursBetween(year(bounds[i]), year(end), calendar));
    const whole = businessHoursBetween(year(2600), year(3700), calendar);
    expect(whole).toBeCloseTo(
      pieces.reduce((sum, hours) => sum + hours, 0),
      6,
    );
  });

  it('rests on two facts about every zone Node knows: one offset before 1800, a 400-year cycle after 2200', () => {
    const cycleMs = 146_097 * 86_400_000;
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const mean = offsetAt(Date.UTC(1800, 0, 1), zone);
      for (let year = 1000; year < 1800; year += 50)
        expect([zone, offsetAt(Date.UTC(year, 6, 1), zone)]).toEqual([zone, mean]);
      for (let t = Date.UTC(2300, 0, 1); t < Date.UTC(2301, 0, 1); t += 3 * 86_400_000) {
        expect([zone, offsetAt(t + cycleMs, zone)]).toEqual([zone, offsetAt(t, zone)]);
      }
    }
  });
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`SLA inputs that used to stall, on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
    });
    afterAll(() => gateway?.drop());

    it('answers a handoff of 1970 in 2026 walking a few days, not 20,000', async () => {
      const before = businessHoursWork.daysWalked;
      const result = await gateway.ingest('acme', handoffIn1970ThenActivity());
      expect(result.rejected).toEqual([]);
      // The handoff's deadline (4 h) and the response clock's two ends: a handful of days each.
      expect(businessHoursWork.daysWalked - before).toBeLessThanOrEqual(30);
      const handoff = await gateway
        .store('acme')
        .db.selectFrom('handoffs')
        .select(['response_hours'])
        .executeTakeFirstOrThrow();
      expect(handoff.response_hours).toBeGreaterThan(8 * 250 * 55);
    });

    it('refuses an SLA target of 10,000,000 hours, naming the value and the allowed range', async () => {
      const { errors } = await gateway.graphql(
        'mutation { updateSlaPolicy(input: { targetHours: 10000000 }) }',
      );
      expect(errors?.[0]?.extensions?.code).toBe('BAD_TARGET_HOURS');
      expect(errors?.[0]?.message).toBe(
        'targetHours must be more than 0 and at most 2000 business hours, got 10000000',
      );
    });

    it('accepts the longest target, 2,000 hours', async () => {
      const { data, errors } = await gateway.graphql<{ updateSlaPolicy: number }>(
        'mutation { updateSlaPolicy(input: { targetHours: 2000 }) }',
      );
      expect(errors).toBeUndefined();
      expect(data?.updateSlaPolicy).toBe(2);
    });
  });
}
