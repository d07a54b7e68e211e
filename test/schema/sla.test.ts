/**
 * Both sides of the SLA on the hand-made fixture (funnel-fixture.ts), on SQLite and PostgreSQL.
 * Handoffs in February (New York days): H1 Ann 1 h, H2 Bob 3 h, H3 Cat 5 h (a breach across a
 * weekend), H4 Dan never touched (open breach), H5 Gus 1.5 h, H6 Hal 1 h (handed off Saturday 23:30).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDayOf } from '../../gateway/domain/time-zone.js';
import { slaOperation } from '../../widgets/sla-gauge/sla-gauge.query.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { est, fixtureRecords } from './funnel-fixture.js';

const february = { from: '2026-02-01', to: '2026-02-28' };
const followUp =
  'handoffs followedUpWithinTarget withinTargetRate medianResponseHours p90ResponseHours openBreaches closedBreaches pending';
const query = /* GraphQL */ `
  query ($filter: MetricsFilter) {
    sla(filter: $filter) {
      from to
      policy { version targetHours timeZone businessDays startHour endHour holidays monthlyLeadGoal monthlyMqlGoal redBelow amberBelow }
      sales { ${followUp} byRep { rep { name } ${followUp} } byTeam { team { name } ${followUp} } }
      marketing { months leadGoal leads leadGoalAttainment mqlGoal mqls goalAttainment handoffs acceptanceRate sentBackRate qualifiedToSqlRate }
    }
  }`;

type Row = Record<string, number | null> & { rep?: { name: string } | null; team?: { name: string } | null };
interface SlaData {
  sla: {
    policy: Record<string, unknown>;
    sales: Row & { byRep: Row[]; byTeam: Row[] };
    marketing: Record<string, number | null>;
  };
}

/** A follow-up row with its rates and percentiles rounded to 9 digits, for exact comparison. */
function rounded(row: Row) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value;
  }
  return out;
}
const r9 = (value: number) => Math.round(value * 1e9) / 1e9;
/** A range that starts a week before the future handoff below (made 30 days from now). */
const futureFrom = new Date(Date.now() + 23 * 86_400_000).toISOString().slice(0, 10);

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`sla on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const sla = async (filter: Record<string, unknown> = {}, tenant = 'acme') => {
      const result = await gateway.graphql<SlaData>(query, { filter }, { tenant });
      expect(result.errors).toBeUndefined();
      return result.data!.sla;
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      // The fixture is a live tenant's March, replayed: its unanswered handoffs are live breaches.
      expect((await gateway.ingest('acme', fixtureRecords(), { replay: true })).rejected).toEqual([]);
      // One handoff whose deadline is still ahead: made 30 days from now (records may be dated up
      // to a year ahead: docs/domain.md), on the hour.
      const at = Math.floor((Date.now() + 30 * 86_400_000) / 3_600_000) * 3_600_000;
      const future = await gateway.ingest('globex', [
        {
          kind: 'person',
          system: 'csv',
          objectType: 'record',
          sourceId: 'z',
          email: 'zoe@future.example',
          createdAt: at - 3_600_000,
          updatedAt: at,
        },
        {
          kind: 'stageChange',
          system: 'csv',
          sourceId: 'z1',
          person: { email: 'zoe@future.example' },
          to: 'mql',
          byTeam: 'marketing',
          occurredAt: at,
        },
      ]);
      expect(future.rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    it('shows the policy in force', async () => {
      expect((await sla(february)).policy).toEqual({
        version: 1,
        targetHours: 4,
        timeZone: 'America/New_York',
        businessDays: [1, 2, 3, 4, 5],
        startHour: 9,
        endHour: 17,
        holidays: [],
        monthlyLeadGoal: 300,
        monthlyMqlGoal: 60,
        redBelow: 0.7,
        amberBelow: 0.9,
      });
    });

    it('measures sales follow-up in business hours, with live and closed breaches', async () => {
      const { byRep, byTeam, ...sales } = (await sla(february)).sales;
      // Response hours 1, 1, 1.5, 3, 5: median 1.5; p90 at rank 0.9 × 4 = 3.6 → 3 + 0.6 × (5 − 3) = 4.2.
      expect(rounded(sales)).toEqual({
        handoffs: 6,
        followedUpWithinTarget: 4,
        withinTargetRate: r9(4 / 6),
        medianResponseHours: 1.5,
        p90ResponseHours: 4.2,
        openBreaches: 1, // Dan
        closedBreaches: 1, // Cat: 69 wall-clock hours, 5 business hours
        pending: 0,
      });
      const byName = (rows: Row[], key: 'rep' | 'team') =>
        rows
          .map((row) => rounded(row))
          .sort((a, b) =>
            String((a[key] as { name: string }).name).localeCompare((b[key] as { name: string }).name),
          );
      expect(byName(byRep, 'rep')).toEqual([
        {
          rep: { name: 'Ray Three' },
          handoffs: 1,
          followedUpWithinTarget: 1,
          withinTargetRate: 1,
          medianResponseHours: 1,
          p90ResponseHours: 1,
          openBreaches: 0,
          closedBreaches: 0,
          pending: 0,
        },
        // 1 h and 3 h: p90 = 1 + 0.9 × 2.
        {
          rep: { name: 'Rita One' },
          handoffs: 2,
          followedUpWithinTarget: 2,
          withinTargetRate: 1,
          medianResponseHours: 2,
          p90ResponseHours: 2.8,
          openBreaches: 0,
          closedBreaches: 0,
          pending: 0,
        },
        // 1.5 h and 5 h (Dan untouched): p90 = 1.5 + 0.9 × 3.5.
        {
          rep: { name: 'Rob Two' },
          handoffs: 3,
          followedUpWithinTarget: 1,
          withinTargetRate: r9(1 / 3),
          medianResponseHours: 3.25,
          p90ResponseHours: 4.65,
          openBreaches: 1,
          closedBreaches: 1,
          pending: 0,
        },
      ]);
      expect(byName(byTeam, 'team')).toEqual([
        // 1, 1.5, 3, 5: median 2.25, p90 at rank 2.7 → 3 + 0.7 × 2 = 4.4.
        {
          team: { name: 'Sales East' },
          handoffs: 5,
          followedUpWithinTarget: 3,
          withinTargetRate: 0.6,
          medianResponseHours: 2.25,
          p90ResponseHours: 4.4,
          openBreaches: 1,
          closedBreaches: 1,
          pending: 0,
        },
        {
          team: { name: 'Sales West' },
          handoffs: 1,
          followedUpWithinTarget: 1,
          withinTargetRate: 1,
          medianResponseHours: 1,
          p90ResponseHours: 1,
          openBreaches: 0,
          closedBreaches: 0,
          pending: 0,
        },
      ]);
    });

    it('measures marketing volume against the goals and handoff quality', async () => {
      const { marketing } = await sla(february);
      // 28 days ÷ 30.44 = 0.92 months: lead goal 300 × 0.92 = 276, MQL goal 60 × 0.92 = 55.2 → 55.
      expect(rounded(marketing as Row)).toEqual({
        months: 0.92,
        leadGoal: 276,
        leads: 6, // Ann, Bob, Cat, Dan, Eve, Hal (Gus became a lead in January)
        leadGoalAttainment: r9(6 / 276),
        mqlGoal: 55,
        mqls: 7, // the six handoffs, and Eve who skipped to sql
        goalAttainment: r9(7 / 55),
        handoffs: 6,
        acceptanceRate: 0.75, // Ann, Cat, Gus accepted; Bob sent back; Dan and Hal still open
        sentBackRate: r9(1 / 6),
        qualifiedToSqlRate: 0.5, // Ann, Cat, Gus reached sql after their handoff
      });
    });

    it('counts a handoff at 23:30 on the last local day of the range, not on the next', async () => {
      expect((await sla({ from: '2026-02-01', to: '2026-02-28' })).sales.handoffs).toBe(6);
      expect((await sla({ from: '2026-02-01', to: '2026-02-27' })).sales.handoffs).toBe(5);
      expect((await sla({ from: '2026-03-01' })).sales.handoffs).toBe(0);
    });

    it('narrows by segment, owner and team', async () => {
      const users = await gateway
        .store('acme')
        .db.selectFrom('users')
        .select(['id', 'email', 'team_id'])
        .execute();
      const rep2 = users.find((u) => u.email === 'rep2@acme.example')!;
      const rep3 = users.find((u) => u.email === 'rep3@acme.example')!;

      const enterprise = await sla({ ...february, segment: 'Enterprise' }); // Ann and Bob
      expect(enterprise.sales).toMatchObject({
        handoffs: 2,
        followedUpWithinTarget: 2,
        withinTargetRate: 1,
        medianResponseHours: 2,
      });
      expect(enterprise.marketing).toMatchObject({
        leads: 2,
        mqls: 2,
        acceptanceRate: 0.5,
        sentBackRate: 0.5,
        qualifiedToSqlRate: 0.5,
      });

      const owned = await sla({ ...february, ownerId: rep2.id }); // Cat, Dan, Gus
      expect(owned.sales).toMatchObject({
        handoffs: 3,
        followedUpWithinTarget: 1,
        openBreaches: 1,
        closedBreaches: 1,
      });
      expect(owned.marketing).toMatchObject({ leads: 2, mqls: 3 });

      expect((await sla({ ...february, teamId: rep3.team_id })).sales.handoffs).toBe(1); // Hal
    });

    it('covers the whole history since the first lead when no range is given', async () => {
      const before = Date.now();
      const { marketing, sales } = await sla();
      const after = Date.now();
      const months = (now: number) =>
        Math.round(
          ((localDayOf(now, 'America/New_York') -
            localDayOf(est('2026-01-21 10:00'), 'America/New_York') +
            1) /
            30.44) *
            100,
        ) / 100;
      expect([months(before), months(after)]).toContain(marketing.months);
      expect(marketing).toMatchObject({ leads: 7, mqls: 7, leadGoal: Math.round(300 * marketing.months!) });
      expect(sales.handoffs).toBe(6);
    });

    it('keeps an untouched handoff with its deadline ahead as pending, not breached', async () => {
      const { sales } = await sla({ from: futureFrom }, 'globex');
      expect(sales).toMatchObject({
        handoffs: 1,
        followedUpWithinTarget: 0,
        pending: 1,
        openBreaches: 0,
        medianResponseHours: null,
      });
    });

    it('rejects a reversed range and an unknown stage', async () => {
      const reversed = await gateway.graphql(query, { filter: { from: '2026-03-01', to: '2026-02-01' } });
      expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_RANGE');
      expect(reversed.errors?.[0]?.message).toBe('`from` 2026-03-01 is after `to` 2026-02-01');
      const unknown = await gateway.graphql(query, { filter: { stage: 'MQL' } });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('UNKNOWN_STAGE');
      expect(unknown.errors?.[0]?.message).toContain("unknown stage 'MQL'");
    });

    it('answers the SLA gauge widget’s own query in definitions + freshness + 2 statements', async () => {
      await gateway.graphql(slaOperation.query, { filter: february }); // the definitions, loaded once
      const result = await gateway.graphql(slaOperation.query, { filter: february });
      expect(result.errors).toBeUndefined();
      // the definitions' current versions 1 + rollups' freshness 1 + sales 1 + marketing 1
      expect(result.statements).toBe(4);
    });
  });
}
