/**
 * The slices both teams cut people by (segment, region, channel, campaign, owner or team,
 * lifecycle stage, lead source) as one SQL condition. Here in the store because two layers share it: the
 * metrics filter (metrics/filter.ts) and the row scopes of tokens (row-scope.ts), so a
 * team-scoped token sees exactly what an unscoped one sees with `filter: { teamId }`.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, PersonTable } from './tables.js';

export interface PersonSlices {
  segment?: string | null;
  region?: string | null;
  channel?: string | null;
  campaignId?: string | null;
  ownerId?: string | null;
  teamId?: string | null;
  stage?: string | null;
  /** The person's original source (people.lead_source), as stored: not a touch channel. */
  leadSource?: string | null;
}

type PeopleScope = Database & { p: PersonTable };

/**
 * The filter's slices as one condition on a person aliased `p`. Segment is the account's; region
 * is the person's own, else their account's; channel and campaign mean "has a touch in it".
 */
export function personMatches(filter: PersonSlices) {
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
    if (filter.leadSource) conditions.push(eb('p.lead_source', '=', filter.leadSource));
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
