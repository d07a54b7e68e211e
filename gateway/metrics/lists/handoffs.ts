/**
 * The handoffs list for analysts (docs/analysts.md "Lists"): MQL handoffs filtered by their status
 * under the breach rule (its SQL form, sla/status.ts, judged at one instant for the whole walk),
 * breached (open or closed), sent back and why, owner, team, region and handoff days; keyset-paged
 * (keyset.ts). The owner is the handoff's (the rep the SLA charges, as sla.sales.byRep counts),
 * the team that rep's. Row scopes narrow it through the store, as every query.
 */
import { type RawBuilder, sql } from 'kysely';
import type { HandoffSlaStatus } from '../../domain/sla-breach.js';
import type { HandoffTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { personMatches, type Range } from '../filter.js';
import { handoffSlaStatusSql, isBreachSql } from '../sla/status.js';
import { afterCursor, type ListCursor, orderTerms, type SortValue, sortValue } from './keyset.js';

export type HandoffOrderField = 'HANDED_OFF_AT' | 'DEADLINE_AT' | 'RESPONSE_HOURS';

export interface HandoffListFilter {
  /** Any of these statuses. */
  statuses?: HandoffSlaStatus[] | null;
  /** true: LATE or BREACHED (a breach, closed or open); false: neither. */
  breached?: boolean | null;
  sentBack?: boolean | null;
  /** The send-back reason, exactly as stored (implies sent back). */
  sentBackReason?: string | null;
  /** The handoff's owner. */
  ownerId?: string | null;
  /** The team of the handoff's owner. */
  teamId?: string | null;
  /** The person's region, else their account's (as MetricsFilter.region). */
  region?: string | null;
  /** Local days of the handoff, as instants [fromMs, toMs). */
  handedOff?: Range | null;
}

export interface HandoffOrder {
  by: HandoffOrderField;
  descending: boolean;
}

const h = (column: string) => sql.ref(`h.${column}`);

function sortKey(by: HandoffOrderField): RawBuilder<SortValue> {
  switch (by) {
    case 'HANDED_OFF_AT':
      return sql`${h('handed_off_at')}`;
    case 'DEADLINE_AT':
      return sql`${h('deadline_at')}`;
    case 'RESPONSE_HOURS':
      return sql`${h('response_hours')}`;
  }
}

/** The handoffs the filter keeps, with the breach rule judged at `asOf`. */
function matching(store: TenantStore, filter: HandoffListFilter, asOf: number) {
  const { statuses, breached, sentBack, sentBackReason, ownerId, teamId, region, handedOff } = filter;
  const status = handoffSlaStatusSql('h', asOf);
  return store.db
    .selectFrom('handoffs as h')
    .$if(!!statuses, (q) =>
      q.where(sql<boolean>`${status} in (${sql.join(statuses!.map((s) => sql.lit(s)))})`),
    )
    .$if(breached === true, (q) => q.where(isBreachSql(status)))
    .$if(breached === false, (q) => q.where(sql<boolean>`not ${isBreachSql(status)}`))
    .$if(sentBack === true, (q) => q.where('h.sent_back_at', 'is not', null))
    .$if(sentBack === false, (q) => q.where('h.sent_back_at', 'is', null))
    .$if(!!sentBackReason, (q) => q.where('h.sent_back_reason', '=', sentBackReason!))
    .$if(!!ownerId, (q) => q.where('h.owner_id', '=', ownerId!))
    .$if(!!teamId, (q) =>
      q.where('h.owner_id', 'in', (eb) =>
        eb.selectFrom('users as tu').select('tu.id').where('tu.team_id', '=', teamId!),
      ),
    )
    .$if(!!handedOff, (q) =>
      q.where('h.handed_off_at', '>=', handedOff!.fromMs).where('h.handed_off_at', '<', handedOff!.toMs),
    )
    .$if(!!region, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('people as p')
            .select('p.id')
            .whereRef('p.id', '=', 'h.person_id')
            .where(personMatches({ region })),
        ),
      ),
    );
}

export type ListedHandoff = HandoffTable & { sort_key: SortValue; status: HandoffSlaStatus };

/** Up to `first` handoffs after the cursor, in the order asked, then by id; statuses as of `asOf`. */
export async function handoffPage(
  store: TenantStore,
  options: {
    filter: HandoffListFilter;
    order: HandoffOrder;
    asOf: number;
    first: number;
    after?: Pick<ListCursor, 'key' | 'id'> | null;
  },
): Promise<{ rows: ListedHandoff[]; hasNextPage: boolean }> {
  const { filter, order, asOf, first, after } = options;
  const key = sortKey(order.by);
  const id = sql`${h('id')}`;
  const rows = await matching(store, filter, asOf)
    .selectAll('h')
    .select([key.as('sort_key'), handoffSlaStatusSql('h', asOf).as('status')])
    .$if(!!after, (q) => q.where(afterCursor(key, id, order.descending, after!)))
    .$call((q) => orderTerms(key, id, order.descending).reduce((acc, term) => acc.orderBy(term), q))
    .limit(first + 1)
    .execute();
  const page = rows.slice(0, first).map((row) => ({ ...row, sort_key: sortValue(row.sort_key) }));
  return { rows: page as ListedHandoff[], hasNextPage: rows.length > first };
}

/** How many handoffs the whole list holds (the connection's totalCount), as of `asOf`. */
export async function handoffCount(
  store: TenantStore,
  filter: HandoffListFilter,
  asOf: number,
): Promise<number> {
  const row = await matching(store, filter, asOf)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
