/**
 * The handoff family: per local day of the handoff and owner, the SLA's counts (followed up in
 * time, closed breaches, accepted, sent back, qualified) and a histogram of the exact response
 * hours. Open breaches and pending handoffs depend on the clock, not on writes: they are counted
 * from the few handoffs nobody has touched yet (index handoffs_untouched) on every request.
 */
import { sql } from 'kysely';
import { percentileOfSorted } from '../domain/percentile.js';
import type { StageDefinition } from '../domain/stages.js';
import type { DayRange, Range } from '../metrics/filter.js';
import { type FollowUp, followUpOf, type SalesFollowUpResult } from '../metrics/sla.js';
import { qualifiedAfterHandoff, qualifiedStageKeys } from '../metrics/sla-marketing.js';
import type { RollupHandoffsTable, RollupResponseTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { type DayRun, dayOf, firstDayOf, instantsOf, monthOf, splitByMonth } from './calendar.js';
import { rollupRows } from './months.js';

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
      };
      groups.set(key, group);
    }
    const touched = h.first_touch_at === null ? null : Number(h.first_touch_at);
    const deadline = Number(h.deadline_at);
    group.handoffs++;
    if (touched !== null && touched <= deadline) group.followed++;
    if (touched !== null && touched > deadline) group.closed_breaches++;
    if (h.accepted_at !== null && h.sent_back_at === null) group.accepted++;
    if (h.sent_back_at !== null) group.sent_back++;
    if (h.accepted_at !== null || h.sent_back_at !== null) group.outcome_known++;
    group.qualified += Number(h.qualified);
    if (h.response_hours !== null) {
      const hours = Number(h.response_hours);
      const binKey = `${key}\u0000${hours}`;
      const bin = bins.get(binKey) ?? { tenant_id, day, owner_id, hours, handoffs: 0 };
      bin.handoffs++;
      bins.set(binKey, bin);
    }
  }
  const rows = [...groups.values()];
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('rollup_handoffs')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  const histogram = [...bins.values()];
  for (let i = 0; i < histogram.length; i += 500) {
    await db
      .insertInto('rollup_response')
      .values(histogram.slice(i, i + 500))
      .execute();
  }
  await refreshResponseMonths(store, run);
}

/** Re-collects the months the run touches from their daily response rows. */
async function refreshResponseMonths(store: TenantStore, run: DayRun): Promise<void> {
  const { db } = store;
  const [first, last] = [monthOf(run.first), monthOf(run.last)];
  await db
    .deleteFrom('rollup_response_month')
    .where('month', '>=', first)
    .where('month', '<=', last)
    .execute();
  const daily = await db
    .selectFrom('rollup_response')
    .select(['day', 'owner_id', 'hours', 'handoffs'])
    .where('day', '>=', firstDayOf(first))
    .where('day', '<', firstDayOf(last + 1))
    .execute();
  const months = new Map<string, { month: number; owner_id: string; hours: number[] }>();
  for (const row of daily) {
    const month = monthOf(Number(row.day));
    const key = `${month}\u0000${row.owner_id}`;
    const cell = months.get(key) ?? { month, owner_id: row.owner_id, hours: [] };
    for (let n = 0; n < Number(row.handoffs); n++) cell.hours.push(Number(row.hours));
    months.set(key, cell);
  }
  const rows = [...months.values()].map((cell) => ({
    tenant_id: store.tenantId,
    month: cell.month,
    owner_id: cell.owner_id,
    hours: JSON.stringify(cell.hours.sort((a, b) => a - b)),
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('rollup_response_month')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** The sales side of the SLA for handoffs made in `days` (= `range`), from the rollups. */
export async function salesFollowUpFromRollups(
  store: TenantStore,
  days: DayRange,
  range: Range,
  now: number,
): Promise<SalesFollowUpResult> {
  const { db } = store;
  // Whole months of response hours come as one JSON array per owner, partial months as daily rows.
  const split = splitByMonth(days.first, days.last);
  // One statement: per-owner counts, the response hours, the untouched handoffs (open breaches
  // and pending ones move with the clock) and every user's team, stacked. A month's JSON array
  // rides in the text column `team_id`.
  const rows = await db
    .selectFrom(rollupRows(db, 'rollup_handoffs', days).as('r'))
    .select([
      sql<string>`'counts'`.as('kind'),
      sql<string>`r.owner_id`.as('owner_id'),
      sql<string>`''`.as('team_id'),
      sql<number>`0`.as('hours'),
      sql<number>`cast(sum(r.handoffs) as integer)`.as('a'),
      sql<number>`cast(sum(r.followed) as integer)`.as('b'),
      sql<number>`cast(sum(r.closed_breaches) as integer)`.as('c'),
    ])
    .groupBy(sql`r.owner_id`)
    .unionAll(
      db
        .selectFrom('rollup_response_month as rm')
        .where('rm.month', '>=', split.months?.first ?? 1)
        .where('rm.month', '<=', split.months?.last ?? 0)
        .select([
          sql<string>`'months'`.as('kind'),
          'rm.owner_id',
          'rm.hours as team_id',
          sql<number>`0`.as('hours'),
          sql<number>`0`.as('a'),
          sql<number>`0`.as('b'),
          sql<number>`0`.as('c'),
        ]),
    )
    .unionAll(
      db
        .selectFrom('rollup_response as r')
        .where((eb) =>
          eb.or(split.days.map((run) => eb.and([eb('r.day', '>=', run.first), eb('r.day', '<=', run.last)]))),
        )
        .select([
          sql<string>`'response'`.as('kind'),
          'r.owner_id',
          sql<string>`''`.as('team_id'),
          'r.hours',
          sql<number>`cast(r.handoffs as integer)`.as('a'),
          sql<number>`0`.as('b'),
          sql<number>`0`.as('c'),
        ]),
    )
    .unionAll(
      db
        .selectFrom('handoffs as h')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .where('h.first_touch_at', 'is', null)
        .where('h.handed_off_at', '>=', range.fromMs)
        .where('h.handed_off_at', '<', range.toMs)
        .select([
          sql<string>`'untouched'`.as('kind'),
          sql<string>`coalesce(${sql.ref('h.owner_id')}, '')`.as('owner_id'),
          sql<string>`''`.as('team_id'),
          sql<number>`0`.as('hours'),
          sql<number>`cast(sum(case when h.deadline_at < ${now} then 1 else 0 end) as integer)`.as('a'),
          sql<number>`cast(sum(case when h.deadline_at >= ${now} then 1 else 0 end) as integer)`.as('b'),
          sql<number>`0`.as('c'),
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
          sql<number>`0`.as('hours'),
          sql<number>`0`.as('a'),
          sql<number>`0`.as('b'),
          sql<number>`0`.as('c'),
        ]),
    )
    .execute();
  const teamOf = new Map(rows.filter((row) => row.kind === 'user').map((row) => [row.owner_id, row.team_id]));
  interface Group {
    handoffs: number;
    followed: number;
    closedBreaches: number;
    openBreaches: number;
    pending: number;
    hours: number[];
  }
  const groups = {
    all: new Map<string, Group>(),
    rep: new Map<string, Group>(),
    team: new Map<string, Group>(),
  };
  const groupsOf = (ownerId: string) => {
    const keys: [Map<string, Group>, string][] = [
      [groups.all, ''],
      [groups.rep, ownerId],
      [groups.team, teamOf.get(ownerId) ?? ''],
    ];
    return keys.map(([map, key]) => {
      let group = map.get(key);
      if (!group) {
        group = { handoffs: 0, followed: 0, closedBreaches: 0, openBreaches: 0, pending: 0, hours: [] };
        map.set(key, group);
      }
      return group;
    });
  };
  for (const row of rows) {
    if (row.kind === 'user') continue;
    for (const group of groupsOf(row.owner_id)) {
      if (row.kind === 'counts') {
        group.handoffs += Number(row.a);
        group.followed += Number(row.b);
        group.closedBreaches += Number(row.c);
      } else if (row.kind === 'untouched') {
        group.openBreaches += Number(row.a ?? 0);
        group.pending += Number(row.b ?? 0);
      } else if (row.kind === 'months') {
        for (const hours of JSON.parse(row.team_id) as number[]) group.hours.push(hours);
      } else {
        for (let n = 0; n < Number(row.a); n++) group.hours.push(Number(row.hours));
      }
    }
  }
  // Each group's hours sorted once, as doubles (a typed array sorts numerically and fast).
  const sortedOf = new Map<Group, Float64Array>();
  const sortedHours = (group: Group | undefined) => {
    if (!group) return new Float64Array();
    let values = sortedOf.get(group);
    if (!values) {
      values = Float64Array.from(group.hours).sort();
      sortedOf.set(group, values);
    }
    return values;
  };
  const followUp = (group: Group | undefined): FollowUp =>
    followUpOf({
      handoffs: group?.handoffs ?? 0,
      followed: group?.followed ?? 0,
      median: percentileOfSorted(sortedHours(group), 0.5),
      p90: percentileOfSorted(sortedHours(group), 0.9),
      openBreaches: group?.openBreaches ?? 0,
      closedBreaches: group?.closedBreaches ?? 0,
      pending: group?.pending ?? 0,
    });
  // As the raw query: groups with handoffs, ordered by key ('' = none first).
  const sorted = (map: Map<string, Group>) =>
    [...map].filter(([, group]) => group.handoffs > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    ...followUp(groups.all.get('')),
    byRep: sorted(groups.rep).map(([key, group]) => ({ userId: key || null, ...followUp(group) })),
    byTeam: sorted(groups.team).map(([key, group]) => ({ teamId: key || null, ...followUp(group) })),
  };
}
