/**
 * The sales side of the SLA (DOMAIN.md "The service level agreement"): of the MQL handoffs made in
 * the range, how many got a first sales touch within the policy's target (business hours, the
 * tenant's calendar: deadline_at and response_hours are computed at ingest), how fast, and how
 * many breached. Totals, per owner rep and per owner team come from ONE statement: the handoffs
 * are stacked once per grouping (all / rep / team) and aggregated together, percentiles included.
 */
import { type RawBuilder, sql } from 'kysely';
import type { TenantStore } from '../store/tenant-store.js';
import { type MetricsFilter, personMatches, type Range } from './filter.js';
import { percentileCont, percentileWindow } from './sla-percentile.js';

export interface FollowUp {
  handoffs: number;
  /** First touch at or before the deadline. */
  followedUpWithinTarget: number;
  /** followedUpWithinTarget ÷ handoffs; null without handoffs. */
  withinTargetRate: number | null;
  medianResponseHours: number | null;
  p90ResponseHours: number | null;
  /** No first touch and the deadline has passed (live). */
  openBreaches: number;
  /** First touch after the deadline. */
  closedBreaches: number;
  /** No first touch yet, deadline still ahead. */
  pending: number;
}

export interface SalesFollowUpResult extends FollowUp {
  byRep: (FollowUp & { userId: string | null })[];
  byTeam: (FollowUp & { teamId: string | null })[];
}

/** Handoffs made in the range to people matching the filter, with their owner's team. */
export function handoffsInScope(store: TenantStore, filter: MetricsFilter, range: Range) {
  return store.db
    .selectFrom('handoffs as h')
    .innerJoin('people as p', 'p.id', 'h.person_id')
    .where('h.handed_off_at', '>=', range.fromMs)
    .where('h.handed_off_at', '<', range.toMs)
    .where(personMatches(filter));
}

export async function salesFollowUp(
  store: TenantStore,
  filter: MetricsFilter,
  range: Range,
  now: number,
): Promise<SalesFollowUpResult> {
  const flag = (condition: RawBuilder<unknown>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  const ref = (column: string) => sql.ref(`g.${column}`);
  const rows = await store.db
    .with('scoped', () =>
      handoffsInScope(store, filter, range)
        .leftJoin('users as u', 'u.id', 'h.owner_id')
        .select(['h.owner_id', 'u.team_id', 'h.deadline_at', 'h.first_touch_at', 'h.response_hours']),
    )
    // Each handoff once per grouping; '' stands for "no owner" / "no team" (NULL would not group-join).
    .with('g', (qc) => {
      const stack = (dim: string, key: RawBuilder<string>) =>
        qc
          .selectFrom('scoped as s')
          .select([
            sql<string>`${sql.lit(dim)}`.as('dim'),
            key.as('grp'),
            's.deadline_at',
            's.first_touch_at',
            's.response_hours',
          ]);
      return stack('all', sql<string>`''`)
        .unionAll(stack('rep', sql<string>`coalesce(${sql.ref('s.owner_id')}, '')`))
        .unionAll(stack('team', sql<string>`coalesce(${sql.ref('s.team_id')}, '')`));
    })
    .with('ranked', (qc) => {
      const window = percentileWindow(['r.dim', 'r.grp'], 'r.response_hours');
      return qc
        .selectFrom('g as r')
        .where('r.response_hours', 'is not', null)
        .select([
          'r.dim',
          'r.grp',
          'r.response_hours as v',
          window.rn.as('rn'),
          window.n.as('n'),
          window.nextV.as('next_v'),
        ]);
    })
    .with('pct', (qc) =>
      qc
        .selectFrom('ranked')
        .select([
          'ranked.dim',
          'ranked.grp',
          percentileCont(0.5, 'ranked').as('median'),
          percentileCont(0.9, 'ranked').as('p90'),
        ])
        .groupBy(['ranked.dim', 'ranked.grp']),
    )
    .selectFrom('g')
    .leftJoin('pct', (join) => join.onRef('pct.dim', '=', 'g.dim').onRef('pct.grp', '=', 'g.grp'))
    .select((eb) => [
      'g.dim',
      'g.grp',
      eb.fn.countAll<number>().as('handoffs'),
      flag(sql`${ref('first_touch_at')} <= ${ref('deadline_at')}`).as('followed'),
      flag(sql`${ref('first_touch_at')} is null and ${ref('deadline_at')} < ${now}`).as('open_breaches'),
      flag(sql`${ref('first_touch_at')} > ${ref('deadline_at')}`).as('closed_breaches'),
      flag(sql`${ref('first_touch_at')} is null and ${ref('deadline_at')} >= ${now}`).as('pending'),
      eb.fn.max('pct.median').as('median'),
      eb.fn.max('pct.p90').as('p90'),
    ])
    .groupBy(['g.dim', 'g.grp'])
    .orderBy('g.dim')
    .orderBy('g.grp')
    .execute();

  const followUp = (row: (typeof rows)[number] | undefined): FollowUp =>
    followUpOf({
      handoffs: Number(row?.handoffs ?? 0),
      followed: Number(row?.followed ?? 0),
      median: row?.median == null ? null : Number(row.median),
      p90: row?.p90 == null ? null : Number(row.p90),
      openBreaches: Number(row?.open_breaches ?? 0),
      closedBreaches: Number(row?.closed_breaches ?? 0),
      pending: Number(row?.pending ?? 0),
    });
  const of = (dim: string) => rows.filter((row) => row.dim === dim);
  return {
    ...followUp(of('all')[0]),
    byRep: of('rep').map((row) => ({ userId: row.grp || null, ...followUp(row) })),
    byTeam: of('team').map((row) => ({ teamId: row.grp || null, ...followUp(row) })),
  };
}

/** One group's counts and percentiles, as both the raw query and the rollups produce them. */
export interface FollowUpCounts {
  handoffs: number;
  followed: number;
  median: number | null;
  p90: number | null;
  openBreaches: number;
  closedBreaches: number;
  pending: number;
}

export function followUpOf(counts: FollowUpCounts): FollowUp {
  const { handoffs, followed } = counts;
  return {
    handoffs,
    followedUpWithinTarget: followed,
    withinTargetRate: handoffs > 0 ? followed / handoffs : null,
    medianResponseHours: counts.median,
    p90ResponseHours: counts.p90,
    openBreaches: counts.openBreaches,
    closedBreaches: counts.closedBreaches,
    pending: counts.pending,
  };
}
