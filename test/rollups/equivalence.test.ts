/**
 * The rollups' promise: a dashboard read from them answers exactly what the raw rows answer,
 * after any sequence of writes. Demo data arrives in chunks of random size, then random writes
 * land on it (late history, stage moves both ways, sales follow-ups, new people and deals,
 * closed-loop qualification and deal outcomes, a new scoring model), and after every step the
 * whole dashboard is asked of a gateway reading rollups and of one computing from raw rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { recordDealOutcome } from '../../gateway/loop/deals.js';
import { qualifyLead, sendBackLead } from '../../gateway/loop/leads.js';
import { updateScoringModel } from '../../gateway/loop/scoring-model.js';
import { refreshRollups } from '../../gateway/metrics/refresh.js';
import { generateDemoRecords } from '../../gateway/seed/generate.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { dialects } from '../support/databases.js';
import { askAsAdmin, createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';

const now = new Date();
const dayMs = 86_400_000;

const dashboard = /* GraphQL */ `
  query Dashboard($filter: MetricsFilter) {
    funnel(filter: $filter) { entered stages { key reached conversionToNext medianDaysToNext meanDaysToNext recycledBack } }
    leadScoreMatrix(filter: $filter) { total cells { fitGrade engagementBand count conversionBase reachedSql won sqlRate winRate } }
    sla(filter: $filter) {
      sales {
        handoffs followedUpWithinTarget sentBackInTime withinTargetRate medianResponseHours p90ResponseHours
        openBreaches closedBreaches pending
        byRep { rep { id } handoffs sentBackInTime medianResponseHours p90ResponseHours openBreaches }
        byTeam { team { id } handoffs medianResponseHours p90ResponseHours closedBreaches }
      }
      marketing {
        months leads mqls handoffs acceptanceRate sentBackRate qualifiedToSqlRate
        prospects { handoffs accepted acceptanceRate sqls sqlRate }
        nonProspects { handoffs accepted acceptanceRate sqls sqlRate }
      }
    }
    wShaped: campaignRoi(filter: $filter, model: W_SHAPED) { ...roi }
    timeDecay: campaignRoi(filter: $filter, model: TIME_DECAY) { ...roi }
    bySource: metrics(measures: [{ measure: LEADS }, { measure: MQLS }, { measure: SQLS },
        { measure: CONVERSION, from: "lead", to: "sql" }, { measure: CONVERSION, from: "subscriber", to: "customer" }],
      dimensions: [LEAD_SOURCE], timeGrain: MONTH, filter: $filter) { ...table }
    byRegion: metrics(measures: [{ measure: WON }, { measure: LOST }, { measure: WIN_RATE }, { measure: REVENUE }, { measure: MEAN_DAYS }],
      dimensions: [REGION], timeGrain: QUARTER, filter: $filter) { ...table }
    bySegmentAndGrade: metrics(measures: [{ measure: MQLS }, { measure: CONVERSION, from: "mql", to: "sql" }, { measure: WIN_RATE }],
      dimensions: [SEGMENT, FIT_GRADE], timeGrain: WEEK, filter: $filter) { ...table }
    byYear: metrics(measures: [{ measure: LEADS }, { measure: REVENUE }], timeGrain: YEAR, filter: $filter) { ...table }
    whole: metrics(measures: [{ measure: CONVERSION, from: "lead", to: "customer" }, { measure: WON }],
      dimensions: [REGION, LEAD_SOURCE], filter: $filter) { ...table }
  }
  fragment table on MetricTable {
    rows { period { start end } dimensions { value } values } totals rowCount
  }
  fragment roi on CampaignRoiReport {
    campaigns {
      campaign { id }
      spend touches leads mqls opportunities pipeline handoffs sentBack sentBackRate attributedRevenue attributedGrossProfit newCustomers roi
    }
    unattributedRevenue nonCampaignRevenue wonRevenue
  }
`;

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * Lists in key order, −0 as 0: what summing the same values in another order may change, besides
 * the last bits of a number (`differences` allows those).
 */
function normalise(value: unknown): unknown {
  // `|| 0`: −0 and 0 are the same answer.
  if (typeof value === 'number') return value || 0;
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    // Ordered by their text with numbers to 6 digits, so last-bit differences cannot reorder them.
    const key = (item: unknown) =>
      JSON.stringify(item, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v));
    return items.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, normalise(v)]));
  }
  return value;
}

/**
 * Where two answers differ, by path. Numbers agree within 1e-9 of their size (absolute below 1):
 * sums of the same doubles in another order or on another engine, a p90 on PostgreSQL, differ in
 * their last bits; a ratio near zero such as an ROI of −0.00097 keeps only its sums' absolute
 * precision. Rounding both to a fixed precision instead fails whenever a value sits on an edge.
 */
function differences(actual: unknown, expected: unknown, path = '', found: string[] = []): string[] {
  if (typeof actual === 'number' && typeof expected === 'number') {
    if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(actual), Math.abs(expected)))
      found.push(`${path}: ${actual} vs ${expected}`);
  } else if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length)
      found.push(`${path}: ${actual.length} items vs ${expected.length}`);
    else for (const [i, item] of actual.entries()) differences(item, expected[i], `${path}[${i}]`, found);
  } else if (actual && expected && typeof actual === 'object' && typeof expected === 'object') {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys)
      differences(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}.${key}`,
        found,
      );
  } else if (actual !== expected) {
    found.push(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
  }
  return found;
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`rollups answer as raw rows do, on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let raw: TandemYoga;
    const rng = random(20261122);
    const filters = [
      {},
      { from: isoDay(now.getTime() - 365 * dayMs), to: isoDay(now.getTime()) },
      { from: isoDay(now.getTime() - 500 * dayMs), to: isoDay(now.getTime() - 137 * dayMs) },
      { from: isoDay(now.getTime() - 45 * dayMs), to: isoDay(now.getTime() - 44 * dayMs) },
    ];

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      raw = createTandemYoga(gateway.database, {
        keys: testKeys,
        security: gateway.security,
        rollups: false,
      });
    });
    afterAll(() => gateway?.drop());

    const ask = (yoga: TandemYoga, filter: object) => askAsAdmin(yoga, dashboard, { filter });

    async function expectSameAnswers(step: string) {
      for (const filter of filters) {
        const [fromRollups, fromRaw] = [await ask(gateway.yoga, filter), await ask(raw, filter)];
        expect(
          differences(normalise(fromRollups), normalise(fromRaw)),
          `${step}, filter ${JSON.stringify(filter)}`,
        ).toEqual([]);
      }
    }

    it('while demo data arrives in chunks of random size', async () => {
      const records = [
        ...generateDemoRecords({ tenantId: 'acme', seed: 11, people: 120, touches: 1_500, now, years: 2 }),
      ];
      let at = 0;
      let step = 0;
      while (at < records.length) {
        const size = 1 + rng.int(records.length / 3);
        const report = await gateway.ingest('acme', records.slice(at, at + size));
        expect(report.rejectedCount).toBe(0);
        at += size;
        await expectSameAnswers(`chunk ${++step}`);
      }
      const answer = (await ask(gateway.yoga, {})) as { funnel: { entered: number } };
      expect(answer.funnel.entered).toBeGreaterThan(100);
    });

    it('after random writes of every kind, and closed-loop changes', async () => {
      const store = gateway.store('acme');
      const people = await store.db
        .selectFrom('person_identities')
        .innerJoin('people', 'people.id', 'person_identities.person_id')
        .select(['person_id', 'system', 'object_type', 'source_id', 'people.created_at'])
        .execute();
      const users = await store.db.selectFrom('users').select('email').execute();
      const stages = ['subscriber', 'lead', 'mql', 'sal', 'sql', 'opportunity', 'customer'];
      const someone = () => {
        const p = rng.pick(people);
        return { system: p.system, objectType: p.object_type as 'lead', sourceId: p.source_id };
      };
      const past = () => now.getTime() - (1 + rng.int(600)) * dayMs - rng.int(dayMs);

      for (let round = 0; round < 4; round++) {
        const records: SourceRecordInput[] = [];
        for (let i = 0; i < 25; i++) {
          const id = `r${round}-${i}`;
          switch (rng.int(7)) {
            case 0:
              records.push({
                kind: 'stageChange',
                system: 'test',
                sourceId: id,
                person: someone(),
                to: rng.pick(stages),
                byTeam: rng.pick(['sales', 'marketing'] as const),
                occurredAt: past(),
              });
              break;
            case 1:
              records.push({
                kind: 'activity',
                system: 'test',
                sourceId: id,
                person: someone(),
                userEmail: rng.pick(users).email,
                type: 'call',
                occurredAt: past(),
              });
              break;
            case 2:
              records.push({
                kind: 'touch',
                system: 'test',
                sourceId: id,
                person: someone(),
                channel: 'email',
                type: rng.pick(['email_click', 'form_submit', 'webinar_attendance'] as const),
                occurredAt: past(),
              });
              break;
            case 6: {
              // A person moves to another lead source and region: the breakdowns' slices follow.
              const p = rng.pick(people);
              records.push({
                kind: 'person',
                system: p.system,
                objectType: p.object_type as 'lead',
                sourceId: p.source_id,
                leadSource: rng.pick(['Webinar', 'Referral', 'Paid Search']),
                region: rng.pick(['Europe', 'North America', 'APAC']),
                createdAt: Number(p.created_at),
                updatedAt: now.getTime() + round * 1000 + i,
              });
              break;
            }
            case 3:
              records.push({
                kind: 'person',
                system: 'test',
                objectType: 'record',
                sourceId: id,
                email: `${id}@random.example`,
                createdAt: past(),
                updatedAt: now.getTime(),
              });
              break;
            default: {
              const createdAt = past();
              const won = rng.next() < 0.5;
              records.push({
                kind: 'opportunity',
                system: 'test',
                sourceId: id,
                name: `Deal ${id}`,
                primaryPerson: someone(),
                amount: 1_000 + rng.int(50_000),
                stage: won ? 'Closed Won' : 'Closed Lost',
                probability: won ? 1 : 0,
                createdAt,
                closedAt: createdAt + rng.int(60) * dayMs,
                isClosed: true,
                isWon: won,
              });
            }
          }
        }
        // New people handed off, every other one a prospect (all four flags set before the handoff).
        for (let i = 0; i < 4; i++) {
          const id = `q${round}-${i}`;
          const flag = () => i % 2 === 0 || rng.next() < 0.5;
          const createdAt = past();
          records.push(
            {
              kind: 'person',
              system: 'test',
              objectType: 'record',
              sourceId: id,
              email: `${id}@random.example`,
              icpFit: flag(),
              hasBudget: flag(),
              hasTimeframe: flag(),
              willingToEngage: flag(),
              createdAt,
              updatedAt: createdAt,
            },
            {
              kind: 'stageChange',
              system: 'test',
              sourceId: `${id}-mql`,
              person: { email: `${id}@random.example` },
              to: 'mql',
              byTeam: 'marketing',
              occurredAt: createdAt + rng.int(20) * dayMs,
            },
          );
        }
        const report = await gateway.ingest('acme', records);
        expect(report.rejected).toEqual([]);
        await expectSameAnswers(`random round ${round}`);
      }

      // The prospects' counts compared above are not all zeros: some random handoffs were prospects'.
      const prospectHandoffs = await store.db
        .selectFrom('handoffs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('is_prospect', '=', 1)
        .executeTakeFirstOrThrow();
      expect(Number(prospectHandoffs.n)).toBeGreaterThan(0);

      const ctx = { actor: { name: 'Tess Tester', team: 'marketing' as const }, now: now.getTime() };
      await qualifyLead(
        store,
        rng.pick(people).person_id,
        {
          icpFit: true,
          hasBudget: true,
          hasTimeframe: true,
          willingToEngage: true,
        },
        ctx,
      );
      const open = await store.db
        .selectFrom('opportunities')
        .select('id')
        .where('is_closed', '=', 0)
        .limit(1)
        .executeTakeFirst();
      if (open)
        await recordDealOutcome(
          store,
          open.id,
          { won: true },
          { ...ctx, actor: { name: 'Sam', team: 'sales' } },
        );
      // A send-back changes its campaign's handoff counts on the handoff's day, not today's.
      const accepted = await store.db
        .selectFrom('handoffs as h')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .innerJoin('person_milestones as pm', 'pm.person_id', 'h.person_id')
        .select('h.person_id')
        .where('h.sent_back_at', 'is', null)
        .where('p.stage', 'in', ['sal', 'sql'])
        .where('pm.campaign_lead_id', 'is not', null)
        .limit(1)
        .executeTakeFirst();
      expect(accepted).toBeDefined();
      await sendBackLead(store, accepted!.person_id, 'bad_timing', null, {
        ...ctx,
        actor: { name: 'Sam', team: 'sales' },
      });
      await expectSameAnswers('closed-loop writes');

      const model = await gateway.graphql<{ scoringModel: { bandThresholds: number[] } }>(
        '{ scoringModel { bandThresholds } }',
      );
      const [low, mid, high] = model.data!.scoringModel.bandThresholds;
      await updateScoringModel(store, { bandThresholds: [low! + 5, mid! + 5, high! + 5] }, ctx);
      await expectSameAnswers('a new scoring model');
    });

    it('after a bulk load that defers its rollups to the next reader', async () => {
      const report = await ingestRecords(
        gateway.store('acme'),
        generateDemoRecords({ tenantId: 'acme', seed: 12, people: 40, touches: 400, now, years: 1 }),
        { rollups: 'defer' },
      );
      expect(report.rejectedCount).toBe(0);
      await expectSameAnswers('a deferred bulk load');
    });

    it('rebuilds to the same rows it maintained', async () => {
      const store = gateway.store('acme');
      const snapshot = async () =>
        Promise.all(
          (
            [
              'rollup_funnel',
              'rollup_velocity',
              'rollup_matrix',
              'rollup_handoffs',
              'rollup_response',
              'rollup_milestones',
              'person_slices',
              'deal_slices',
              'rollup_slice_people',
              'rollup_slice_cohort',
              'rollup_slice_deals',
              'rollup_slice_people_month',
              'rollup_slice_cohort_month',
              'rollup_slice_deals_month',
            ] as const
          ).map((table) =>
            store.db
              .selectFrom(table)
              .selectAll()
              .execute()
              .then((rows) => normalise(rows)),
          ),
        );
      await refreshRollups(store, { now: now.getTime() });
      const maintained = await snapshot();
      const reports = await refreshRollups(store, { now: now.getTime(), rebuild: true });
      expect(reports.map((r) => r.family).sort()).toEqual([
        'campaigns',
        'cohort',
        'handoffs',
        'matrix',
        'milestones',
        'slices',
      ]);
      expect(differences(await snapshot(), maintained)).toEqual([]);
    });
  });
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
