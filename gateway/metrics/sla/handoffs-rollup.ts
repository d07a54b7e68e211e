/**
 * The handoff family: per local day of the handoff and owner, the SLA's counts (followed up in
 * time, closed breaches, accepted, sent back, qualified; for prospects' handoffs apart, accepted,
 * outcome known and qualified) and a histogram of the exact response hours. Each handoff is judged by the breach rule (domain/sla-breach.ts): what sales answered is
 * kept by write; open breaches and pending handoffs depend on the clock, not on writes, so they
 * are counted from the few handoffs sales has not answered yet (index handoffs_untouched, the
 * rule's SQL form in metrics/sla/status.ts) on every request. Handoffs sent back in time are the
 * rest: the rule leaves every handoff exactly one status.
 */
import { sql } from 'kysely';
import { percentileOfSortedBins } from '../../domain/percentile.js';
import { answeredStatus, type HandoffSlaStatus, isClosedBreach, isHistory } from '../../domain/sla-breach.js';
import type { StageDefinition } from '../../domain/stages.js';
import { type DayRange, type DayRun, dayOf, instantsOf } from '../../rollups/calendar.js';
import { distributionRows, mergeBins, noBins, runsByKey } from '../../rollups/distribution.js';
import { rollupRows } from '../../rollups/months.js';
import { insertRows } from '../../store/insert-rows.js';
import type { RollupHandoffsTable, RollupResponseTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { Range } from '../filter.js';
import { qualifiedAfterHandoff, qualifiedStageKeys } from './marketing.js';
import { type FollowUp, type FollowUpCounts, followUpOf, type SalesFollowUpResult } from './sales.js';
import { clockRunning, handoffSlaStatusSql, liveSql } from './status.js';

export async function refreshHandoffs(
  store: TenantStore,
  defs: { timeZone: string; stages: StageDefinition[] },
  run: DayRun,
): Promise<void> {
  const { db } = store;
  for (const table of ['rollup_handoffs', 'rollup_response'] as const) {
    await db.deleteFrom(table).where('day', '>=', run.first).where('day', '<=', run.last).execute();
  }
  const range = instantsOf(run, defs.timeZone);
  const qualifiedKeys = qualifiedStageKeys(defs.stages);
  // One row per handoff, joined to its person as the raw metrics do; dated in JavaScript.
  const handoffs = await db
    .selectFrom('handoffs as h')
    .innerJoin('people as p', 'p.id', 'h.person_id')
    .where('h.handed_off_at', '>=', range.fromMs)
    .where('h.handed_off_at', '<', range.toMs)
    .select((eb) => [
      'h.handed_off_at',
      'h.owner_id',
      'h.deadline_at',
      'h.first_touch_at',
      'h.response_hours',
      'h.accepted_at',
      'h.sent_back_at',
      'h.is_prospect',
      'h.recorded_at',
      qualifiedAfterHandoff(eb, qualifiedKeys).as('qualified'),
    ])
    .execute();

  const tenant_id = store.tenantId;
  const groups = new Map<string, RollupHandoffsTable>();
  const bins = new Map<string, RollupResponseTable>();
  for (const h of handoffs) {
    const day = dayOf(Number(h.handed_off_at), defs.timeZone);
    const owner_id = h.owner_id ?? '';
    const key = `${day}\u0000${owner_id}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        tenant_id,
        day,
        owner_id,
        handoffs: 0,
        followed: 0,
        closed_breaches: 0,
        accepted: 0,
        sent_back: 0,
        outcome_known: 0,
        qualified: 0,
        prospects: 0,
        prospects_accepted: 0,
        prospects_outcome_known: 0,
        prospects_qualified: 0,
      };
      groups.set(key, group);
    }
    const clock = {
      deadlineAt: Number(h.deadline_at),
      firstTouchAt: h.first_touch_at === null ? null : Number(h.first_touch_at),
      sentBackAt: h.sent_back_at === null ? null : Number(h.sent_back_at),
    };
    const history = isHistory({ ...clock, recordedAt: h.recorded_at == null ? null : Number(h.recorded_at) });
    // History's deadline passed before it was written: unanswered, it is BREACHED whatever the clock.
    const status = answeredStatus(clock) ?? (history ? 'BREACHED' : null);
    group.handoffs++;
    if (status === 'WITHIN_TARGET') group.followed++;
    if (status !== null && isClosedBreach(status, history)) group.closed_breaches++;
    if (h.accepted_at !== null && h.sent_back_at === null) group.accepted++;
    if (h.sent_back_at !== null) group.sent_back++;
    if (h.accepted_at !== null || h.sent_back_at !== null) group.outcome_known++;
    group.qualified += Number(h.qualified);
    if (Number(h.is_prospect) === 1) {
      group.prospects++;
      if (h.accepted_at !== null && h.sent_back_at === null) group.prospects_accepted++;
      if (h.accepted_at !== null || h.sent_back_at !== null) group.prospects_outcome_known++;
      group.prospects_qualified += Number(h.qualified);
    }
    if (h.response_hours !== null) {
      const hours = Number(h.response_hours);
      const binKey = `${key}\u0000${hours}`;
      const bin = bins.get(binKey) ?? { tenant_id, day, owner_id, hours, handoffs: 0 };
      bin.handoffs++;
      bins.set(binKey, bin);
    }
  }
  await insertRows(db, 'rollup_handoffs', [...groups.values()]);
  await insertRows(db, 'rollup_response', [...bins.values()]);
}

/**
 * The sales side of the SLA for handoffs made in `days` (= `range`), from the rollups. The
 * breakdowns by rep and by team are worked out when first read: a dashboard asks for the totals.
 */
export async function salesFollowUpFromRollups(
  store: TenantStore,
  days: DayRange,
  range: Range,
  now: number,
): Promise<SalesFollowUpResult> {
  const { db } = store;
  const countOf = (status: HandoffSlaStatus) =>
    sql<number>`cast(sum(case when ${handoffSlaStatusSql('h', now)} = ${sql.lit(status)} then 1 else 0 end) as integer)`;
  // One statement: per-owner counts, the response hours, the unanswered handoffs (open breaches
  // and pending ones move with the clock) and every user's team, stacked.
  const rows = await db
    .selectFrom(rollupRows(db, 'rollup_handoffs', days).as('r'))
    .select([
      sql<string>`'counts'`.as('kind'),
      sql<string>`r.owner_id`.as('owner_id'),
      sql<string>`''`.as('team_id'),
      sql<number>`cast(sum(r.handoffs) as integer)`.as('a'),
      sql<number>`cast(sum(r.followed) as integer)`.as('b'),
      sql<number>`cast(sum(r.closed_breaches) as integer)`.as('c'),
      noBins.as('bins'),
    ])
    .groupBy(sql`r.owner_id`)
    .unionAll(
      db
        .selectFrom(distributionRows(db, 'response', days).as('h'))
        .select([
          sql<string>`'response'`.as('kind'),
          'h.key as owner_id',
          sql<string>`''`.as('team_id'),
          'h.value as a',
          'h.count as b',
          sql<number>`0`.as('c'),
          'h.bins',
        ]),
    )
    .unionAll(
      db
        .selectFrom('handoffs as h')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .where(clockRunning('h'))
        // History's unanswered handoffs are closed breaches, counted by write above.
        .where(liveSql('h'))
        .where('h.handed_off_at', '>=', range.fromMs)
        .where('h.handed_off_at', '<', range.toMs)
        .select([
          sql<string>`'untouched'`.as('kind'),
          sql<string>`coalesce(${sql.ref('h.owner_id')}, '')`.as('owner_id'),
          sql<string>`''`.as('team_id'),
          countOf('BREACHED').as('a'),
          countOf('OPEN').as('b'),
          sql<number>`0`.as('c'),
          noBins.as('bins'),
        ])
        .groupBy('h.owner_id'),
    )
    .unionAll(
      db
        .selectFrom('users as u')
        .select([
          sql<string>`'user'`.as('kind'),
          'u.id as owner_id',
          sql<string>`coalesce(${sql.ref('u.team_id')}, '')`.as('team_id'),
          sql<number>`0`.as('a'),
          sql<number>`0`.as('b'),
          sql<number>`0`.as('c'),
          noBins.as('bins'),
        ]),
    )
    .execute();

  const owners = new Map<string, Counts>();
  const countsOf = (owner: string) => {
    let counts = owners.get(owner);
    if (!counts) {
      counts = { handoffs: 0, followed: 0, closedBreaches: 0, openBreaches: 0, pending: 0 };
      owners.set(owner, counts);
    }
    return counts;
  };
  const teamOf = new Map<string, string>();
  for (const row of rows) {
    if (row.kind === 'counts') {
      const counts = countsOf(row.owner_id);
      counts.handoffs += Number(row.a);
      counts.followed += Number(row.b);
      counts.closedBreaches += Number(row.c);
    } else if (row.kind === 'untouched') {
      const counts = countsOf(row.owner_id);
      counts.openBreaches += Number(row.a);
      counts.pending += Number(row.b);
    } else if (row.kind === 'user') {
      teamOf.set(row.owner_id, row.team_id);
    }
  }
  const hours = runsByKey(
    rows
      .filter((row) => row.kind === 'response')
      .map((row) => ({ key: row.owner_id, value: row.a, count: row.b, bins: row.bins })),
  );
  for (const owner of hours.keys()) countsOf(owner);

  /** The follow-up of the handoffs of some owners: their counts summed, their hours merged. */
  const followUpOfOwners = (ids: string[]): FollowUp => {
    const total: Counts = { handoffs: 0, followed: 0, closedBreaches: 0, openBreaches: 0, pending: 0 };
    for (const id of ids) {
      const counts = owners.get(id)!;
      total.handoffs += counts.handoffs;
      total.followed += counts.followed;
      total.closedBreaches += counts.closedBreaches;
      total.openBreaches += counts.openBreaches;
      total.pending += counts.pending;
    }
    const bins = mergeBins(ids.flatMap((id) => hours.get(id) ?? []));
    return followUpOf({
      ...total,
      // Every handoff has one status: those sent back in time are the ones no other count holds.
      sentBackInTime:
        total.handoffs - total.followed - total.closedBreaches - total.openBreaches - total.pending,
      median: percentileOfSortedBins(bins, 0.5),
      p90: percentileOfSortedBins(bins, 0.9),
    });
  };
  /** As the raw query: one row per key with handoffs, ordered by key ('' = none first). */
  const breakdown = (keyOf: (owner: string) => string): [string, FollowUp][] => {
    const members = new Map<string, string[]>();
    for (const owner of owners.keys()) {
      const key = keyOf(owner);
      members.set(key, [...(members.get(key) ?? []), owner]);
    }
    return [...members]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, ids]): [string, FollowUp] => [key, followUpOfOwners(ids)])
      .filter(([, followUp]) => followUp.handoffs > 0);
  };
  let byRep: SalesFollowUpResult['byRep'] | undefined;
  let byTeam: SalesFollowUpResult['byTeam'] | undefined;
  return {
    ...followUpOfOwners([...owners.keys()]),
    get byRep() {
      byRep ??= breakdown((owner) => owner).map(([key, followUp]) => ({ userId: key || null, ...followUp }));
      return byRep;
    },
    get byTeam() {
      byTeam ??= breakdown((owner) => teamOf.get(owner) ?? '').map(([key, followUp]) => ({
        teamId: key || null,
        ...followUp,
      }));
      return byTeam;
    },
  };
}

type Counts = Omit<FollowUpCounts, 'median' | 'p90' | 'sentBackInTime'>;
