/**
 * HANDOFFS, SLA_WITHIN_TARGET_RATE, SENT_BACK_RATE and RESPONSE_HOURS_P50/P90 split by dimensions and period, in one
 * statement over the SLA's own handoffs in scope (sla/sales.ts handoffsInScope) judged by the
 * breach rule in SQL (sla/status.ts): the numbers sla.sales and sla.marketing give for a slice.
 */
import { sql } from 'kysely';
import type { TenantStore } from '../../store/tenant-store.js';
import type { MetricsFilter, Range } from '../filter.js';
import { localDaySql } from '../funnel/days.js';
import { handoffsInScope } from '../sla/sales.js';
import { handoffSlaStatusSql } from '../sla/status.js';
import { runStacked, type Split, type StackedRow } from './stack.js';

export async function handoffBreakdown(
  store: TenantStore,
  query: { filter: MetricsFilter; range: Range; timeZone: string; now: number },
  split: Split,
): Promise<StackedRow[]> {
  const { filter, range, timeZone, now } = query;
  const facts = store.db
    .with('scoped', () =>
      handoffsInScope(store, filter, range).select([
        'h.person_id',
        'h.handed_off_at',
        'h.sent_back_at',
        'h.response_hours',
        handoffSlaStatusSql('h', now).as('status'),
      ]),
    )
    .selectFrom('scoped as s')
    .select([
      's.person_id',
      localDaySql(sql.ref('s.handed_off_at'), timeZone).as('day'),
      // Met = answered in time, by a touch or by sending the lead back (the breach rule; sales.ts followUpOf).
      sql<number>`case when ${sql.ref('s.status')} in ('WITHIN_TARGET', 'SENT_BACK') then 1 else 0 end`.as(
        'met',
      ),
      sql<number>`case when ${sql.ref('s.sent_back_at')} is not null then 1 else 0 end`.as('sent_back'),
      's.response_hours',
    ]);
  return runStacked(store, split, {
    facts: facts as never,
    aggregates: {
      handoffs: sql`count(*)`,
      met: sql`sum(${sql.ref('g.met')})`,
      sent_back: sql`sum(${sql.ref('g.sent_back')})`,
    },
    // Business hours to the first sales touch, ranked as sla.sales ranks them (sales.ts).
    median: {
      value: 'response_hours',
      where: sql`${sql.ref('r.response_hours')} is not null`,
      levels: { response_p50: 0.5, response_p90: 0.9 },
    },
  });
}
