/**
 * Row scopes in the metrics, applied in the store (gateway/store/row-scope.ts), on both dialects
 * over a seeded demo: a scoped token sees exactly what an unscoped one sees with the same slice as
 * a filter, in every metric (campaign ROI: see expectSameRoi). Customers, the locked record and
 * the tables themselves: row-scopes-records.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenGrant } from '../../gateway/auth/claims.js';
import { seedDemo } from '../../gateway/cli/seed.js';
import { funnelOperation } from '../../widgets/funnel/funnel.query.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const range = { from: '2025-01-01', to: '2026-10-31' };

const metrics = {
  funnel: `query ($filter: MetricsFilter) { funnel(filter: $filter) { stages { key reached conversionToNext medianDaysToNext recycledBack } } }`,
  sla: `query ($filter: MetricsFilter) { sla(filter: $filter) {
    sales { handoffs followedUpWithinTarget withinTargetRate medianResponseHours p90ResponseHours openBreaches closedBreaches }
    marketing { leads mqls acceptanceRate sentBackRate } } }`,
  leadScoreMatrix: `query ($filter: MetricsFilter) { leadScoreMatrix(filter: $filter) { total cells { fitGrade engagementBand count reachedSql won } } }`,
  campaignRoi: `query ($filter: MetricsFilter) { campaignRoi(filter: $filter, model: W_SHAPED) {
    unattributedRevenue campaigns { campaign { id } spend leads mqls opportunities pipeline attributedRevenue roi } } }`,
  revenueMetrics: `query ($filter: MetricsFilter) { revenueMetrics(filter: $filter) { winRate won lost newOpportunities pipeline revenue averageDeal } }`,
  leads: `query ($filter: LeadFilter) { leads(filter: $filter, first: 200) { totalCount edges { node { id } } } }`,
};

type Roi = {
  campaignRoi: { campaigns: { campaign: { id: string }; attributedRevenue: number; roi: number | null }[] };
};

/**
 * Campaign ROI under a scope: spend, leads, MQLs, deals and pipeline equal the filtered report's.
 * Attribution differs by design: a won deal's path includes the touches of its account's other
 * people, and a scoped token never reads those of people outside its scope, so each deal's amount
 * is split over the touches it may see (docs/security.md, "Row scopes").
 */
function expectSameRoi(byScope: Roi, byFilter: Roi): void {
  // Listed by ROI, which the split moves: compared by campaign.
  const counts = (roi: Roi) =>
    roi.campaignRoi.campaigns
      .map(({ attributedRevenue: _credit, roi: _roi, ...rest }) => rest)
      .sort((a, b) => (a.campaign.id < b.campaign.id ? -1 : 1));
  expect(counts(byScope)).toEqual(counts(byFilter));
}

/** The token scope → the same slice as a filter. */
const scopeCases: [string, NonNullable<TokenGrant['scopes']>, Record<string, string>][] = [
  ['team sales-enterprise', { team: 'sales-enterprise' }, { teamId: 'sales-enterprise' }],
  ['team sales-mid-market', { team: 'sales-mid-market' }, { teamId: 'sales-mid-market' }],
  [
    'owner',
    { owner: 'usr_vida.leffler@acme-analytics.com' },
    { ownerId: 'usr_vida.leffler@acme-analytics.com' },
  ],
  ['region Europe', { region: 'Europe' }, { region: 'Europe' }],
  ['segment Enterprise', { segment: 'Enterprise' }, { segment: 'Enterprise' }],
  [
    'team and segment',
    { team: 'sales-mid-market', segment: 'Mid-market' },
    { teamId: 'sales-mid-market', segment: 'Mid-market' },
  ],
];

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`row scopes on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      await seedDemo(gateway.database, {
        people: 300,
        touches: 3000,
        seed: 42,
        tenants: 2,
        years: 2,
        progress: false,
      });
    });
    afterAll(() => gateway?.drop());

    const as = async (grant: Omit<TokenGrant, 'tenant'>) => gateway.token({ tenant: 'acme', ...grant });
    const run = async <T = Record<string, unknown>>(
      query: string,
      variables: Record<string, unknown>,
      token: string,
    ) => {
      const result = await gateway.graphql<T>(query, variables, { token });
      expect(result.errors).toBeUndefined();
      return result.data!;
    };

    describe.each(scopeCases)('scoped to %s', (_name, scopes, filter) => {
      it.each(Object.entries(metrics))(
        '%s equals the unscoped one filtered by the same slice',
        async (name, query) => {
          const scoped = await as({ role: 'analyst', scopes });
          const unscoped = await as({ role: 'analyst' });
          const byScope = await run(query, { filter: range }, scoped);
          const byFilter = await run(query, { filter: { ...range, ...filter } }, unscoped);
          if (name === 'campaignRoi') expectSameRoi(byScope as Roi, byFilter as Roi);
          else expect(byScope).toEqual(byFilter);
          if (name === 'funnel' || name === 'leads') {
            // …and the slice is a real narrowing, not everything or nothing.
            const all = await run(query, { filter: range }, unscoped);
            expect(byScope).not.toEqual(all);
            expect(JSON.stringify(byScope)).not.toMatch(
              /^\{"funnel":\{"stages":\[(\{[^}]*"reached":0[^}]*\},?)*\]\}\}$/,
            );
          }
        },
      );
    });

    it('gives a scoped viewer the widget’s funnel of its team only', async () => {
      const viewer = await as({ role: 'viewer', scopes: { team: 'sales-enterprise' }, widgets: ['funnel'] });
      const byScope = await run(funnelOperation.query, { filter: range }, viewer);
      const byFilter = await run(
        funnelOperation.query,
        { filter: { ...range, teamId: 'sales-enterprise' } },
        await as({ role: 'analyst' }),
      );
      expect(byScope).toEqual(byFilter);
    });

    it('intersects a filter for another slice with the scope: nothing', async () => {
      const scoped = await as({ role: 'analyst', scopes: { team: 'sales-enterprise' } });
      const data = await run<{ funnel: { stages: { reached: number }[] } }>(
        metrics.funnel,
        { filter: { teamId: 'sales-mid-market' } },
        scoped,
      );
      expect(data.funnel.stages.every((s) => s.reached === 0)).toBe(true);
      const leads = await run<{ leads: { totalCount: number } }>(
        metrics.leads,
        { filter: { ownerId: 'usr_kristina.runolfsdottir@acme-analytics.com' } },
        scoped,
      );
      const owners = await gateway
        .store('acme')
        .db.selectFrom('users')
        .select('team_id')
        .where('id', '=', 'usr_kristina.runolfsdottir@acme-analytics.com')
        .executeTakeFirst();
      if (owners?.team_id !== 'sales-enterprise') expect(leads.leads.totalCount).toBe(0);
    });
  });
}
