/**
 * Campaign ROI under every attribution model, on SQLite and PostgreSQL, over a hand-computed
 * fixture: two won deals in the range (one with no touch before its close), one won after it,
 * one open deal, spend booked over several months, and touches after a close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionModel } from '../../gateway/domain/attribution.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const at = (day: string) => `${day}T12:00:00Z`;
const person = (name: string) => ({ email: `${name}@${domains[name]}` });
const domains: Record<string, string> = {
  alice: 'northwind.example',
  bob: 'northwind.example', // Alice's colleague: his touches are on the path of her account's deal
  carol: 'contoso.example',
  dave: 'fabrikam.example',
  erin: 'tailspin.example',
};

function records(): SourceRecordInput[] {
  const campaign = (id: string, name: string, channel: string): SourceRecordInput => ({
    kind: 'campaign',
    system: 'ma',
    sourceId: id,
    name,
    channel,
  });
  const cost = (id: string, period: string, amount: number): SourceRecordInput => ({
    kind: 'campaignCost',
    campaign: { system: 'ma', sourceId: id },
    period,
    amount,
  });
  const touch = (id: string, who: string, campaignId: string, day: string): SourceRecordInput => ({
    kind: 'touch',
    system: 'ma',
    sourceId: id,
    person: person(who),
    campaign: { system: 'ma', sourceId: campaignId },
    channel: 'email',
    type: 'email_click',
    occurredAt: at(day),
  });
  const stage = (who: string, to: string, day: string): SourceRecordInput => ({
    kind: 'stageChange',
    system: 'crm',
    sourceId: `${who}-${to}`,
    person: person(who),
    to,
    byTeam: 'marketing',
    occurredAt: at(day),
  });
  const deal = (
    id: string,
    who: string,
    amount: number,
    grossProfit: number | null,
    created: string,
    closed: string | null,
    campaignId?: string,
  ): SourceRecordInput => ({
    kind: 'opportunity',
    system: 'crm',
    sourceId: id,
    name: id,
    primaryPerson: person(who),
    account: { domain: domains[who] },
    campaign: campaignId ? { system: 'ma', sourceId: campaignId } : null,
    amount,
    grossProfit,
    stage: closed ? 'Closed Won' : 'Proposal',
    probability: closed ? 1 : 0.5,
    createdAt: at(created),
    closedAt: closed ? at(closed) : null,
    isClosed: !!closed,
    isWon: !!closed,
  });
  return [
    campaign('C1', 'Spring webinar', 'webinar'),
    campaign('C2', 'Paid search', 'paid_search'),
    campaign('C3', 'Newsletter', 'email'),
    campaign('C4', 'Old print', 'event'),
    // In the range (Feb–Mar 2025): C1 2000 + 3000, C2 4000; C3's April and C4's December are outside.
    cost('C1', '2025-01', 1000),
    cost('C1', '2025-02', 2000),
    cost('C1', '2025-03', 3000),
    cost('C2', '2025-02', 4000),
    cost('C3', '2025-04', 500),
    cost('C4', '2024-12', 999),
    ...Object.keys(domains).map(
      (name): SourceRecordInput => ({
        kind: 'person',
        system: 'crm',
        objectType: 'lead',
        sourceId: name,
        email: person(name).email,
        createdAt: at('2025-01-01'),
        updatedAt: at('2025-01-01'),
      }),
    ),
    touch('T1', 'alice', 'C1', '2025-01-05'),
    touch('T5', 'bob', 'C3', '2025-01-20'),
    touch('T2', 'alice', 'C2', '2025-02-01'),
    touch('T3', 'bob', 'C2', '2025-02-20'),
    touch('T4', 'alice', 'C3', '2025-03-20'), // after D1's close: ignored
    touch('T6', 'carol', 'C1', '2025-03-20'), // after D2's close: D2 stays unattributed
    touch('T7', 'dave', 'C1', '2025-02-05'),
    touch('T8', 'erin', 'C1', '2025-02-10'),
    stage('alice', 'lead', '2025-02-02'),
    stage('alice', 'mql', '2025-02-03'),
    stage('alice', 'sql', '2025-02-10'),
    stage('alice', 'customer', '2025-03-10'),
    stage('bob', 'lead', '2025-01-21'),
    stage('carol', 'lead', '2025-02-15'),
    stage('dave', 'lead', '2025-02-06'),
    stage('dave', 'mql', '2025-02-10'),
    stage('erin', 'lead', '2025-02-11'),
    deal('D1', 'alice', 10_000, 6_000, '2025-02-25', '2025-03-10', 'C2'),
    deal('D2', 'carol', 5_000, 2_000, '2025-03-01', '2025-03-15'),
    deal('D3', 'dave', 8_000, null, '2025-03-01', null, 'C1'),
    deal('D5', 'erin', 7_000, 3_000, '2025-03-20', '2025-04-05'), // won after the range
  ];
}

/**
 * D1's path (T4 after the close is off it): T1 C1 Jan 5 (first), T5 C3 Jan 20, T2 C2 Feb 1 (lead
 * creation: Alice became a lead Feb 2), T3 C2 Feb 20 (opportunity creation Feb 25, closed-won Mar 10).
 * Credit shares of D1 (10 000) per campaign [C1, C2, C3]:
 */
const w = (days: number) => 0.5 ** (days / 7); // time decay, ages from the newest touch T3
const decayTotal = w(46) + w(31) + w(19) + w(0);
const shares: Record<AttributionModel, [number, number, number]> = {
  FIRST_TOUCH: [1, 0, 0],
  LEAD_CREATION: [0, 1, 0],
  U_SHAPED: [0.5, 0.5, 0],
  W_SHAPED: [0.3, 0.3 + 0.3, 0.1],
  FULL_PATH: [0.225, 0.225 + 0.225 + 0.225, 0.1],
  LINEAR: [0.25, 0.5, 0.25],
  TIME_DECAY: [w(46) / decayTotal, (w(19) + w(0)) / decayTotal, w(31) / decayTotal],
};

const roiQuery = `query($filter: MetricsFilter, $model: AttributionModel!) { campaignRoi(filter: $filter, model: $model) {
  model currency unattributedRevenue nonCampaignRevenue wonRevenue
  campaigns { campaign { name } spend touches leads mqls opportunities pipeline attributedRevenue attributedGrossProfit newCustomers roi grossProfitRoi costPerLead cac }
  totals { spend touches leads mqls opportunities pipeline attributedRevenue attributedGrossProfit newCustomers roi grossProfitRoi costPerLead cac } } }`;
const range = { from: '2025-02-01', to: '2025-03-31' };

type Row = Record<string, number | null> & { campaign?: { name: string } };
type Roi = {
  campaignRoi: {
    model: string;
    currency: string;
    unattributedRevenue: number;
    nonCampaignRevenue: number;
    wonRevenue: number;
    campaigns: Row[];
    totals: Row;
  };
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`campaign ROI on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const report = await gateway.ingest('acme', records());
      expect(report.rejected).toEqual([]);
      await gateway.graphql('{ tenant { id } }'); // the gateway reads the tenant list once, on its first request
    });
    afterAll(() => gateway?.drop());

    for (const [model, [c1, c2, c3]] of Object.entries(shares) as [
      AttributionModel,
      [number, number, number],
    ][]) {
      it(`credits D1 under ${model}, leaves D2 unattributed, ignores D5`, async () => {
        const result = await gateway.graphql<Roi>(roiQuery, { filter: range, model });
        expect(result.errors).toBeUndefined();
        const report = result.data!.campaignRoi;
        expect(report).toMatchObject({
          model,
          currency: 'USD',
          unattributedRevenue: 5000,
          nonCampaignRevenue: 0,
          wonRevenue: 15_000,
        });
        const byName = Object.fromEntries(report.campaigns.map((row) => [row.campaign!.name, row]));
        expect(Object.keys(byName).sort()).toEqual(['Newsletter', 'Paid search', 'Spring webinar']);
        const expected = {
          'Spring webinar': {
            spend: 5000,
            touches: 3,
            leads: 2,
            mqls: 1,
            opportunities: 1,
            pipeline: 8000,
            newCustomers: 1,
            revenue: 10_000 * c1,
            costPerLead: 2500,
            cac: 5000,
          },
          'Paid search': {
            spend: 4000,
            touches: 2,
            leads: 1,
            mqls: 1,
            opportunities: 1,
            pipeline: 0,
            newCustomers: 0,
            revenue: 10_000 * c2,
            costPerLead: 4000,
            cac: null,
          },
          Newsletter: {
            spend: 0,
            touches: 1,
            leads: 0,
            mqls: 0,
            opportunities: 0,
            pipeline: 0,
            newCustomers: 0,
            revenue: 10_000 * c3,
            costPerLead: null,
            cac: null,
          },
        };
        for (const [name, { revenue, ...counts }] of Object.entries(expected)) {
          const row = byName[name];
          expect(row, name).toMatchObject(counts);
          expect(row.attributedRevenue, name).toBeCloseTo(revenue, 6);
          expect(row.attributedGrossProfit, name).toBeCloseTo(revenue * 0.6, 6);
          if (counts.spend === 0) expect([row.roi, row.grossProfitRoi]).toEqual([null, null]);
          else {
            expect(row.roi, name).toBeCloseTo((revenue - counts.spend) / counts.spend, 9);
            expect(row.grossProfitRoi, name).toBeCloseTo((revenue * 0.6 - counts.spend) / counts.spend, 9);
          }
        }
        const revenues = report.campaigns.map((row) => row.attributedRevenue!);
        expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
        expect(report.totals).toMatchObject({
          spend: 9000,
          touches: 6,
          leads: 3,
          mqls: 2,
          opportunities: 2,
          pipeline: 8000,
          newCustomers: 1,
          costPerLead: 3000,
          cac: 9000,
        });
        expect(report.totals.attributedRevenue).toBeCloseTo(10_000, 6);
        expect(report.totals.roi).toBeCloseTo(1000 / 9000, 9);
        expect(report.totals.grossProfitRoi).toBeCloseTo(-3000 / 9000, 9);
      });
    }

    it('uses W-shaped by default', async () => {
      const result = await gateway.graphql<Roi>(
        `query { campaignRoi(filter: { from: "2025-02-01", to: "2025-03-31" }) { model campaigns { campaign { name } } } }`,
      );
      expect(result.data!.campaignRoi.model).toBe('W_SHAPED');
      expect(result.data!.campaignRoi.campaigns.map((row) => row.campaign!.name)).toEqual([
        'Paid search',
        'Spring webinar',
        'Newsletter',
      ]);
    });

    it('lists only the campaign or channel asked for, and narrows people and deals by slices (not spend)', async () => {
      const webinars = await gateway.graphql<Roi>(roiQuery, {
        filter: { ...range, channel: 'webinar' },
        model: 'LINEAR',
      });
      expect(webinars.data!.campaignRoi.campaigns.map((row) => row.campaign!.name)).toEqual([
        'Spring webinar',
      ]);
      expect(webinars.data!.campaignRoi.totals).toMatchObject({ spend: 5000, attributedRevenue: 2500 });
      // Alice and Carol are customers now (a won deal makes its primary person one): their leads and
      // deals remain (Carol's D2 unattributed), Dave's and Erin's leads go.
      const customers = await gateway.graphql<Roi>(roiQuery, {
        filter: { ...range, stage: 'customer' },
        model: 'LINEAR',
      });
      const report = customers.data!.campaignRoi;
      expect(report).toMatchObject({ unattributedRevenue: 5_000, wonRevenue: 15_000 });
      expect(report.totals).toMatchObject({ spend: 9000, leads: 2, mqls: 1, opportunities: 1, pipeline: 0 });
    });

    it('counts everything before the range out, and spend of every overlapping month in', async () => {
      const result = await gateway.graphql<Roi>(roiQuery, {
        filter: { from: '2025-01-15', to: '2025-01-31' },
        model: 'LINEAR',
      });
      const report = result.data!.campaignRoi;
      expect(report).toMatchObject({ wonRevenue: 0, unattributedRevenue: 0 });
      // January overlaps: C1's 1000; touches T5 (C3); Bob became a lead Jan 21 through T5.
      expect(
        Object.fromEntries(
          report.campaigns.map((row) => [row.campaign!.name, [row.spend, row.touches, row.leads]]),
        ),
      ).toEqual({
        'Spring webinar': [1000, 0, 0],
        Newsletter: [0, 1, 1],
      });
    });

    it('rejects an unknown model, naming it', async () => {
      const result = await gateway.graphql(`{ campaignRoi(model: BOGUS) { model } }`);
      expect(result.errors?.[0]?.message).toContain('BOGUS');
      expect(result.errors?.[0]?.message).toContain('AttributionModel');
    });
  });

  describe.skipIf(!available)(`scoring matrix and campaign ROI statements on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
    });
    afterAll(() => gateway?.drop());

    const crowd = (from: number, to: number): SourceRecordInput[] => [
      { kind: 'campaign', system: 'ma', sourceId: 'G1', name: 'Trade fair', channel: 'event' },
      { kind: 'campaignCost', campaign: { system: 'ma', sourceId: 'G1' }, period: '2025-03', amount: 1000 },
      ...Array.from({ length: to - from }, (_, k): SourceRecordInput[] => {
        const i = from + k;
        const email = `guest${i}@fair${i % 7}.example`;
        return [
          {
            kind: 'person',
            system: 'crm',
            objectType: 'lead',
            sourceId: `g${i}`,
            email,
            createdAt: at('2025-03-01'),
            updatedAt: at('2025-03-01'),
          },
          {
            kind: 'touch',
            system: 'ma',
            sourceId: `gt${i}`,
            person: { email },
            campaign: { system: 'ma', sourceId: 'G1' },
            channel: 'event',
            type: 'event_attendance',
            occurredAt: at('2025-03-02'),
          },
          {
            kind: 'stageChange',
            system: 'crm',
            sourceId: `gs${i}`,
            person: { email },
            to: 'mql',
            byTeam: 'marketing',
            occurredAt: at('2025-03-03'),
          },
          ...(i % 5 === 0
            ? [
                {
                  kind: 'opportunity',
                  system: 'crm',
                  sourceId: `go${i}`,
                  name: `deal ${i}`,
                  primaryPerson: { email },
                  amount: 100,
                  stage: 'Closed Won',
                  probability: 1,
                  createdAt: at('2025-03-04'),
                  closedAt: at('2025-03-20'),
                  isClosed: true,
                  isWon: true,
                } as SourceRecordInput,
              ]
            : []),
        ];
      }).flat(),
    ];
    const both = `{ leadScoreMatrix { total } campaignRoi(model: TIME_DECAY) { totals { leads attributedRevenue } } }`;

    it('runs the same small number of statements for 5 and for 50 people', async () => {
      await gateway.ingest('globex', crowd(0, 5));
      // The tenant list is read once per server, a version of the definitions once per tenant.
      await gateway.graphql('{ tenant { id } sla { policy { targetHours } } }', {}, { tenant: 'globex' });
      const five = await gateway.graphql<{
        leadScoreMatrix: { total: number };
        campaignRoi: { totals: Row };
      }>(both, {}, { tenant: 'globex' });
      expect(five.errors).toBeUndefined();
      expect(five.data!.leadScoreMatrix.total).toBe(5);
      expect(five.data!.campaignRoi.totals.leads).toBe(5);
      expect(five.data!.campaignRoi.totals.attributedRevenue).toBeCloseTo(100, 9);
      await gateway.ingest('globex', crowd(5, 50));
      const fifty = await gateway.graphql<{
        leadScoreMatrix: { total: number };
        campaignRoi: { totals: Row };
      }>(both, {}, { tenant: 'globex' });
      expect(fifty.data!.leadScoreMatrix.total).toBe(50);
      expect(fifty.data!.campaignRoi.totals.leads).toBe(50);
      expect(fifty.data!.campaignRoi.totals.attributedRevenue).toBeCloseTo(1000, 9);
      // the definitions' current versions (1) + rollups' freshness (1) + matrix (1)
      // + ROI: won deals' touches (1), funnel (1)
      expect(five.statements).toBe(5);
      expect(fifty.statements).toBe(5);
    });
  });
}
