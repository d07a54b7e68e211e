/**
 * Revenue metrics on the hand-made fixture (funnel-fixture.ts), on SQLite and PostgreSQL.
 * Deals: O1 Ann won 10 000 (GP 6 000, 02-09 → 02-20: 11 days); O2 Cat open 5 000 × 0.4;
 * O3 Eve lost 8 000 (closed 02-16); O4 Gus won 4 000 (GP 1 000, 02-12 10:00 EST → 03-10 10:00 EDT:
 * 26 days less the hour DST took); O5 Ann open 2 000 × 0.5, created in January.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { fixtureRecords } from './funnel-fixture.js';

const query = /* GraphQL */ `
  query ($filter: MetricsFilter) {
    revenueMetrics(filter: $filter) {
      winRate won lost newOpportunities pipeline weightedPipeline revenue averageDeal salesCycleDays customerLifetimeValue currency
    }
  }`;
type Metrics = Record<string, number | string | null>;

/** O4: created 02-12, won 03-10 (after the DST change): 26 calendar days in New York, not 26 days less an hour. */
const gusCycle = 26;

function rounded(metrics: Metrics): Metrics {
  return Object.fromEntries(
    Object.entries(metrics).map(([key, value]) => [
      key,
      typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value,
    ]),
  );
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`revenue metrics on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const revenue = async (filter: Record<string, unknown> = {}, tenant = 'acme') => {
      const result = await gateway.graphql<{ revenueMetrics: Metrics }>(query, { filter }, { tenant });
      expect(result.errors).toBeUndefined();
      return rounded(result.data!.revenueMetrics);
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      expect((await gateway.ingest('acme', fixtureRecords())).rejected).toEqual([]);
      const orphan = await gateway.ingest('globex', [
        {
          kind: 'opportunity',
          system: 'csv',
          sourceId: 'O9',
          name: 'No contact',
          amount: 1000,
          stage: 'Proposal',
          probability: 0.1,
          createdAt: Date.parse('2026-02-02T10:00:00Z'),
          isClosed: false,
          isWon: false,
        },
      ]);
      expect(orphan.rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    it('computes every metric over all time', async () => {
      expect(await revenue()).toEqual(
        rounded({
          winRate: 2 / 3, // won ÷ (won + lost); the two open deals are excluded
          won: 2,
          lost: 1,
          newOpportunities: 5,
          pipeline: 7000,
          weightedPipeline: 3000, // 5 000 × 0.4 + 2 000 × 0.5
          revenue: 14000,
          averageDeal: 7000,
          salesCycleDays: (11 + gusCycle) / 2,
          customerLifetimeValue: 3500, // Alpha 6 000, Beta 1 000
          currency: 'USD',
        }),
      );
    });

    it('dates closed deals by close day and new ones by creation day; pipeline and lifetime value ignore the range', async () => {
      expect(await revenue({ from: '2026-02-01', to: '2026-02-28' })).toEqual({
        winRate: 0.5,
        won: 1,
        lost: 1,
        newOpportunities: 4, // O5 was created in January
        pipeline: 7000,
        weightedPipeline: 3000,
        revenue: 10000,
        averageDeal: 10000,
        salesCycleDays: 11,
        customerLifetimeValue: 3500,
        currency: 'USD',
      });
      expect(await revenue({ from: '2026-03-01', to: '2026-03-31' })).toMatchObject({
        won: 1,
        lost: 0,
        winRate: 1,
        newOpportunities: 0,
        revenue: 4000,
        salesCycleDays: Math.round(gusCycle * 1e9) / 1e9,
      });
    });

    it('narrows to the deals of the people the filter matches', async () => {
      const users = await gateway.store('acme').db.selectFrom('users').select(['id', 'email']).execute();
      const rep1 = users.find((u) => u.email === 'rep1@acme.example')!.id;

      expect(await revenue({ segment: 'Enterprise' })).toMatchObject({
        won: 1,
        lost: 0,
        winRate: 1,
        newOpportunities: 2,
        pipeline: 2000,
        weightedPipeline: 1000,
        revenue: 10000,
        customerLifetimeValue: 6000,
      });
      expect(await revenue({ ownerId: rep1 })).toMatchObject({
        won: 1,
        lost: 1,
        winRate: 0.5,
        pipeline: 2000,
        customerLifetimeValue: 6000,
      });
      expect(await revenue({ channel: 'paid_search' })).toEqual({
        winRate: null,
        won: 0,
        lost: 0,
        newOpportunities: 1,
        pipeline: 5000,
        weightedPipeline: 2000,
        revenue: 0,
        averageDeal: null,
        salesCycleDays: null,
        customerLifetimeValue: null,
        currency: 'USD',
      });
    });

    it("counts a deal with no person only when the filter has no slices, in the tenant's currency", async () => {
      expect(await revenue({}, 'globex')).toMatchObject({
        pipeline: 1000,
        weightedPipeline: 100,
        newOpportunities: 1,
        currency: 'EUR',
      });
      expect(await revenue({ region: 'North America' }, 'globex')).toMatchObject({
        pipeline: 0,
        newOpportunities: 0,
      });
    });

    it('rejects a reversed range and an unknown stage', async () => {
      const reversed = await gateway.graphql(query, { filter: { from: '2026-02-02', to: '2026-02-01' } });
      expect(reversed.errors?.[0]).toMatchObject({
        message: '`from` 2026-02-02 is after `to` 2026-02-01',
        extensions: { code: 'BAD_RANGE' },
      });
      const unknown = await gateway.graphql(query, { filter: { stage: 'won' } });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('UNKNOWN_STAGE');
    });

    it('runs one statement after the definitions', async () => {
      // A gateway loads a version of the definitions once (3 statements), then checks which
      // versions are current (1) on every request.
      await gateway.graphql(query, { filter: {} });
      expect((await gateway.graphql(query, { filter: {} })).statements).toBe(2);
    });
  });
}
