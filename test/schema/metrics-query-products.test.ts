/**
 * The metrics query's deal dimensions on deals written through the ingest path, on SQLite and
 * PostgreSQL: revenue by PRODUCT and by DEAL_OWNER with their names as labels, lost deals by
 * LOSS_REASON, and an open deal with no amount (unknown, not 0) counted among OPEN_DEALS but adding
 * nothing to PIPELINE, as revenueMetrics.pipeline leaves it out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const day = (iso: string) => Date.parse(`${iso}T15:00:00Z`);
const person = (name: string, owner: string): SourceRecordInput => ({
  kind: 'person',
  system: 'crm',
  objectType: 'contact',
  sourceId: name,
  email: `${name}@client.example`,
  firstName: name,
  ownerEmail: `${owner}@acme.example`,
  createdAt: day('2026-01-05'),
  updatedAt: day('2026-01-05'),
});
const deal = (
  id: string,
  name: string,
  owner: string,
  fields: Partial<Extract<SourceRecordInput, { kind: 'opportunity' }>> & { stage: string },
): SourceRecordInput => ({
  kind: 'opportunity',
  system: 'crm',
  sourceId: id,
  name: `Deal ${id}`,
  primaryPerson: { email: `${name}@client.example` },
  ownerEmail: `${owner}@acme.example`,
  createdAt: day('2026-01-15'),
  ...fields,
});
const records: SourceRecordInput[] = [
  { kind: 'user', email: 'ana@acme.example', name: 'Ana Rep', team: 'Sales East', teamFunction: 'sales' },
  { kind: 'user', email: 'bo@acme.example', name: 'Bo Rep', team: 'Sales East' },
  {
    kind: 'product',
    system: 'crm',
    sourceId: 'NP',
    name: 'Nova Pro',
    family: 'Analytics',
    listPrice: 12_000,
  },
  {
    kind: 'product',
    system: 'crm',
    sourceId: 'NL',
    name: 'Nova Lite',
    family: 'Analytics',
    listPrice: 3_000,
  },
  person('ann', 'ana'),
  person('bob', 'ana'),
  person('cat', 'bo'),
  person('dan', 'bo'),
  deal('D1', 'ann', 'ana', {
    stage: 'Closed Won',
    amount: 30_000,
    closedAt: day('2026-02-20'),
    product: { name: 'Nova Pro' },
  }),
  deal('D2', 'bob', 'bo', {
    stage: 'Closed Won',
    amount: 5_000,
    closedAt: day('2026-03-02'),
    product: { name: 'Nova Lite' },
  }),
  deal('D3', 'cat', 'bo', {
    stage: 'Closed Lost',
    amount: 9_000,
    closedAt: day('2026-02-25'),
    lossReason: 'price',
    product: { name: 'Nova Pro' },
  }),
  deal('D4', 'dan', 'ana', { stage: 'Prospecting', amount: 7_000, product: { name: 'Nova Lite' } }),
  deal('D5', 'dan', 'ana', { stage: 'Prospecting' }),
];

const query = /* GraphQL */ `
  query ($measures: [MeasureInput!]!, $dimensions: [Dimension!]) {
    metrics(measures: $measures, dimensions: $dimensions, filter: { from: "2026-01-01", to: "2026-12-31" }) {
      rows { dimensions { value label } values }
      totals
    }
  }
`;
type Answer = {
  metrics: {
    rows: { dimensions: { value: string | null; label: string }[]; values: (number | null)[] }[];
    totals: (number | null)[];
  };
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`metrics query deal dimensions on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const report = await gateway.ingest('acme', records);
      expect(report.rejectedCount, JSON.stringify(report)).toBe(0);
    });
    afterAll(async () => {
      await gateway?.drop();
    });
    const ask = async (measures: string[], dimensions: string[]) => {
      const result = await gateway.graphql<Answer>(query, {
        measures: measures.map((measure) => ({ measure })),
        dimensions,
      });
      expect(result.errors).toBeUndefined();
      return result.data!.metrics;
    };
    const byLabel = (answer: Answer['metrics']) =>
      Object.fromEntries(answer.rows.map((r) => [r.dimensions.map((d) => d.label).join(' / '), r.values]));

    it('revenue, won and lost by product, named', async () => {
      const answer = await ask(['REVENUE', 'WON', 'LOST', 'OPEN_DEALS', 'PIPELINE'], ['PRODUCT']);
      expect(byLabel(answer)).toEqual({
        'Nova Lite': [5_000, 1, 0, 1, 7_000],
        'Nova Pro': [30_000, 1, 1, 0, 0],
        '(none)': [0, 0, 0, 1, 0],
      });
      expect(answer.totals).toEqual([35_000, 2, 1, 2, 7_000]);
    });

    it("revenue by rep is by the deal's owner; lost deals by reason", async () => {
      expect(byLabel(await ask(['REVENUE', 'OPEN_DEALS'], ['DEAL_OWNER']))).toEqual({
        'Ana Rep': [30_000, 2],
        'Bo Rep': [5_000, 0],
      });
      expect(byLabel(await ask(['LOST'], ['LOSS_REASON', 'DEAL_OWNER']))).toEqual({
        '(none) / Ana Rep': [0],
        '(none) / Bo Rep': [0],
        'price / Bo Rep': [1],
      });
    });

    it('an open deal without an amount counts as open and adds nothing to the pipeline, as revenueMetrics', async () => {
      const fixed = await gateway.graphql<{ revenueMetrics: { pipeline: number } }>(
        '{ revenueMetrics { pipeline } }',
      );
      const answer = await ask(['OPEN_DEALS', 'PIPELINE'], ['STAGE']);
      expect(answer.totals).toEqual([2, fixed.data!.revenueMetrics.pipeline]);
    });
  });
}
