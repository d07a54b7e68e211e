/**
 * The opportunities list for analysts (docs/analysts.md "Lists"): deals filtered by status, CRM
 * stage, owner, team, region, product, campaign and close and creation days, in one of a few
 * orders, keyset-paged (keyset.ts). Closed and open read as revenue.ts reads them (a closed deal
 * without a close date closed when it was created), so a list's count equals the metrics' won,
 * lost and open deals for the same slice. Row scopes narrow it through the store, as every query.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { OpportunityTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { personMatches, type Range } from '../filter.js';
import { afterCursor, type ListCursor, orderTerms, type SortValue, sortValue } from './keyset.js';

export type DealStatus = 'OPEN' | 'WON' | 'LOST';
export type OpportunityOrderField = 'CREATED_AT' | 'CLOSE_DATE' | 'AMOUNT' | 'NAME';

export interface OpportunityListFilter {
  status?: DealStatus | null;
  /** The CRM's stage name, exactly as written. */
  stage?: string | null;
  /** The deal's own owner. */
  ownerId?: string | null;
  /** The team of the deal's owner. */
  teamId?: string | null;
  /** The primary person's region, else their account's (as MetricsFilter.region). */
  region?: string | null;
  productId?: string | null;
  /** The campaign the CRM credits as the deal's primary source. */
  campaignId?: string | null;
  /** Local days of creation, as instants [fromMs, toMs). */
  created?: Range | null;
  /** Local days of the close date (closed deals) or the expected close (open deals). */
  closes?: Range | null;
}

export interface OpportunityOrder {
  by: OpportunityOrderField;
  descending: boolean;
}

const o = (column: string) => sql.ref(`o.${column}`);

/** A closed deal's close date (its creation when the CRM gave none), an open deal's expected close. */
export const closeDateSql = sql<number | null>`case when ${o('is_closed')} = 1
  then coalesce(${o('closed_at')}, ${o('created_at')}) else ${o('expected_close_at')} end`;

function sortKey(by: OpportunityOrderField): RawBuilder<SortValue> {
  switch (by) {
    case 'CREATED_AT':
      return sql`${o('created_at')}`;
    case 'CLOSE_DATE':
      return closeDateSql;
    case 'AMOUNT':
      return sql`${o('amount')}`;
    case 'NAME':
      return sql`${o('name')}`;
  }
}

function within(value: RawBuilder<unknown>, range: Range): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${value} >= ${range.fromMs} and ${value} < ${range.toMs})`;
}

function matching(store: TenantStore, filter: OpportunityListFilter) {
  const { status, stage, ownerId, teamId, region, productId, campaignId, created, closes } = filter;
  return store.db
    .selectFrom('opportunities as o')
    .$if(status === 'OPEN', (q) => q.where('o.is_closed', '=', 0))
    .$if(status === 'WON', (q) => q.where('o.is_closed', '=', 1).where('o.is_won', '=', 1))
    .$if(status === 'LOST', (q) => q.where('o.is_closed', '=', 1).where('o.is_won', '=', 0))
    .$if(!!stage, (q) => q.where('o.stage', '=', stage!))
    .$if(!!ownerId, (q) => q.where('o.owner_id', '=', ownerId!))
    .$if(!!teamId, (q) =>
      q.where('o.owner_id', 'in', (eb) =>
        eb.selectFrom('users as tu').select('tu.id').where('tu.team_id', '=', teamId!),
      ),
    )
    .$if(!!productId, (q) => q.where('o.product_id', '=', productId!))
    .$if(!!campaignId, (q) => q.where('o.campaign_id', '=', campaignId!))
    .$if(!!created, (q) => q.where(within(o('created_at'), created!)))
    .$if(!!closes, (q) => q.where(within(closeDateSql, closes!)))
    .$if(!!region, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('people as p')
            .select('p.id')
            .whereRef('p.id', '=', 'o.primary_person_id')
            .where(personMatches({ region })),
        ),
      ),
    );
}

/** Up to `first` deals after the cursor, in the order asked, then by id. */
export async function opportunityPage(
  store: TenantStore,
  options: {
    filter: OpportunityListFilter;
    order: OpportunityOrder;
    first: number;
    after?: Pick<ListCursor, 'key' | 'id'> | null;
  },
): Promise<{ rows: (OpportunityTable & { sort_key: SortValue })[]; hasNextPage: boolean }> {
  const { filter, order, first, after } = options;
  const key = sortKey(order.by);
  const id = sql`${o('id')}`;
  const rows = await matching(store, filter)
    .selectAll('o')
    .select(key.as('sort_key'))
    .$if(!!after, (q) => q.where(afterCursor(key, id, order.descending, after!)))
    .$call((q) => orderTerms(key, id, order.descending).reduce((acc, term) => acc.orderBy(term), q))
    .limit(first + 1)
    .execute();
  const page = rows.slice(0, first).map((row) => ({ ...row, sort_key: sortValue(row.sort_key) }));
  return { rows: page as (OpportunityTable & { sort_key: SortValue })[], hasNextPage: rows.length > first };
}

/** How many deals the whole list holds (the connection's totalCount). */
export async function opportunityCount(store: TenantStore, filter: OpportunityListFilter): Promise<number> {
  const row = await matching(store, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
