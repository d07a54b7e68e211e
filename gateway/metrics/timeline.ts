/**
 * A customer's timeline: marketing touches, sales activities, stage changes and deal events of
 * an account's people (or of one person), newest first, a page at a time.
 *
 * One UNION ALL statement, ordered and limited in SQL: each branch is cut to the page size
 * first (its own ORDER BY ... LIMIT inside a derived table, which both SQLite and PostgreSQL
 * accept where a bare member may not carry one), so an account with a million touches still
 * sorts at most 5 × (page + 1) rows. Paging is by keyset, (occurred_at, id) descending: a
 * cursor stays valid while new entries arrive, which an offset would not.
 */
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { TenantStore } from '../store/tenant-store.js';

export const timelineKinds = ['TOUCH', 'ACTIVITY', 'STAGE_CHANGE', 'DEAL'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

/** Whose timeline: every person of the account, or the one person when there is no account. */
export type TimelineScope = { accountId: string } | { personId: string };

/** Where a page starts: strictly older than this entry. */
export interface TimelineCursor {
  occurredAt: number;
  id: string;
}

export interface TimelineRow {
  id: string;
  kind: TimelineKind;
  occurred_at: number;
  person_id: string | null;
  /** Touch type, activity type, or the deal event: created | won | lost. */
  what: string | null;
  from_stage: string | null;
  to_stage: string | null;
  /** Touch url, activity subject, stage-change reason, or a lost deal's loss reason. */
  detail: string | null;
  /** The deal's name and amount (deal events only). */
  deal_name: string | null;
  amount: number | null;
  channel: string | null;
  /** The rep of an activity, the user who changed a stage, the owner of a deal. */
  actor_id: string | null;
  campaign_id: string | null;
  is_recycle: number;
  /** Source id of a change made in Tandem itself (gateway/loop), which names who made it. */
  tandem_ref: string | null;
  by_team: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  actor_name: string | null;
}

type Branch = Omit<TimelineRow, 'first_name' | 'last_name' | 'email' | 'actor_name'>;
// biome-ignore lint/suspicious/noExplicitAny: the five branches read different tables into one row shape.
type BranchQuery = SelectQueryBuilder<any, any, Branch>;

const text = sql<string | null>`cast(null as text)`;
const number = sql<number | null>`cast(null as double precision)`;
const zero = sql<number>`0`;

export async function timelinePage(
  store: TenantStore,
  scope: TimelineScope,
  options: { first: number; after?: TimelineCursor | null; kinds?: readonly TimelineKind[] | null },
): Promise<{ rows: TimelineRow[]; hasNextPage: boolean }> {
  const kinds = new Set(options.kinds?.length ? options.kinds : timelineKinds);
  const limit = options.first + 1;
  const { db } = store;
  const after = options.after ?? null;

  /** Keyset condition on a branch's own occurred_at and id expressions. */
  const olderThanCursor = (at: Expression<unknown>, id: Expression<unknown>) =>
    after
      ? sql<SqlBool>`(${at} < ${after.occurredAt} or (${at} = ${after.occurredAt} and ${id} < ${after.id}))`
      : sql<SqlBool>`1 = 1`;
  // The account's people as a subquery, so the page needs no earlier statement to know them.
  const people =
    'accountId' in scope
      ? db.selectFrom('people as sp').select('sp.id').where('sp.account_id', '=', scope.accountId)
      : [scope.personId];

  const branches: BranchQuery[] = [];
  const cut = (query: BranchQuery, name: string) =>
    branches.push(
      db
        .selectFrom(query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit).as(name))
        .selectAll(),
    );

  if (kinds.has('TOUCH')) {
    const query = db
      .selectFrom('touches as t')
      .where('t.person_id', 'in', people as string[])
      .where(olderThanCursor(sql.ref('t.occurred_at'), sql.ref('t.id')))
      .select([
        't.id',
        sql<TimelineKind>`'TOUCH'`.as('kind'),
        't.occurred_at',
        't.person_id',
        't.type as what',
        text.as('from_stage'),
        text.as('to_stage'),
        't.url as detail',
        text.as('deal_name'),
        number.as('amount'),
        't.channel',
        text.as('actor_id'),
        't.campaign_id',
        zero.as('is_recycle'),
        text.as('tandem_ref'),
        text.as('by_team'),
      ]);
    cut(query, 'tb');
  }
  if (kinds.has('ACTIVITY')) {
    const query = db
      .selectFrom('activities as a')
      .where('a.person_id', 'in', people as string[])
      .where(olderThanCursor(sql.ref('a.occurred_at'), sql.ref('a.id')))
      .select([
        'a.id',
        sql<TimelineKind>`'ACTIVITY'`.as('kind'),
        'a.occurred_at',
        'a.person_id',
        'a.type as what',
        text.as('from_stage'),
        text.as('to_stage'),
        'a.subject as detail',
        text.as('deal_name'),
        number.as('amount'),
        text.as('channel'),
        'a.user_id as actor_id',
        text.as('campaign_id'),
        zero.as('is_recycle'),
        text.as('tandem_ref'),
        text.as('by_team'),
      ]);
    cut(query, 'ab');
  }
  if (kinds.has('STAGE_CHANGE')) {
    const query = db
      .selectFrom('stage_transitions as s')
      .where('s.person_id', 'in', people as string[])
      .where(olderThanCursor(sql.ref('s.occurred_at'), sql.ref('s.id')))
      .select((eb) => [
        's.id',
        sql<TimelineKind>`'STAGE_CHANGE'`.as('kind'),
        's.occurred_at',
        's.person_id',
        text.as('what'),
        's.from_stage',
        's.to_stage',
        's.reason as detail',
        text.as('deal_name'),
        number.as('amount'),
        text.as('channel'),
        's.by_user_id as actor_id',
        text.as('campaign_id'),
        's.is_recycle',
        eb
          .case()
          .when('s.source_system', '=', 'tandem')
          .then(eb.ref('s.source_id'))
          .else(null)
          .end()
          .as('tandem_ref'),
        's.by_team',
      ]);
    cut(query, 'sb');
  }
  if (kinds.has('DEAL')) {
    // Two events per deal: created, and (once closed) won or lost; their ids are the deal's with a suffix.
    for (const event of ['created', 'closed'] as const) {
      const at = sql.ref<number>(event === 'created' ? 'o.created_at' : 'o.closed_at');
      const id = sql<string>`o.id || ${sql.lit(`:${event}`)}`;
      const query = db
        .selectFrom('opportunities as o')
        .$if('accountId' in scope, (q) =>
          q.where('o.account_id', '=', (scope as { accountId: string }).accountId),
        )
        .$if('personId' in scope, (q) =>
          q.where('o.primary_person_id', '=', (scope as { personId: string }).personId),
        )
        .$if(event === 'closed', (q) => q.where('o.is_closed', '=', 1).where('o.closed_at', 'is not', null))
        .where(olderThanCursor(at, id))
        .select((eb) => [
          id.as('id'),
          sql<TimelineKind>`'DEAL'`.as('kind'),
          at.as('occurred_at'),
          'o.primary_person_id as person_id',
          event === 'created'
            ? sql<string | null>`'created'`.as('what')
            : eb.case().when('o.is_won', '=', 1).then('won').else('lost').end().as('what'),
          text.as('from_stage'),
          text.as('to_stage'),
          event === 'created' ? text.as('detail') : eb.ref('o.loss_reason').as('detail'),
          'o.name as deal_name',
          'o.amount',
          text.as('channel'),
          'o.owner_id as actor_id',
          'o.campaign_id',
          zero.as('is_recycle'),
          text.as('tandem_ref'),
          text.as('by_team'),
        ]);
      cut(query, event === 'created' ? 'dc' : 'dw');
    }
  }
  if (branches.length === 0) return { rows: [], hasNextPage: false };

  const union = branches.slice(1).reduce((all, branch) => all.unionAll(branch), branches[0]!);
  const rows = await db
    .selectFrom(union.as('e'))
    .leftJoin('people as pe', 'pe.id', 'e.person_id')
    .leftJoin('users as us', 'us.id', 'e.actor_id')
    .selectAll('e')
    .select(['pe.first_name', 'pe.last_name', 'pe.email', 'us.name as actor_name'])
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return { rows: rows.slice(0, options.first), hasNextPage: rows.length > options.first };
}

/** Opaque cursor text for an entry: base64url of `occurredAt:id`. */
export function encodeTimelineCursor(row: { occurred_at: number; id: string }): string {
  return Buffer.from(`${row.occurred_at}:${row.id}`).toString('base64url');
}

/** The cursor in `text`, or null when it is not one of ours. */
export function decodeTimelineCursor(text: string): TimelineCursor | null {
  const plain = Buffer.from(text, 'base64url').toString();
  const match = /^(\d{1,16}):(.+)$/.exec(plain);
  if (!match) return null;
  return { occurredAt: Number(match[1]), id: match[2]! };
}
