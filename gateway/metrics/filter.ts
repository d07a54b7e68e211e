/**
 * The common filter of every metric: a date range in the tenant's time zone and the slices both
 * teams cut by (segment, region, channel, campaign, owner or team, lifecycle stage). It narrows
 * the *people* a metric counts; each metric says which of their dates the range applies to.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { startOfLocalDay } from '../domain/time-zone.js';
import type { Database, PersonTable } from '../store/tables.js';

export interface MetricsFilter {
  /** First local day included, YYYY-MM-DD. */
  from?: string | null;
  /** Last local day included, YYYY-MM-DD. */
  to?: string | null;
  segment?: string | null;
  region?: string | null;
  channel?: string | null;
  campaignId?: string | null;
  ownerId?: string | null;
  teamId?: string | null;
  stage?: string | null;
}

/** A filter's date range as instants: [fromMs, toMs). Open ends are ±∞ as safe integers. */
export interface Range {
  fromMs: number;
  toMs: number;
}

const dayMs = 86_400_000;

export function rangeOf(filter: MetricsFilter, timeZone: string): Range {
  const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / dayMs);
  return {
    fromMs: filter.from ? startOfLocalDay(day(filter.from), timeZone) : 0,
    toMs: filter.to ? startOfLocalDay(day(filter.to) + 1, timeZone) : Number.MAX_SAFE_INTEGER,
  };
}

/** A filter's range as local day numbers, inclusive; open ends stay open. */
export interface DayRange {
  first: number;
  last: number;
}

/** Open ends as the widest 32-bit integers: day columns are integers on PostgreSQL. */
const openDays = { first: -(2 ** 31), last: 2 ** 31 - 1 };

export function dayRangeOf(filter: MetricsFilter): DayRange {
  const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / dayMs);
  return {
    first: filter.from ? day(filter.from) : openDays.first,
    last: filter.to ? day(filter.to) : openDays.last,
  };
}

/** Whether the filter slices people (beyond its dates): the rollups keep only whole-tenant days. */
export function hasSlices(filter: MetricsFilter): boolean {
  const { segment, region, channel, campaignId, ownerId, teamId, stage } = filter;
  return [segment, region, channel, campaignId, ownerId, teamId, stage].some((value) => !!value);
}

type PeopleScope = Database & { p: PersonTable };

/**
 * The filter's slices as one condition on a person aliased `p`. Segment is the account's; region
 * is the person's own, else their account's; channel and campaign mean "has a touch in it".
 */
export function personMatches(filter: MetricsFilter) {
  return (eb: ExpressionBuilder<PeopleScope, 'p'>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.segment) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom('accounts as fa')
            .select('fa.id')
            .whereRef('fa.id', '=', 'p.account_id')
            .where('fa.segment', '=', filter.segment),
        ),
      );
    }
    if (filter.region) {
      // Not inside the account's EXISTS: a person with no account has a region of their own too.
      const accountRegion = eb
        .selectFrom('accounts as ra')
        .select('ra.region')
        .whereRef('ra.id', '=', 'p.account_id');
      conditions.push(eb(eb.fn.coalesce('p.region', accountRegion), '=', filter.region));
    }
    if (filter.ownerId) conditions.push(eb('p.owner_id', '=', filter.ownerId));
    if (filter.teamId) {
      conditions.push(
        eb(
          'p.owner_id',
          'in',
          eb.selectFrom('users as fu').select('fu.id').where('fu.team_id', '=', filter.teamId),
        ),
      );
    }
    if (filter.stage) conditions.push(eb('p.stage', '=', filter.stage));
    if (filter.channel || filter.campaignId) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom('touches as ft')
            .select('ft.id')
            .whereRef('ft.person_id', '=', 'p.id')
            .$if(!!filter.channel, (q) => q.where('ft.channel', '=', filter.channel!))
            .$if(!!filter.campaignId, (q) => q.where('ft.campaign_id', '=', filter.campaignId!)),
        ),
      );
    }
    return eb.and(conditions);
  };
}
