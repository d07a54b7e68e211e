/**
 * Days are calendar days in the tenant's time zone (docs/domain.md "Days"): funnel velocity
 * (median and mean) and the sales cycle count local dates, not 24-hour spans, read from raw rows
 * and from the rollups alike, on SQLite and PostgreSQL. Tenant "berlin" (Europe/Berlin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway, testKeys, testToken } from '../support/gateway.js';

/** Berlin local time: CET (+01:00) in winter, CEST (+02:00) from 2026-03-29 to 2026-10-25. */
const cet = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+01:00`);
const cest = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+02:00`);
const hour = 3_600_000;

/** Each person is created (entering subscriber) and becomes a lead once; named by the case. */
const journeys = [
  // 1 hour across local midnight: the next date, 1 day (rounding 24-hour spans said 0).
  { name: 'midnight', created: cet('2026-03-02 23:30'), lead: cet('2026-03-03 00:30'), days: 1 },
  // 14.65 × 24 hours from 10:00 ends at 01:36 on the 15th date after.
  {
    name: 'fifteen',
    created: cet('2026-03-10 10:00'),
    lead: cet('2026-03-10 10:00') + 14.65 * 24 * hour,
    days: 15,
  },
  // 14.4 × 24 hours from 20:00 ends at 05:36, 15 dates on (rounding said 14).
  {
    name: 'evening',
    created: cet('2026-03-12 20:00'),
    lead: cet('2026-03-12 20:00') + 14.4 * 24 * hour,
    days: 15,
  },
  // The DST week: Monday 00:30 CET to Monday 00:30 CEST is 167 hours and 7 days.
  { name: 'dstweek', created: cet('2026-03-23 00:30'), lead: cest('2026-03-30 00:30'), days: 7 },
  // Spring forward: 00:30 CET to 23:30 CEST the same date, 22 hours: 0 days (rounding said 1).
  { name: 'spring', created: cet('2026-03-29 00:30'), lead: cest('2026-03-29 23:30'), days: 0 },
  // Fall back: 00:10 CEST to 23:50 CET the same date, 24 h 40 min: 0 days (rounding said 1).
  { name: 'autumn', created: cest('2026-10-25 00:10'), lead: cet('2026-10-25 23:50'), days: 0 },
] as const;

function records(): SourceRecordInput[] {
  const out: SourceRecordInput[] = [];
  for (const j of journeys) {
    const email = `${j.name}@people.example`;
    out.push(
      {
        kind: 'person',
        system: 'hubspot',
        objectType: 'contact',
        sourceId: j.name,
        email,
        firstName: j.name,
        createdAt: j.created,
        updatedAt: j.created,
      },
      {
        kind: 'stageChange',
        system: 'hubspot',
        sourceId: `move-${j.name}`,
        person: { email },
        to: 'lead',
        byTeam: 'marketing',
        occurredAt: j.lead,
      },
    );
  }
  // Deals created and won at a journey's two instants: the sales cycle counts the same dates.
  for (const j of journeys) {
    out.push({
      kind: 'opportunity',
      system: 'salesforce',
      sourceId: `deal-${j.name}`,
      name: `Deal ${j.name}`,
      account: null,
      primaryPerson: { email: `${j.name}@people.example` },
      amount: 1000,
      grossProfit: null,
      stage: 'Closed Won',
      probability: 1,
      createdAt: j.created,
      closedAt: j.lead,
      isClosed: true,
      isWon: true,
    });
  }
  return out;
}

const funnelQuery = /* GraphQL */ `
  query ($filter: MetricsFilter) {
    funnel(filter: $filter) { entered stages { key medianDaysToNext meanDaysToNext } }
  }`;
const revenueQuery = /* GraphQL */ `
  query ($filter: MetricsFilter) { revenueMetrics(filter: $filter) { won salesCycleDays medianSalesCycleDays } }`;

const localDay = (ms: number) =>
  new Date(ms + (ms >= cest('2026-03-29 03:00') && ms < cet('2026-10-25 02:00') ? 2 : 1) * hour)
    .toISOString()
    .slice(0, 10);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`calendar days in the tenant's zone on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let raw: TandemYoga;

    /** Asks a yoga (rollups or raw rows) as a berlin admin; fails on a GraphQL error. */
    async function ask<T>(yoga: TandemYoga, query: string, filter: object): Promise<T> {
      const token = await testToken({ tenant: 'berlin', role: 'admin', name: 'analyst' });
      const response = await yoga.fetch('http://tandem.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-tandem-tenant': 'berlin',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query, variables: { filter } }),
      });
      const body = (await response.json()) as { data: T; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data;
    }

    /** The subscriber → lead velocity, from the rollups and from raw rows (which must agree). */
    async function velocity(filter: object) {
      type Data = {
        funnel: { stages: { key: string; medianDaysToNext: number | null; meanDaysToNext: number | null }[] };
      };
      const [fromRollups, fromRaw] = [
        await ask<Data>(gateway.yoga, funnelQuery, filter),
        await ask<Data>(raw, funnelQuery, filter),
      ];
      expect(fromRollups).toEqual(fromRaw);
      const { medianDaysToNext, meanDaysToNext } = fromRaw.funnel.stages[0]!;
      return { median: medianDaysToNext, mean: meanDaysToNext };
    }

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      await ensureTenant(gateway.database, {
        id: 'berlin',
        name: 'Berlin',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
      });
      raw = createTandemYoga(gateway.database, {
        keys: testKeys,
        security: gateway.security,
        rollups: false,
      });
      const report = await gateway.ingest('berlin', records());
      expect(report.rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    for (const j of journeys) {
      it(`counts ${j.days} day(s) from ${new Date(j.created).toISOString()} to ${new Date(j.lead).toISOString()} (${j.name})`, async () => {
        const day = localDay(j.created);
        expect(await velocity({ from: day, to: day })).toEqual({ median: j.days, mean: j.days });
      });
    }

    it('gives the median and the mean over the whole cohort', async () => {
      const days: number[] = journeys.map((j) => j.days);
      const all = await velocity({});
      expect(all.median).toBe(median(days));
      expect(all.mean).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length, 12);
    });

    it('counts the sales cycle in calendar days, its mean and its median', async () => {
      type Data = {
        revenueMetrics: { won: number; salesCycleDays: number | null; medianSalesCycleDays: number | null };
      };
      for (const j of journeys) {
        const day = localDay(j.lead);
        const { revenueMetrics } = await ask<Data>(gateway.yoga, revenueQuery, { from: day, to: day });
        expect(revenueMetrics).toEqual({ won: 1, salesCycleDays: j.days, medianSalesCycleDays: j.days });
      }
      const days: number[] = journeys.map((j) => j.days);
      const { revenueMetrics } = await ask<Data>(gateway.yoga, revenueQuery, {});
      expect(revenueMetrics.won).toBe(journeys.length);
      expect(revenueMetrics.medianSalesCycleDays).toBe(median(days));
      expect(revenueMetrics.salesCycleDays).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length, 12);
    });
  });
}
