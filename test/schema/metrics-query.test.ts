/**
 * The metrics query (schema/metrics-query.ts) against the fixed fields, on SQLite and PostgreSQL,
 * over a small demo seed: every row of a breakdown equals what sla, funnel, revenueMetrics or
 * campaignRoi answer for the same slice (the row's dimension value as a filter, its period as the
 * range), and the totals equal the unsplit fields. Also: invalid combinations name the allowed
 * dimensions, dimension values, and a constant number of statements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecords } from '../../gateway/seed/generate.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

interface Cell {
  dimension: string;
  value: string | null;
  label: string;
}
interface Table {
  measures: { name: string }[];
  rows: {
    period: { start: string; end: string; label: string } | null;
    dimensions: Cell[];
    values: (number | null)[];
  }[];
  totals: (number | null)[];
  rowCount: number;
}

const metricsQuery = /* GraphQL */ `
  query ($measures: [MeasureInput!]!, $dimensions: [Dimension!], $grain: TimeGrain, $filter: MetricsFilter,
         $order: [MetricOrder!], $limit: Int) {
    metrics(measures: $measures, dimensions: $dimensions, timeGrain: $grain, filter: $filter, order: $order, limit: $limit) {
      measures { name }
      rows { period { start end label } dimensions { dimension value label } values }
      totals
      rowCount
    }
  }
`;

const fixedQuery = /* GraphQL */ `
  query ($filter: MetricsFilter) {
    sla(filter: $filter) {
      sales { handoffs withinTargetRate medianResponseHours p90ResponseHours }
      marketing { leads mqls handoffs sentBackRate }
    }
    funnel(filter: $filter) { stages { key reached } }
    revenueMetrics(filter: $filter) { won lost winRate revenue pipeline salesCycleDays medianSalesCycleDays }
  }
`;

interface Fixed {
  sla: {
    sales: {
      handoffs: number;
      withinTargetRate: number | null;
      medianResponseHours: number | null;
      p90ResponseHours: number | null;
    };
    marketing: { leads: number; mqls: number; handoffs: number; sentBackRate: number | null };
  };
  funnel: { stages: { key: string; reached: number }[] };
  revenueMetrics: {
    won: number;
    lost: number;
    winRate: number | null;
    revenue: number;
    pipeline: number;
    salesCycleDays: number | null;
    medianSalesCycleDays: number | null;
  };
}

/** The filter field each dimension is a slice of. */
const sliceOf: Record<string, string> = {
  LEAD_SOURCE: 'leadSource',
  REGION: 'region',
  SEGMENT: 'segment',
  CHANNEL: 'channel',
  CAMPAIGN: 'campaignId',
  OWNER: 'ownerId',
  TEAM: 'teamId',
  LIFECYCLE_STAGE: 'stage',
};

/** Each measure as the fixed fields answer it. */
const fixedValue: Record<string, (f: Fixed) => number | null> = {
  LEADS: (f) => f.sla.marketing.leads,
  MQLS: (f) => f.sla.marketing.mqls,
  HANDOFFS: (f) => f.sla.sales.handoffs,
  SLA_WITHIN_TARGET_RATE: (f) => f.sla.sales.withinTargetRate,
  SENT_BACK_RATE: (f) => f.sla.marketing.sentBackRate,
  RESPONSE_HOURS_P50: (f) => f.sla.sales.medianResponseHours,
  RESPONSE_HOURS_P90: (f) => f.sla.sales.p90ResponseHours,
  WON: (f) => f.revenueMetrics.won,
  LOST: (f) => f.revenueMetrics.lost,
  WIN_RATE: (f) => f.revenueMetrics.winRate,
  REVENUE: (f) => f.revenueMetrics.revenue,
  MEAN_DAYS: (f) => f.revenueMetrics.salesCycleDays,
  MEDIAN_DAYS: (f) => f.revenueMetrics.medianSalesCycleDays,
  PIPELINE: (f) => f.revenueMetrics.pipeline,
  CONVERSION_lead_sql: (f) => reachedRatio(f, 'lead', 'sql'),
  CONVERSION_mql_customer: (f) => reachedRatio(f, 'mql', 'customer'),
  REACHED_subscriber: (f) => reachedOf(f, 'subscriber'),
  REACHED_mql: (f) => reachedOf(f, 'mql'),
  REACHED_customer: (f) => reachedOf(f, 'customer'),
};

const reachedOf = (f: Fixed, key: string): number => f.funnel.stages.find((s) => s.key === key)!.reached;

function reachedRatio(f: Fixed, from: string, to: string): number | null {
  const reached = (key: string) => f.funnel.stages.find((s) => s.key === key)!.reached;
  return reached(from) === 0 ? null : reached(to) / reached(from);
}

const near = (actual: number | null, expected: number | null, label: string) => {
  if (expected === null || actual === null) expect(actual, label).toBe(expected);
  else
    expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(expected)),
    );
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`metrics query on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let compared = 0;
    // The last twelve whole months before the demo's end.
    const now = new Date();
    const year = {
      from: isoDay(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1)),
      to: isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)),
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const records = generateDemoRecords({ tenantId: 'acme', seed: 16, people: 400, touches: 4_000, now });
      const report = await gateway.ingest('acme', records);
      expect(report.rejectedCount).toBe(0);
    });
    afterAll(async () => {
      await gateway?.drop();
    });

    const ask = async (variables: Record<string, unknown>) => {
      const result = await gateway.graphql<{ metrics: Table }>(metricsQuery, variables);
      expect(result.errors).toBeUndefined();
      return result.data!.metrics;
    };
    const fixed = async (filter: Record<string, unknown>) => {
      const result = await gateway.graphql<Fixed>(fixedQuery, { filter });
      expect(result.errors).toBeUndefined();
      return result.data!;
    };
    /** Every row (and the totals) against the fixed fields for its slice. */
    const compare = async (table: Table, filter: Record<string, unknown>) => {
      const names = table.measures.map((m) => m.name);
      const whole = await fixed(filter);
      for (const [i, name] of names.entries())
        near(table.totals[i]!, fixedValue[name]!(whole), `total ${name}`);
      for (const row of table.rows) {
        const slice: Record<string, unknown> = { ...filter };
        if (row.period) Object.assign(slice, { from: row.period.start, to: row.period.end });
        if (row.dimensions.some((d) => d.value === null || !sliceOf[d.dimension])) continue;
        for (const d of row.dimensions) slice[sliceOf[d.dimension]!] = d.value;
        const answer = await fixed(slice);
        for (const [i, name] of names.entries())
          near(row.values[i]!, fixedValue[name]!(answer), `${name} ${JSON.stringify(slice)}`);
        compared += 1;
      }
    };

    it('LEADS, MQLS, HANDOFFS and the SLA rates by month for the last year equal sla for each month', async () => {
      const measures = [
        'LEADS',
        'MQLS',
        'HANDOFFS',
        'SLA_WITHIN_TARGET_RATE',
        'SENT_BACK_RATE',
        'RESPONSE_HOURS_P50',
        'RESPONSE_HOURS_P90',
      ].map((measure) => ({ measure }));
      const table = await ask({ measures, grain: 'MONTH', filter: year });
      expect(table.rows.length).toBe(12);
      expect(table.rows.map((r) => r.period!.label)[0]).toBe(year.from.slice(0, 7));
      expect(table.totals[0]).toBeGreaterThan(0);
      await compare(table, year);
    });

    it('people and deal measures by lead source, region, segment, team, channel and stage equal the fixed fields filtered to each value', async () => {
      const measures = [
        { measure: 'LEADS' },
        { measure: 'MQLS' },
        { measure: 'HANDOFFS' },
        { measure: 'SLA_WITHIN_TARGET_RATE' },
        { measure: 'RESPONSE_HOURS_P90' },
        { measure: 'CONVERSION', from: 'lead', to: 'sql' },
        { measure: 'CONVERSION', from: 'mql', to: 'customer' },
        { measure: 'REACHED', to: 'subscriber' },
        { measure: 'REACHED', to: 'mql' },
        { measure: 'REACHED', to: 'customer' },
        { measure: 'WON' },
        { measure: 'LOST' },
        { measure: 'WIN_RATE' },
        { measure: 'REVENUE' },
        { measure: 'MEAN_DAYS' },
        { measure: 'MEDIAN_DAYS' },
        { measure: 'PIPELINE' },
      ];
      for (const dimension of ['LEAD_SOURCE', 'REGION', 'SEGMENT', 'TEAM', 'CHANNEL', 'LIFECYCLE_STAGE']) {
        const table = await ask({ measures, dimensions: [dimension], filter: year });
        expect(table.rows.length, dimension).toBeGreaterThan(1);
        await compare(table, year);
      }
    });

    it('win rate and revenue by region and quarter, and deal measures by owner and month, equal revenueMetrics per slice', async () => {
      const measures = ['WON', 'LOST', 'WIN_RATE', 'REVENUE', 'MEDIAN_DAYS'].map((measure) => ({ measure }));
      const byQuarter = await ask({ measures, dimensions: ['REGION'], grain: 'QUARTER', filter: year });
      expect(byQuarter.rows.some((r) => r.period!.label.startsWith('FY'))).toBe(true);
      await compare(byQuarter, year);
      const half = { from: isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1)), to: year.to };
      await compare(await ask({ measures, dimensions: ['OWNER'], grain: 'MONTH', filter: half }), half);
    });

    it('a filter and a dimension together: MQLs by lead source within one segment', async () => {
      const filter = { ...year, segment: 'Enterprise' };
      const table = await ask({
        measures: [{ measure: 'MQLS' }, { measure: 'WON' }],
        dimensions: ['LEAD_SOURCE'],
        filter,
      });
      await compare(table, filter);
      // 56 slices on the demo seed, each with every measure of its breakdown.
      expect(compared).toBeGreaterThanOrEqual(50);
    });

    it('campaign measures by campaign and by channel equal campaignRoi', async () => {
      const roiQuery = /* GraphQL */ `query ($filter: MetricsFilter) {
        campaignRoi(filter: $filter, model: LINEAR) { campaigns { campaign { id channel } spend costPerLead attributedRevenue roi }
          totals { spend attributedRevenue roi } } }`;
      const measures = [
        { measure: 'SPEND' },
        { measure: 'COST_PER_LEAD' },
        { measure: 'ATTRIBUTED_REVENUE', model: 'LINEAR' },
        { measure: 'ROI', model: 'LINEAR' },
      ];
      const table = await ask({ measures, dimensions: ['CAMPAIGN'], filter: year });
      const roi = await gateway.graphql<{
        campaignRoi: {
          campaigns: {
            campaign: { id: string };
            spend: number;
            costPerLead: number | null;
            attributedRevenue: number;
            roi: number | null;
          }[];
          totals: { spend: number; attributedRevenue: number; roi: number | null };
        };
      }>(roiQuery, { filter: year });
      const report = roi.data!.campaignRoi;
      expect(table.rows.length).toBe(report.campaigns.length);
      for (const campaign of report.campaigns) {
        const row = table.rows.find((r) => r.dimensions[0]!.value === campaign.campaign.id)!;
        near(row.values[0]!, campaign.spend, 'spend');
        near(row.values[1]!, campaign.costPerLead, 'cost per lead');
        near(row.values[2]!, campaign.attributedRevenue, 'attributed revenue');
        near(row.values[3]!, campaign.roi, 'roi');
      }
      near(table.totals[0]!, report.totals.spend, 'total spend');
      near(table.totals[3]!, report.totals.roi, 'total roi');
      // By month, the twelve months' spend adds up to the year's.
      const byMonth = await ask({
        measures: [{ measure: 'SPEND' }],
        dimensions: ['CHANNEL'],
        grain: 'MONTH',
        filter: year,
      });
      const sum = byMonth.rows.reduce((total, r) => total + r.values[0]!, 0);
      near(sum, report.totals.spend, 'spend by month and channel');
    });

    it('lost deals by loss reason and region; open deals and pipeline by deal stage', async () => {
      const lost = await ask({
        measures: [{ measure: 'LOST' }],
        dimensions: ['LOSS_REASON', 'REGION'],
        filter: year,
        order: [{ by: 'LOST', descending: true }],
      });
      const fixedLost = (await fixed(year)).revenueMetrics.lost;
      expect(lost.rows.reduce((n, r) => n + r.values[0]!, 0)).toBe(fixedLost);
      expect(lost.rows.filter((r) => r.dimensions[0]!.value !== null).length).toBeGreaterThan(1);
      const counts = lost.rows.map((r) => r.values[0]!);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));

      const open = await ask({
        measures: [{ measure: 'OPEN_DEALS' }, { measure: 'PIPELINE' }],
        dimensions: ['STAGE'],
      });
      const store = gateway.store('acme');
      const deals = await store.db
        .selectFrom('opportunities')
        .select(['stage', 'amount'])
        .where('is_closed', '=', 0)
        .execute();
      expect(open.totals[0]).toBe(deals.length);
      for (const row of open.rows) {
        const atStage = deals.filter((d) => d.stage === row.dimensions[0]!.value);
        expect(row.values[0], row.dimensions[0]!.label).toBe(atStage.length);
        near(
          row.values[1]!,
          atStage.reduce((sum, d) => sum + Number(d.amount ?? 0), 0),
          'pipeline',
        );
      }
      near(open.totals[1]!, (await fixed({})).revenueMetrics.pipeline, 'pipeline total');
    });

    it('refuses a measure split by a dimension it does not take, naming the ones it does', async () => {
      const result = await gateway.graphql(metricsQuery, {
        measures: [{ measure: 'SPEND' }],
        dimensions: ['REGION'],
      });
      expect(result.errors?.[0]?.message).toBe(
        'SPEND cannot be split by REGION; it can be split by CAMPAIGN, CHANNEL',
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_DIMENSION');
      const grain = await gateway.graphql(metricsQuery, {
        measures: [{ measure: 'PIPELINE' }],
        grain: 'MONTH',
      });
      expect(grain.errors?.[0]?.message).toMatch(/PIPELINE is as of now and has no time grain/);
      const conversion = await gateway.graphql(metricsQuery, {
        measures: [{ measure: 'CONVERSION', from: 'lead', to: 'nope' }],
      });
      expect(conversion.errors?.[0]?.message).toMatch(
        /CONVERSION `to`: unknown stage 'nope' \(stages: .*lead/,
      );
      const reached = await gateway.graphql(metricsQuery, { measures: [{ measure: 'REACHED' }] });
      expect(reached.errors?.[0]?.message).toMatch(/REACHED needs `to`: a stage key \(stages: .*mql/);
      const order = await gateway.graphql(metricsQuery, {
        measures: [{ measure: 'WON' }],
        order: [{ by: 'REGION' }],
      });
      expect(order.errors?.[0]?.message).toBe(
        'cannot order by REGION: order by PERIOD, an asked dimension or a measure (WON)',
      );
    });

    it('dimension values: every person once per region, owners by name', async () => {
      const query = /* GraphQL */ `query ($d: Dimension!) { dimensionValues(dimension: $d) { value label count } }`;
      const regions = await gateway.graphql<{ dimensionValues: { value: string | null; count: number }[] }>(
        query,
        { d: 'REGION' },
      );
      const people = await gateway
        .store('acme')
        .db.selectFrom('people')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(regions.data!.dimensionValues.reduce((n, v) => n + v.count, 0)).toBe(Number(people.n));
      const owners = await gateway.graphql<{ dimensionValues: { value: string | null; label: string }[] }>(
        query,
        { d: 'OWNER' },
      );
      const users = await gateway.store('acme').db.selectFrom('users').select(['id', 'name']).execute();
      for (const owner of owners.data!.dimensionValues.filter((v) => v.value))
        expect(owner.label).toBe(users.find((u) => u.id === owner.value)!.name);
      // Channels by the words people use, as campaigns' channelLabel says them.
      const channels = await gateway.graphql<{ dimensionValues: { value: string | null; label: string }[] }>(
        query,
        { d: 'CHANNEL' },
      );
      const byValue = new Map(channels.data!.dimensionValues.map((v) => [v.value, v.label]));
      expect(byValue.get('paid_social')).toBe('Paid social');
      expect(byValue.get('organic_search')).toBe('Organic search');
      const roi = await gateway.graphql<{
        campaignRoi: { campaigns: { campaign: { channel: string; channelLabel: string } }[] };
      }>('{ campaignRoi { campaigns { campaign { channel channelLabel } } } }');
      expect(roi.errors).toBeUndefined();
      const campaigns = roi.data!.campaignRoi.campaigns.map((row) => row.campaign);
      expect(campaigns.length).toBeGreaterThan(0);
      for (const campaign of campaigns)
        if (byValue.has(campaign.channel)) expect(campaign.channelLabel).toBe(byValue.get(campaign.channel));
    });

    it('one statement per family of measures, whatever the number of dimensions and periods', async () => {
      const run = async (dimensions: string[], grain: string | null) => {
        const result = await gateway.graphql(metricsQuery, {
          measures: [{ measure: 'MQLS' }, { measure: 'HANDOFFS' }, { measure: 'WIN_RATE' }],
          dimensions,
          grain,
          filter: year,
        });
        expect(result.errors).toBeUndefined();
        return result.statements;
      };
      await run([], null); // the first request after the ingest also fills the tenant's caches
      const plain = await run([], null);
      // The current definitions' check, the rollups' freshness check, then one statement each:
      // milestones and deals (from the slices rollup), handoffs (raw rows).
      expect(plain).toBe(5);
      const split = await run(['REGION', 'SEGMENT'], 'MONTH');
      // Two label look-ups at most (names for ids); REGION and SEGMENT need none.
      expect(split).toBe(plain);
      // OWNER is not kept in the rollups: raw rows (no freshness check) and one look-up of names.
      const withOwner = await run(['OWNER'], 'QUARTER');
      expect(withOwner).toBe(plain);
    });

    it("a token scoped to a region sees what an unscoped one sees with that region's filter", async () => {
      const token = await gateway.token({ tenant: 'acme', role: 'analyst', scopes: { region: 'Europe' } });
      const variables = {
        measures: ['LEADS', 'HANDOFFS', 'SLA_WITHIN_TARGET_RATE', 'WON', 'REVENUE', 'MEDIAN_DAYS'].map(
          (measure) => ({ measure }),
        ),
        dimensions: ['SEGMENT', 'LEAD_SOURCE'],
        grain: 'QUARTER',
      };
      const scoped = await gateway.graphql<{ metrics: Table }>(
        metricsQuery,
        { ...variables, filter: year },
        { token },
      );
      const filtered = await ask({ ...variables, filter: { ...year, region: 'Europe' } });
      expect(scoped.errors).toBeUndefined();
      expect(scoped.data!.metrics.rows.length).toBeGreaterThan(0);
      expect(scoped.data!.metrics).toEqual(filtered);
      const whole = await ask({ ...variables, filter: year });
      expect(whole.totals[0]).toBeGreaterThan(filtered.totals[0]!);
    });

    it('orders and limits rows: top three regions by revenue', async () => {
      const table = await ask({
        measures: [{ measure: 'REVENUE' }],
        dimensions: ['REGION'],
        filter: year,
        order: [{ by: 'REVENUE', descending: true }],
        limit: 3,
      });
      expect(table.rows.length).toBe(Math.min(3, table.rowCount));
      const values = table.rows.map((r) => r.values[0]!);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    });
  });
}
