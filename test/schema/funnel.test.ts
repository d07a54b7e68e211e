/**
 * The funnel by entry cohort on the hand-made fixture (funnel-fixture.ts), on SQLite and
 * PostgreSQL; plus the statement count of a whole dashboard (funnel + sla + revenue) request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { funnelOperation } from '../../widgets/funnel/funnel.query.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { est, fixtureRecords } from './funnel-fixture.js';

const february = { from: '2026-02-01', to: '2026-02-28' };
const day = 86_400_000;
/** Rounded to 9 digits: SQL and JavaScript may differ in the last bits of a division. */
const r9 = (value: number | null) => (value === null ? null : Math.round(value * 1e9) / 1e9);
const query = /* GraphQL */ `
  query ($filter: MetricsFilter) {
    funnel(filter: $filter) {
      from to entered
      stages { key label ownerTeam position reached conversionToNext medianDaysToNext recycledBack }
    }
  }`;

interface Stage {
  key: string;
  reached: number;
  conversionToNext: number | null;
  medianDaysToNext: number | null;
  recycledBack: number;
}
type FunnelData = { funnel: { from: string | null; to: string | null; entered: number; stages: Stage[] } };

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`funnel on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const funnel = async (filter: Record<string, unknown> = {}) => {
      const result = await gateway.graphql<FunnelData>(query, { filter });
      expect(result.errors).toBeUndefined();
      return result.data!.funnel;
    };
    const reached = (stages: Stage[]) => Object.fromEntries(stages.map((s) => [s.key, s.reached]));

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      for (const tenant of ['acme', 'globex']) {
        const report = await gateway.ingest(tenant, fixtureRecords());
        expect(report.rejected).toEqual([]);
      }
    });
    afterAll(() => gateway?.drop());

    it('counts the February cohort stage by stage, skips as passes and recycles out of the stage left', async () => {
      const result = await funnel(february);
      // Created in February: Ann, Bob, Cat, Dan, Eve, Fay and Hal (Gus was created in January).
      expect(result).toMatchObject({ from: '2026-02-01', to: '2026-02-28', entered: 7 });
      expect(result.stages.map((s) => [s.key, s.reached, s.recycledBack])).toEqual([
        ['subscriber', 7, 0],
        ['lead', 6, 0], // all but Fay
        ['mql', 6, 0], // Eve skipped mql on her way to sql and counts
        ['sal', 4, 1], // Ann, Bob, Cat (skipped), Eve (skipped); Bob was recycled from sal
        ['sql', 3, 0], // Ann, Cat, Eve
        ['opportunity', 3, 1], // Eve's lost deal O3 sent her back to nurture (lead)
        ['customer', 1, 0], // Ann
      ]);
      expect(result.stages.map((s) => r9(s.conversionToNext))).toEqual(
        [6 / 7, 1, 4 / 6, 3 / 4, 1, 1 / 3, null].map(r9),
      );
      // Whole days (each duration rounded) from first reaching a stage (or beyond) to first
      // reaching the next (or beyond):
      // subscriber→lead: Ann 1, Bob 0, Cat 2 h → 0, Dan 0, Eve 1, Hal 1 h → 0: 0 0 0 0 1 1 → 0;
      // lead→mql: 1, 3, 3 d 3 h → 3, 6, 3 (Eve's sql), 30 min → 0: 0 1 3 3 3 6 → 3;
      // mql→sal: Ann 1, Bob 4, Cat 3 d 19 h → 4, Eve 0: 0 1 4 4 → (1 + 4) / 2;
      // sal→sql: 1, 0, 0 → 0; sql→opportunity: 3, 1, 1 → 1; opportunity→customer: Ann 11.
      const medians = [0, 3, 2.5, 0, 1, 11, null];
      expect(result.stages.map((s) => r9(s.medianDaysToNext))).toEqual(medians.map(r9));
    });

    it('labels the stages from the current ladder', async () => {
      const { stages } = await gateway
        .graphql<{ funnel: { stages: { label: string; ownerTeam: string; position: number }[] } }>(
          '{ funnel { stages { label ownerTeam position } } }',
        )
        .then((r) => r.data!.funnel);
      expect(stages[2]).toEqual({ label: 'MQL', ownerTeam: 'marketing', position: 3 });
      expect(stages[3]).toEqual({ label: 'SAL', ownerTeam: 'sales', position: 4 });
    });

    it('agrees with reached counts computed person by person from every stored transition', async () => {
      const store = gateway.store('acme');
      const people = await store.db.selectFrom('people').select(['id', 'stage']).execute();
      const transitions = await store.db
        .selectFrom('stage_transitions')
        .select(['person_id', 'to_stage'])
        .execute();
      const { stages } = await funnel();
      const position = new Map(stages.map((s, i) => [s.key, i + 1]));
      const highest = people.map((p) =>
        Math.max(
          position.get(p.stage)!,
          ...transitions.filter((t) => t.person_id === p.id).map((t) => position.get(t.to_stage)!),
        ),
      );
      expect(stages.map((s) => s.reached)).toEqual(
        stages.map((_, i) => highest.filter((h) => h >= i + 1).length),
      );
      expect(reached(stages)).toEqual({
        subscriber: 8,
        lead: 7,
        mql: 7,
        sal: 5,
        sql: 4,
        opportunity: 4, // Gus skips it: his won deal O4 made him a customer
        customer: 2, // Ann, Gus
      });
    });

    it('narrows the cohort by segment, owner, channel, current stage and local creation day', async () => {
      const owners = await gateway.store('acme').db.selectFrom('users').select(['id', 'email']).execute();
      const rep2 = owners.find((u) => u.email === 'rep2@acme.example')!.id;

      const enterprise = await funnel({ ...february, segment: 'Enterprise' }); // Ann, Bob
      expect(enterprise.entered).toBe(2);
      expect(reached(enterprise.stages)).toEqual({
        subscriber: 2,
        lead: 2,
        mql: 2,
        sal: 2,
        sql: 1,
        opportunity: 1,
        customer: 1,
      });
      expect(enterprise.stages[3]!.recycledBack).toBe(1);

      const owned = await funnel({ ...february, ownerId: rep2 }); // Cat, Dan (Gus is January's)
      expect(reached(owned.stages)).toEqual({
        subscriber: 2,
        lead: 2,
        mql: 2,
        sal: 1,
        sql: 1,
        opportunity: 1,
        customer: 0,
      });

      expect((await funnel({ channel: 'webinar' })).entered).toBe(1); // Ann
      expect((await funnel({ stage: 'lead' })).entered).toBe(2); // Bob, back in lead; Eve, after her lost deal
      // Hal was created at 22:00 New York time on the 28th: 03:00 UTC on 1 March.
      expect((await funnel({ from: '2026-02-28', to: '2026-02-28' })).entered).toBe(1);
      expect((await funnel({ from: '2026-03-01' })).entered).toBe(0);
      expect((await funnel({ to: '2026-01-31' })).entered).toBe(1); // Gus
    });

    it('counts one tenant only', async () => {
      const result = await gateway.graphql<FunnelData>(query, { filter: february }, { tenant: 'globex' });
      // Same records in Europe/Berlin: Hal's 04:00 (Berlin) on 1 March leaves February.
      expect(result.data!.funnel.entered).toBe(6);
      expect((await funnel()).entered).toBe(8);
    });

    it('rejects a reversed range and an unknown stage, naming the bad values', async () => {
      const reversed = await gateway.graphql(query, { filter: { from: '2026-05-01', to: '2026-04-01' } });
      expect(reversed.errors?.[0]).toMatchObject({
        message: '`from` 2026-05-01 is after `to` 2026-04-01',
        extensions: { code: 'BAD_RANGE' },
      });
      const unknown = await gateway.graphql(query, { filter: { stage: 'hot' } });
      expect(unknown.errors?.[0]).toMatchObject({
        message: "unknown stage 'hot' (stages: subscriber, lead, mql, sal, sql, opportunity, customer)",
        extensions: { code: 'UNKNOWN_STAGE' },
      });
    });

    it('answers the funnel widget’s own query', async () => {
      const result = await gateway.graphql(funnelOperation.query, { filter: february });
      expect(result.errors).toBeUndefined();
      expect(result.statements).toBeLessThanOrEqual(5); // definitions (3) + rollups' freshness (1) + the funnel (1)
    });
  });

  describe.skipIf(!available)(`dashboard statement count on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      for (const size of [5, 50]) {
        await ensureTenant(gateway.database, {
          id: `team${size}`,
          name: `Team ${size}`,
          timeZone: 'America/New_York',
          currency: 'USD',
        });
        const report = await gateway.ingest(`team${size}`, syntheticTeam(size));
        expect(report.rejected).toEqual([]);
      }
    });
    afterAll(() => gateway?.drop());

    const dashboard = /* GraphQL */ `{
      funnel(filter: { from: "2026-01-01", to: "2026-12-31" }) { entered stages { key reached conversionToNext medianDaysToNext recycledBack } }
      sla(filter: { from: "2026-01-01" }) {
        policy { targetHours }
        sales { handoffs withinTargetRate medianResponseHours p90ResponseHours openBreaches byRep { rep { name } handoffs } byTeam { team { name } handoffs } }
        marketing { leads mqls leadGoal goalAttainment acceptanceRate sentBackRate qualifiedToSqlRate }
      }
      revenueMetrics { winRate won lost pipeline revenue customerLifetimeValue }
    }`;

    it('runs the same small number of statements for 5 and for 50 people', async () => {
      const counts: number[] = [];
      for (const tenant of ['team5', 'team50']) {
        // The tenant list is read once per server, a version of the definitions once per tenant.
        await gateway.graphql('{ tenant { name } sla { policy { targetHours } } }', {}, { tenant });
        const result = await gateway.graphql<{ funnel: { entered: number } }>(dashboard, {}, { tenant });
        expect(result.errors).toBeUndefined();
        expect(result.data!.funnel.entered).toBe(tenant === 'team5' ? 5 : 50);
        counts.push(result.statements);
      }
      // the definitions' current versions 1 + rollups' freshness 1 + funnel 1 + SLA sales 1
      // + SLA marketing 1 + revenue 1 + the reps' and teams' names (one batched loader query each) 2.
      expect(counts).toEqual([8, 8]);
    });
  });
}

/** `size` people, each a lead handed off and touched; every third one won, every fifth one lost. */
function syntheticTeam(size: number) {
  const records: SourceRecordInput[] = [
    { kind: 'user', email: 'rep@team.example', name: 'Rep', team: 'Sales', teamFunction: 'sales' },
  ];
  for (let i = 0; i < size; i++) {
    const start = est('2026-02-02 10:00') + i * day;
    const ref = { email: `p${i}@team.example` };
    records.push(
      {
        kind: 'person',
        system: 'csv',
        objectType: 'record',
        sourceId: `p${i}`,
        email: ref.email,
        ownerEmail: 'rep@team.example',
        createdAt: start,
        updatedAt: start,
      },
      {
        kind: 'stageChange',
        system: 'csv',
        sourceId: `l${i}`,
        person: ref,
        to: 'lead',
        byTeam: 'marketing',
        occurredAt: start + 1000,
      },
      {
        kind: 'stageChange',
        system: 'csv',
        sourceId: `m${i}`,
        person: ref,
        to: 'mql',
        byTeam: 'marketing',
        occurredAt: start + 3_600_000,
      },
      {
        kind: 'activity',
        system: 'csv',
        sourceId: `a${i}`,
        person: ref,
        userEmail: 'rep@team.example',
        type: 'call',
        occurredAt: start + 7_200_000,
      },
      {
        kind: 'opportunity',
        system: 'csv',
        sourceId: `o${i}`,
        name: `O${i}`,
        primaryPerson: ref,
        stage: 'Proposal',
        amount: 1000 + i,
        probability: 0.5,
        createdAt: start,
        closedAt: i % 3 === 0 || i % 5 === 0 ? start + 10 * day : null,
        isClosed: i % 3 === 0 || i % 5 === 0,
        isWon: i % 3 === 0,
        grossProfit: 100,
      },
    );
  }
  return records;
}
