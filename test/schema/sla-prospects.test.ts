/**
 * Prospects' handoffs against the rest on a hand-made fixture, on SQLite and PostgreSQL, read from
 * the rollups and from raw rows. February 2026 handoffs (all at 10:00 New York):
 * - prospects (four flags set before the handoff): P1 accepted → SQL; P2 accepted → SQL;
 *   P3 accepted, then sent back;
 * - non-prospects: P4 (no budget) accepted → SQL; P5 (no flags) sent back; P6 (no flags) not
 *   answered; P7 handed off without flags and given all four a week later: still not a prospect's
 *   handoff, since what counts is what sales was handed.
 * The funnel of the people's creation month (January) counts the same handoffs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { dialects } from '../support/databases.js';
import { askAsAdmin, createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';

const query = /* GraphQL */ `
  query ($filter: MetricsFilter) {
    sla(filter: $filter) {
      marketing {
        handoffs
        prospects { handoffs accepted acceptanceRate sqls sqlRate }
        nonProspects { handoffs accepted acceptanceRate sqls sqlRate }
      }
    }
  }`;

const at = (day: number, hour = 10) =>
  Date.parse(`2026-02-${String(day).padStart(2, '0')}T${hour + 5}:00:00Z`);
const yes = { icpFit: true, hasBudget: true, hasTimeframe: true, willingToEngage: true };

function person(
  id: string,
  flags: object,
  updatedAt = Date.parse('2026-01-15T12:00:00Z'),
): SourceRecordInput {
  return {
    kind: 'person',
    system: 'csv',
    objectType: 'record',
    sourceId: id,
    email: `${id}@prospects.example`,
    createdAt: Date.parse('2026-01-10T12:00:00Z'),
    updatedAt,
    ...flags,
  };
}

function moves(id: string, steps: [string, number][]): SourceRecordInput[] {
  return steps.map(([to, occurredAt], i) => ({
    kind: 'stageChange',
    system: 'csv',
    sourceId: `${id}-${i}`,
    person: { email: `${id}@prospects.example` },
    to,
    byTeam: to === 'mql' || to === 'lead' ? 'marketing' : 'sales',
    occurredAt,
  }));
}

const handoffs: SourceRecordInput[] = [
  person('p1', yes),
  person('p2', yes),
  person('p3', yes),
  person('p4', { ...yes, hasBudget: false }),
  person('p5', {}),
  person('p6', {}),
  person('p7', {}),
  ...moves('p1', [
    ['lead', at(2)],
    ['mql', at(3)],
    ['sal', at(4)],
    ['sql', at(5)],
  ]),
  ...moves('p2', [
    ['lead', at(2)],
    ['mql', at(3)],
    ['sal', at(4)],
    ['sql', at(6)],
  ]),
  ...moves('p3', [
    ['lead', at(2)],
    ['mql', at(3)],
    ['sal', at(4)],
    ['lead', at(9)],
  ]),
  ...moves('p4', [
    ['lead', at(2)],
    ['mql', at(10)],
    ['sal', at(11)],
    ['sql', at(12)],
  ]),
  ...moves('p5', [
    ['lead', at(2)],
    ['mql', at(10)],
    ['sal', at(11)],
    ['lead', at(12)],
  ]),
  ...moves('p6', [
    ['lead', at(2)],
    ['mql', at(10)],
  ]),
  ...moves('p7', [
    ['lead', at(2)],
    ['mql', at(10)],
  ]),
];

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`prospects' handoffs on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let raw: TandemYoga;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      raw = createTandemYoga(gateway.database, {
        keys: testKeys,
        security: gateway.security,
        rollups: false,
      });
      expect((await gateway.ingest('acme', handoffs)).rejected).toEqual([]);
      // P7's flags arrive after its handoff was recorded.
      const later = [person('p7', yes, Date.parse('2026-02-17T12:00:00Z'))];
      expect((await gateway.ingest('acme', later)).rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    it('counts prospects and the rest, with their acceptance and SQL rates, from rollups and raw rows', async () => {
      const expected = {
        sla: {
          marketing: {
            handoffs: 7,
            prospects: { handoffs: 3, accepted: 2, acceptanceRate: 2 / 3, sqls: 2, sqlRate: 2 / 3 },
            nonProspects: { handoffs: 4, accepted: 1, acceptanceRate: 1 / 2, sqls: 1, sqlRate: 1 / 4 },
          },
        },
      };
      const filter = { from: '2026-02-01', to: '2026-02-28' };
      expect(await askAsAdmin(gateway.yoga, query, { filter })).toEqual(expected);
      expect(await askAsAdmin(raw, query, { filter })).toEqual(expected);
    });

    it("counts the same handoffs in the funnel of the people's creation month, as the SLA does for February", async () => {
      const funnel = /* GraphQL */ `
        query ($filter: MetricsFilter) {
          funnel(filter: $filter) {
            entered
            prospects { handoffs accepted acceptanceRate sqls sqlRate }
            nonProspects { handoffs accepted acceptanceRate sqls sqlRate }
          }
        }`;
      const sla = await askAsAdmin(gateway.yoga, query, { filter: { from: '2026-02-01', to: '2026-02-28' } });
      const { prospects, nonProspects } = (sla as { sla: { marketing: Record<string, unknown> } }).sla
        .marketing;
      const january = { from: '2026-01-01', to: '2026-01-31' };
      const expected = { funnel: { entered: 7, prospects, nonProspects } };
      expect(await askAsAdmin(gateway.yoga, funnel, { filter: january })).toEqual(expected);
      expect(await askAsAdmin(raw, funnel, { filter: january })).toEqual(expected);
      // A cohort without those people has no handoffs of either kind.
      const march = await askAsAdmin(gateway.yoga, funnel, {
        filter: { from: '2026-03-01', to: '2026-03-31' },
      });
      expect(march).toMatchObject({ funnel: { entered: 0, prospects: { handoffs: 0, sqlRate: null } } });
    });
  });
}
