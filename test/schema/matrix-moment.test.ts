/**
 * The scoring matrix counts conversions in the cell a person was handed off from (docs/domain.md
 * "The scoring matrix"), on SQLite and PostgreSQL, raw rows and rollups alike. Two leads of grade
 * B (VP of Marketing in North America):
 *   ann  a form submit 60 days ago (+50: B2, which hands her off), SQL a day later; two
 *        half-lives on, her score is 12.5: B3 today
 *   bob  never touched, never handed off: B4, then and now
 * ann's SQL belongs to B2, where marketing sent her from, not to B3, where decay put her since.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createTandemYoga } from '../../gateway/server/yoga.js';
import { backfill } from '../../gateway/store/migrations/0006_matrix_moment.js';
import { dialects } from '../support/databases.js';
import { askAsAdmin, createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';

const day = 86_400_000;
const now = Date.now();
const person = (name: string): SourceRecordInput => ({
  kind: 'person',
  system: 'marketo',
  objectType: 'ma_lead',
  sourceId: `M-${name}`,
  email: `${name}@moment.example`,
  firstName: name,
  title: 'VP Marketing',
  department: 'Marketing',
  region: 'North America',
  createdAt: now - 61 * day,
  updatedAt: now - 61 * day,
});
const lead = (name: string): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'marketo',
  sourceId: `S-${name}-lead`,
  person: { email: `${name}@moment.example` },
  to: 'lead',
  byTeam: 'marketing',
  occurredAt: now - 61 * day,
});
const records: SourceRecordInput[] = [
  person('ann'),
  person('bob'),
  lead('ann'),
  lead('bob'),
  {
    kind: 'touch',
    system: 'marketo',
    sourceId: 'T-ann',
    person: { email: 'ann@moment.example' },
    channel: 'web',
    type: 'form_submit',
    occurredAt: now - 60 * day,
  },
  {
    kind: 'stageChange',
    system: 'salesforce',
    sourceId: 'S-ann-sql',
    person: { email: 'ann@moment.example' },
    to: 'sql',
    byTeam: 'sales',
    occurredAt: now - 59 * day,
  },
];
const query = `query ($filter: MetricsFilter) {
  leadScoreMatrix(filter: $filter) { total cells { fitGrade engagementBand count conversionBase reachedSql won sqlRate winRate } }
}`;
type Cell = {
  fitGrade: string;
  engagementBand: number;
  count: number;
  conversionBase: number;
  reachedSql: number;
};
const cell = (cells: Cell[], name: string) => cells.find((c) => `${c.fitGrade}${c.engagementBand}` === name)!;

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(
    `the matrix counts conversions where people were handed off, on ${dialect.name}`,
    () => {
      let gateway: TestGateway;
      beforeAll(async () => {
        gateway = await createTestGateway(dialect.name);
        expect((await gateway.ingest('acme', records)).rejected).toEqual([]);
      });
      afterAll(() => gateway?.drop());

      const matrices = async () => {
        const raw = createTandemYoga(gateway.database, {
          keys: testKeys,
          security: gateway.security,
          rollups: false,
        });
        type Answer = { leadScoreMatrix: { total: number; cells: Cell[] } };
        const fromRaw = (await askAsAdmin(raw, query, { filter: {} })) as Answer;
        const fromRollups = (await askAsAdmin(gateway.yoga, query, { filter: {} })) as Answer;
        expect(fromRollups).toEqual(fromRaw);
        return fromRaw.leadScoreMatrix.cells;
      };

      it('ann handed off at B2, now B3: her SQL counts in B2; count stays the current cell', async () => {
        const handoff = await gateway
          .store('acme')
          .db.selectFrom('handoffs')
          .selectAll()
          .executeTakeFirstOrThrow();
        expect([handoff.fit_grade_at_handoff, handoff.band_at_handoff]).toEqual(['B', 2]);
        const cells = await matrices();
        expect(cell(cells, 'B2')).toMatchObject({ count: 0, conversionBase: 1, reachedSql: 1, sqlRate: 1 });
        expect(cell(cells, 'B3')).toMatchObject({
          count: 1,
          conversionBase: 0,
          reachedSql: 0,
          sqlRate: null,
        });
        expect(cell(cells, 'B4')).toMatchObject({ count: 1, conversionBase: 1, reachedSql: 0, sqlRate: 0 });
      });

      it('migration 0006 back-fills a handoff’s cell from the score events up to its instant', async () => {
        const db = gateway.store('acme').db;
        await db.updateTable('handoffs').set({ fit_grade_at_handoff: null, band_at_handoff: null }).execute();
        await backfill(gateway.database.db);
        const handoff = await db.selectFrom('handoffs').selectAll().executeTakeFirstOrThrow();
        expect([handoff.fit_grade_at_handoff, handoff.band_at_handoff]).toEqual(['B', 2]);
      });
    },
  );
}
