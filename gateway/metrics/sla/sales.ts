/**
 * The sales side of the SLA (docs/domain.md "The service level agreement"): of the MQL handoffs
 * made in the range, how many sales answered within the policy's target (business hours, the
 * tenant's calendar: deadline_at and response_hours are computed at ingest), how fast, and how
 * many breached, each handoff judged by the breach rule (sla-status.ts). Totals, per owner rep
 * and per owner team come from ONE statement: the handoffs are stacked once per grouping
 * (all / rep / team) and aggregated together, percentiles included.
 */
import { type RawBuilder, sql } from 'kysely';
import type { HandoffSlaStatus } from '../../domain/sla-breach.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { type MetricsFilter, personMatches, type Range } from '../filter.js';
import { percentileCont, percentileWindow } from '../percentile.js';
import { closedBreachSql, handoffSlaStatusSql, isHistorySql, openBreachSql } from './status.js';

export interface FollowUp {
  handoffs: number;
  /** First touch at or before the deadline (WITHIN_TARGET). */
  followedUpWithinTarget: number;
  /** Sent back at or before the deadline, untouched by then (SENT_BACK): answered, no breach. */
  sentBackInTime: number;
  /** (followedUpWithinTarget + sentBackInTime) ÷ handoffs: the SLA met; null without handoffs. */
  withinTargetRate: number | null;
  medianResponseHours: number | null;
  p90ResponseHours: number | null;
  /** Neither touched nor sent back, and the deadline has passed (BREACHED, live). */
  openBreaches: number;
  /** Touched or sent back after the deadline (LATE). */
  closedBreaches: number;
  /** Neither touched nor sent back, deadline still ahead (OPEN). */
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
  const count = (status: HandoffSlaStatus) =>
    sql<number>`sum(case when ${sql.ref('g.status')} = ${sql.lit(status)} then 1 else 0 end)`;
  const rows = await store.db
    .with('scoped', () =>
      handoffsInScope(store, filter, range)
        .leftJoin('users as u', 'u.id', 'h.owner_id')
        .select([
          'h.owner_id',
          'u.team_id',
          handoffSlaStatusSql('h', now).as('status'),
          'h.response_hours',
          // History (domain/sla-breach.ts): an unanswered one is a closed breach, not an open one.
          sql<number>`case when ${isHistorySql('h')} then 1 else 0 end`.as('history'),
        ]),
    )
    // Each handoff once per grouping; '' stands for "no owner" / "no team" (NULL would not group-join).
    .with('g', (qc) => {
      const stack = (dim: string, key: RawBuilder<string>) =>
        qc
          .selectFrom('scoped as s')
          .select([
            sql<string>`${sql.lit(dim)}`.as('dim'),
            key.as('grp'),
            's.status',
            's.response_hours',
            's.history',
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
      count('WITHIN_TARGET').as('followed'),
      count('SENT_BACK').as('sent_back_in_time'),
      sql<number>`sum(case when ${openBreachSql(sql.ref('g.status'), sql.ref('g.history'))} then 1 else 0 end)`.as(
        'open_breaches',
      ),
      sql<number>`sum(case when ${closedBreachSql(sql.ref('g.status'), sql.ref('g.history'))} then 1 else 0 end)`.as(
        'closed_breaches',
      ),
      count('OPEN').as('pending'),
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
      sentBackInTime: Number(row?.sent_back_in_time ?? 0),
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
  sentBackInTime: number;
  median: number | null;
  p90: number | null;
  openBreaches: number;
  closedBreaches: number;
  pending: number;
}

export function followUpOf(counts: FollowUpCounts): FollowUp {
  const { handoffs, followed, sentBackInTime } = counts;
  return {
    handoffs,
    followedUpWithinTarget: followed,
    sentBackInTime,
    // Met = answered in time, by a touch or by sending the lead back (the breach rule).
    withinTargetRate: handoffs > 0 ? (followed + sentBackInTime) / handoffs : null,
    medianResponseHours: counts.median,
    p90ResponseHours: counts.p90,
    openBreaches: counts.openBreaches,
    closedBreaches: counts.closedBreaches,
    pending: counts.pending,
  };
}
