/**
 * WON, LOST, WIN_RATE, REVENUE, the sales cycle's median and mean, PIPELINE and OPEN_DEALS split
 * by dimensions and period, in one statement. The deals and their conditions are revenue.ts's
 * (a deal without a close date counts as closed when created; slices narrow the deals' primary
 * people; pipeline is as of now), so each row is revenueMetrics for its slice.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { hasSlices, type MetricsFilter, personMatches, type Range } from '../filter.js';
import { calendarDaysSql, localDaySql } from '../funnel/days.js';
import type { Dimension } from './catalog.js';
import { dealKey, dealOwnDimensions } from './dimensions.js';
import { runStacked, type Split, type StackedRow } from './stack.js';

export async function dealBreakdown(
  store: TenantStore,
  query: { filter: MetricsFilter; range: Range; timeZone: string },
  split: Split,
  withOpen: boolean,
): Promise<StackedRow[]> {
  const ownKeys = split.dimensions
    .map((dimension, index): [Dimension, number] => [dimension, index])
    .filter(([dimension]) => dealOwnDimensions.includes(dimension))
    .map(([dimension, index]) => dealKey(dimension).as(`d${index}`));
  const facts = dealFacts(store.db, query, withOpen).$if(ownKeys.length > 0, (q) => q.select(ownKeys));
  const g = (column: string) => sql.ref(`g.${column}`);
  return runStacked(store, split, {
    facts: facts as never,
    aggregates: {
      won: sql`sum(${g('won')})`,
      lost: sql`sum(${g('lost')})`,
      revenue: sql`coalesce(sum(case when ${g('won')} = 1 then ${g('amount')} end), 0)`,
      mean_days: sql`avg(case when ${g('won')} = 1 then ${g('cycle_days')} end)`,
      pipeline: sql`coalesce(sum(case when ${g('open')} = 1 then ${g('amount')} end), 0)`,
      open_deals: sql`sum(${g('open')})`,
    },
    median: { value: 'cycle_days', where: sql`${sql.ref('r.won')} = 1`, levels: { median: 0.5 } },
  });
}

/**
 * One row per deal over opportunities `o`: its primary person, its close day (local, null while
 * open), whether it was won or lost in the range, whether it is open, its amount and, when won,
 * its sales cycle in calendar days: what the deal measures count, raw here and per close day in
 * the slices rollup (slices-rollup.ts).
 */
export function dealFacts(
  db: Kysely<Database>,
  query: { filter: MetricsFilter; range: Range; timeZone: string },
  withOpen: boolean,
) {
  const { filter, range, timeZone } = query;
  const ref = (column: string) => sql.ref(`o.${column}`);
  const closedAt = sql`coalesce(${ref('closed_at')}, ${ref('created_at')})`;
  const closedIn = sql`${ref('is_closed')} = 1 and ${closedAt} >= ${range.fromMs} and ${closedAt} < ${range.toMs}`;
  const flag = (condition: unknown) => sql<number>`case when ${condition} then 1 else 0 end`;
  return db
    .selectFrom('opportunities as o')
    .where(withOpen ? sql<boolean>`((${closedIn}) or ${ref('is_closed')} = 0)` : sql<boolean>`(${closedIn})`)
    .$if(hasSlices(filter), (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('people as p')
            .select('p.id')
            .whereRef('p.id', '=', 'o.primary_person_id')
            .where(personMatches(filter)),
        ),
      ),
    )
    .select([
      'o.primary_person_id as person_id',
      sql<number | null>`case when ${ref('is_closed')} = 1 then ${localDaySql(closedAt, timeZone)} end`.as(
        'day',
      ),
      flag(sql`${closedIn} and ${ref('is_won')} = 1`).as('won'),
      flag(sql`${closedIn} and ${ref('is_won')} = 0`).as('lost'),
      flag(sql`${ref('is_closed')} = 0`).as('open'),
      'o.amount',
      // Calendar days in the tenant's zone (calendarDaysBetween), of won deals only.
      sql<
        number | null
      >`case when ${ref('is_won')} = 1 then ${calendarDaysSql(ref('created_at'), closedAt, timeZone)} end`.as(
        'cycle_days',
      ),
    ]);
}
