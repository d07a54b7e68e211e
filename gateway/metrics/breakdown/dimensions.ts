/**
 * Dimensions in SQL: each dimension's value for a person (through their account, their owner and
 * their touches) or for a deal. A person's values come from one common table expression
 * (`person_keys`: person_id, k0, k1…), joined by every family; a person has one row per
 * combination of the channels and campaigns they touched when those are asked, the way
 * filter.channel counts a person in every channel they touched.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../store/tables.js';
import type { Dimension } from './catalog.js';

/** Dimensions a deal has of its own; the rest are its primary person's. */
export const dealOwnDimensions: Dimension[] = ['STAGE', 'LOSS_REASON', 'DEAL_OWNER', 'PRODUCT'];

/** The key column of dimension number `index` in every family's rows. */
export const keyColumn = (index: number) => `k${index}`;

/** A person's value of `dimension`, over people `p`, accounts `a`, users `u`, touches `tc` and `tk`. */
function personKey(dimension: Dimension): RawBuilder<string | null> {
  const ref = (column: string) => sql<string | null>`${sql.ref(column)}`;
  switch (dimension) {
    case 'LEAD_SOURCE':
      return ref('p.lead_source');
    case 'SEGMENT':
      return ref('a.segment');
    case 'REGION':
      return sql<string | null>`coalesce(${sql.ref('p.region')}, ${sql.ref('a.region')})`;
    case 'INDUSTRY':
      return ref('a.industry');
    case 'OWNER':
      return ref('p.owner_id');
    case 'TEAM':
      return ref('u.team_id');
    case 'FIT_GRADE':
      return ref('p.fit_grade');
    case 'LIFECYCLE_STAGE':
      return ref('p.stage');
    case 'CHANNEL':
      return ref('tc.channel');
    case 'CAMPAIGN':
      return ref('tk.campaign_id');
    default:
      return sql<string | null>`null`;
  }
}

/** A deal's own value of `dimension`, over opportunities `o`. */
export function dealKey(dimension: Dimension): RawBuilder<string | null> {
  switch (dimension) {
    case 'STAGE':
      return sql<string | null>`${sql.ref('o.stage')}`;
    case 'LOSS_REASON':
      return sql<string | null>`${sql.ref('o.loss_reason')}`;
    case 'DEAL_OWNER':
      return sql<string | null>`${sql.ref('o.owner_id')}`;
    // Products land with migration 0010; the column is named here only when asked for.
    case 'PRODUCT':
      return sql<string | null>`${sql.ref('o.product_id')}`;
    default:
      return sql<string | null>`null`;
  }
}

/**
 * The person_keys common table expression: every person's values of the asked person dimensions
 * (k<i> for dimension i; deal dimensions are left null here). '' stands for "none", so that rows
 * group and join on it (NULL would not join the percentile rows back).
 */
export function personKeys(db: Kysely<Database>, asked: Dimension[]) {
  return (
    db
      .selectFrom('people as p')
      .leftJoin('accounts as a', 'a.id', 'p.account_id')
      .leftJoin('users as u', 'u.id', 'p.owner_id')
      // Joined to the table, not to a distinct subquery: the touches' person index finds them, and
      // DISTINCT below keeps one row per person and value (a subquery had no index: 8 s at 30k touches).
      .$if(asked.includes('CHANNEL'), (q) => q.leftJoin('touches as tc', 'tc.person_id', 'p.id'))
      .$if(asked.includes('CAMPAIGN'), (q) => q.leftJoin('touches as tk', 'tk.person_id', 'p.id'))
      .select([
        'p.id as person_id',
        ...asked.map((dimension, index) =>
          sql<string>`coalesce(cast(${personKey(dimension)} as text), '')`.as(keyColumn(index)),
        ),
      ])
      .$if(asked.includes('CHANNEL') || asked.includes('CAMPAIGN'), (q) => q.distinct())
  );
}
