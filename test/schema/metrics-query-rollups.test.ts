/**
 * The metrics query from the slices rollup (gateway/metrics/breakdown/slices.ts), on SQLite and
 * PostgreSQL: which families it serves and which read raw rows, every row equal to the raw path's
 * for several slices and grains, and a person whose lead source and region change moving to their
 * new slices at the next read. (test/rollups/equivalence.test.ts asks the same breakdowns of a
 * gateway reading rollups and of one reading raw rows after random writes of every kind.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BreakdownAsk, readBreakdown } from '../../gateway/metrics/breakdown/index.js';
import { freshRollups, type MetricRequest } from '../../gateway/metrics/choose.js';
import { type MetricsFilter, rangeOf } from '../../gateway/metrics/filter.js';
import { generateDemoRecords } from '../../gateway/seed/generate.js';
import { loadDefinitions } from '../../gateway/store/definitions.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const now = new Date();
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const year = {
  from: isoDay(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1)),
  to: isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)),
};
/** A range that starts and ends mid-month: its edge days come from the daily rows. */
const ragged = {
  from: isoDay(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 17)),
  to: isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 9)),
};

const ask = (
  measures: BreakdownAsk['measures'],
  dimensions: BreakdownAsk['dimensions'],
  grain: BreakdownAsk['grain'],
) => ({
  measures,
  dimensions,
  grain,
  order: [],
  limit: null,
});
const people = [
  { measure: 'LEADS' as const },
  { measure: 'MQLS' as const },
  { measure: 'SQLS' as const },
  { measure: 'CONVERSION' as const, from: 'lead', to: 'sql' },
  { measure: 'CONVERSION' as const, from: 'subscriber', to: 'customer' },
];
const deals = ['WON', 'LOST', 'WIN_RATE', 'REVENUE', 'MEAN_DAYS'].map((measure) => ({
  measure: measure as 'WON',
}));

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`metrics query from the slices rollup on ${dialect.name}`, () => {
    let gateway: TestGateway;

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const records = generateDemoRecords({ tenantId: 'acme', seed: 16, people: 300, touches: 3_000, now });
      expect((await gateway.ingest('acme', records)).rejectedCount).toBe(0);
    });
    afterAll(async () => {
      await gateway?.drop();
    });

    /** The same ask through the rollups and through the raw rows. */
    const both = async (filter: MetricsFilter, breakdown: BreakdownAsk) => {
      const store = gateway.store('acme');
      const definitions = await loadDefinitions(store);
      const tenant = await store.db.selectFrom('tenants').select('time_zone').executeTakeFirstOrThrow();
      const timeZone = tenant.time_zone;
      const query = { filter, range: rangeOf(filter, timeZone), definitions, timeZone, now: now.getTime() };
      const calendar = { timeZone, fiscalYearStart: 1 };
      const rollups: MetricRequest = {
        store,
        rollups: () => freshRollups(store, definitions, timeZone, now.getTime()),
      };
      const raw: MetricRequest = { store, rollups: async () => null };
      return {
        rollups: await readBreakdown(rollups, query, calendar, breakdown),
        raw: await readBreakdown(raw, query, calendar, breakdown),
      };
    };
    const expectEqual = (answers: Awaited<ReturnType<typeof both>>, label: string) => {
      const { rollups, raw } = answers;
      expect(
        rollups.rows.map((r) => [r.period, r.keys]),
        label,
      ).toEqual(raw.rows.map((r) => [r.period, r.keys]));
      const values = (rows: { values: (number | null)[] }[]) => rows.flatMap((r) => r.values);
      for (const [actual, expected] of [
        [values(rollups.rows), values(raw.rows)],
        [rollups.totals, raw.totals],
      ] as const) {
        for (const [i, value] of actual.entries()) {
          const other = expected[i] ?? null;
          if (value === null || other === null) expect(value, label).toBe(other);
          else
            expect(Math.abs(value - other), `${label}: ${value} vs ${other}`).toBeLessThan(
              1e-9 * Math.max(1, Math.abs(other)),
            );
        }
      }
    };

    it('people and deal measures by the kept dimensions come from the rollup, equal to the raw rows', async () => {
      let slices = 0;
      for (const filter of [year, ragged, {}]) {
        for (const [breakdown, families] of [
          [ask(people, ['LEAD_SOURCE'], 'MONTH'), { milestones: 'rollups' }],
          [ask(deals, ['REGION'], 'QUARTER'), { deals: 'rollups' }],
          [
            ask([...people, ...deals], ['SEGMENT', 'FIT_GRADE'], 'WEEK'),
            { milestones: 'rollups', deals: 'rollups' },
          ],
          [
            ask([people[3]!, deals[2]!], ['REGION', 'LEAD_SOURCE', 'SEGMENT'], null),
            { milestones: 'rollups', deals: 'rollups' },
          ],
          [ask([people[0]!, deals[3]!], [], 'YEAR'), { milestones: 'rollups', deals: 'rollups' }],
          [ask([people[1]!], ['FIT_GRADE'], 'DAY'), { milestones: 'rollups' }],
        ] as const) {
          const answers = await both(filter, breakdown);
          const label = `${JSON.stringify(breakdown.dimensions)} by ${breakdown.grain} over ${JSON.stringify(filter)}`;
          expect(answers.rollups.readFrom, label).toEqual(families);
          expect(answers.raw.readFrom, label).toEqual(
            Object.fromEntries(Object.keys(families).map((f) => [f, 'raw'])),
          );
          expectEqual(answers, label);
          slices += answers.rollups.rows.length;
        }
      }
      expect(slices).toBeGreaterThan(500);
    });

    it('reads raw rows where a dimension, a measure or the filter is not kept in the rollup', async () => {
      const cases: [MetricsFilter, BreakdownAsk, Record<string, string>][] = [
        [year, ask([people[0]!, deals[0]!], ['OWNER'], 'MONTH'), { milestones: 'raw', deals: 'raw' }],
        [year, ask([deals[0]!, { measure: 'MEDIAN_DAYS' }], ['REGION'], 'QUARTER'), { deals: 'raw' }],
        [
          year,
          ask([people[0]!, { measure: 'HANDOFFS' }], ['REGION'], null),
          { milestones: 'rollups', handoffs: 'raw' },
        ],
        [
          { ...year, segment: 'Enterprise' },
          ask([people[0]!], ['LEAD_SOURCE'], 'MONTH'),
          { milestones: 'raw' },
        ],
        [year, ask([{ measure: 'PIPELINE' }], ['REGION'], null), { deals: 'raw' }],
      ];
      for (const [filter, breakdown, families] of cases) {
        const answers = await both(filter, breakdown);
        expect(answers.rollups.readFrom, JSON.stringify(breakdown.measures)).toEqual(families);
        expectEqual(answers, JSON.stringify(breakdown));
      }
    });

    it('a person whose lead source and region change leaves their slices for the new ones', async () => {
      const store = gateway.store('acme');
      const mover = await store.db
        .selectFrom('person_identities as i')
        .innerJoin('people as p', 'p.id', 'i.person_id')
        .innerJoin('person_slices as s', 's.person_id', 'p.id')
        .innerJoin('opportunities as o', 'o.primary_person_id', 'p.id')
        .select(['i.system', 'i.object_type', 'i.source_id', 'p.created_at', 's.lead_source', 's.region'])
        .where('s.lead_day', 'is not', null)
        .where('s.lead_source', '!=', '')
        .where('o.is_closed', '=', 1)
        .limit(1)
        .executeTakeFirstOrThrow();
      const breakdown = ask([people[0]!, deals[0]!, deals[1]!], ['LEAD_SOURCE', 'REGION'], null);
      const before = (await both({}, breakdown)).rollups;
      await gateway.ingest('acme', [
        {
          kind: 'person',
          system: mover.system,
          objectType: mover.object_type as 'lead',
          sourceId: mover.source_id,
          leadSource: 'Moved Source',
          region: 'Moved Region',
          createdAt: Number(mover.created_at),
          updatedAt: now.getTime() + 60_000,
        },
      ]);
      const answers = await both({}, breakdown);
      expectEqual(answers, 'after the move');
      const row = (rows: typeof before.rows, keys: string[]) =>
        rows.find((r) => JSON.stringify(r.keys) === JSON.stringify(keys))?.values ?? [0, 0, 0];
      const moved = row(answers.rollups.rows, ['Moved Source', 'Moved Region']);
      expect(moved[0]).toBe(1); // one lead
      expect(Number(moved[1]) + Number(moved[2])).toBeGreaterThan(0); // and their closed deals
      const left = row(answers.rollups.rows, [mover.lead_source, mover.region]);
      const was = row(before.rows, [mover.lead_source, mover.region]);
      expect(Number(left[0])).toBe(Number(was[0]) - 1);
      expect(Number(left[1]) + Number(left[2])).toBe(
        Number(was[1]) + Number(was[2]) - Number(moved[1]) - Number(moved[2]),
      );
      expect(answers.rollups.totals).toEqual(before.totals);
    });

    it("an account's segment edited on the account alone moves its people to the new segment", async () => {
      const store = gateway.store('acme');
      const account = await store.db
        .selectFrom('account_identities as i')
        .innerJoin('accounts as a', 'a.id', 'i.account_id')
        .innerJoin('people as p', 'p.account_id', 'a.id')
        .select([
          'i.system',
          'i.source_id',
          'a.name',
          'a.domain',
          (eb) => eb.fn.countAll<number>().as('people'),
        ])
        .groupBy(['i.system', 'i.source_id', 'a.name', 'a.domain'])
        .orderBy('people', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const breakdown = ask(
        [people[0]!, { measure: 'REACHED' as const, to: 'subscriber' }],
        ['SEGMENT'],
        null,
      );
      const before = (await both({}, breakdown)).rollups;
      await gateway.ingest('acme', [
        {
          kind: 'account',
          system: account.system,
          sourceId: account.source_id,
          name: account.name,
          domain: account.domain,
          segment: 'Moved Segment',
          updatedAt: now.getTime() + 120_000,
        },
      ]);
      const answers = await both({}, breakdown);
      expectEqual(answers, 'after the account moved');
      const moved = answers.rollups.rows.find((r) => r.keys[0] === 'Moved Segment');
      // Every person of the account is in the funnel's cohort: all of them moved.
      expect(Number(moved?.values[1])).toBe(Number(account.people));
      expect(answers.rollups.totals).toEqual(before.totals);
    });
  });
}
