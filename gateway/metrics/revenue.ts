/**
 * Revenue metrics (docs/domain.md "Revenue metrics") over the deals of the people a filter matches, in
 * one statement: win rate and won revenue over deals closed in the range, new opportunities over
 * deals created in it, open pipeline as of now, and customer lifetime value as an observed sum.
 */
import { type RawBuilder, sql } from 'kysely';
import type { TenantStore } from '../store/tenant-store.js';
import { hasSlices, type MetricsFilter, personMatches, type Range } from './filter.js';
import { calendarDaysSql } from './funnel/days.js';
import { percentileCont, percentileWindow } from './percentile.js';

export interface RevenueResult {
  won: number;
  lost: number;
  /** won ÷ (won + lost): open deals excluded; null when nothing closed. */
  winRate: number | null;
  newOpportunities: number;
  pipeline: number;
  weightedPipeline: number;
  revenue: number;
  averageDeal: number | null;
  /** Mean calendar days (local dates in the tenant's zone) from creation to close of deals won in the range. */
  salesCycleDays: number | null;
  /** Median of the same calendar days (percentile_cont). */
  medianSalesCycleDays: number | null;
  customerLifetimeValue: number | null;
}

export async function revenueMetrics(
  store: TenantStore,
  filter: MetricsFilter,
  range: Range,
  timeZone: string,
): Promise<RevenueResult> {
  const ref = (column: string) => sql.ref(`d.${column}`);
  // A deal without a close date counts as closed when it was created (a CRM gap, not a reason to drop it).
  const closedAt = sql`coalesce(${ref('closed_at')}, ${ref('created_at')})`;
  const closedIn = sql`${ref('is_closed')} = 1 and ${closedAt} >= ${range.fromMs} and ${closedAt} < ${range.toMs}`;
  const wonIn = sql`${closedIn} and ${ref('is_won')} = 1`;
  const lostIn = sql`${closedIn} and ${ref('is_won')} = 0`;
  const count = (condition: RawBuilder<unknown>) =>
    sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  const total = (condition: RawBuilder<unknown>, value: RawBuilder<unknown>) =>
    sql<number>`coalesce(sum(case when ${condition} then ${value} end), 0)`;
  const mean = (condition: RawBuilder<unknown>, value: RawBuilder<unknown>) =>
    sql<number | null>`avg(case when ${condition} then ${value} end)`;

  const row = await store.db
    .with('deals', (qc) =>
      qc
        .selectFrom('opportunities as o')
        .select([
          'o.account_id',
          'o.amount',
          'o.gross_profit',
          'o.probability',
          'o.created_at',
          'o.closed_at',
          'o.is_closed',
          'o.is_won',
        ])
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
        ),
    )
    // Lifetime gross profit per customer account (an account with a won deal); deals without a
    // recorded gross profit add nothing, and an account with none is left out of the average.
    .with('customers', (qc) =>
      qc
        .selectFrom('deals as c')
        .select((eb) => ['c.account_id', eb.fn.sum<number | null>('c.gross_profit').as('gross_profit')])
        .where('c.is_closed', '=', 1)
        .where('c.is_won', '=', 1)
        .where('c.account_id', 'is not', null)
        .groupBy('c.account_id'),
    )
    // Each won deal's sales cycle in calendar days in the tenant's zone (calendarDaysBetween), as a
    // CRM counts a deal's age; ranked once for the median, averaged for the mean.
    .with('cycles', (qc) =>
      qc
        .selectFrom('deals as d')
        .where(sql<boolean>`${wonIn}`)
        .select([
          sql<number>`1`.as('grp'),
          calendarDaysSql(ref('created_at'), closedAt, timeZone).as('days'),
        ]),
    )
    .with('ranked_cycles', (qc) => {
      const window = percentileWindow(['c.grp'], 'c.days');
      return qc
        .selectFrom('cycles as c')
        .select(['c.days as v', window.rn.as('rn'), window.n.as('n'), window.nextV.as('next_v')]);
    })
    .selectFrom('deals as d')
    .select((eb) => [
      count(wonIn).as('won'),
      count(lostIn).as('lost'),
      count(sql`${ref('created_at')} >= ${range.fromMs} and ${ref('created_at')} < ${range.toMs}`).as(
        'new_opportunities',
      ),
      total(sql`${ref('is_closed')} = 0`, ref('amount')).as('pipeline'),
      total(sql`${ref('is_closed')} = 0`, sql`${ref('amount')} * ${ref('probability')}`).as(
        'weighted_pipeline',
      ),
      total(wonIn, ref('amount')).as('revenue'),
      mean(wonIn, ref('amount')).as('average_deal'),
      eb
        .selectFrom('cycles as c')
        .select((s) => s.fn.avg<number | null>('c.days').as('v'))
        .as('sales_cycle_days'),
      eb
        .selectFrom('ranked_cycles as rc')
        .select(percentileCont(0.5, 'rc').as('v'))
        .as('median_sales_cycle_days'),
      eb
        .selectFrom('customers as cu')
        .select((s) => s.fn.avg<number | null>('cu.gross_profit').as('v'))
        .as('clv'),
    ])
    .executeTakeFirstOrThrow();

  const won = Number(row.won ?? 0);
  const lost = Number(row.lost ?? 0);
  const orNull = (value: unknown) => (value == null ? null : Number(value));
  return {
    won,
    lost,
    winRate: won + lost > 0 ? won / (won + lost) : null,
    newOpportunities: Number(row.new_opportunities ?? 0),
    pipeline: Number(row.pipeline),
    weightedPipeline: Number(row.weighted_pipeline),
    revenue: Number(row.revenue),
    averageDeal: orNull(row.average_deal),
    salesCycleDays: orNull(row.sales_cycle_days),
    medianSalesCycleDays: orNull(row.median_sales_cycle_days),
    customerLifetimeValue: orNull(row.clv),
  };
}
