/**
 * The campaign family: per local day, touches by campaign (by the touch's day) and won deals'
 * credits by attribution model and campaign (by the deal's close day), computed with the raw
 * metric's own code (loadWonDeals, creditDeals) for every model at once. Campaign leads and MQLs
 * are the milestone family's (rollup_campaign_entries); spend and opportunities are small tables
 * read raw.
 */
import { sql } from 'kysely';
import { type AttributionModel, attributionModels } from '../../domain/attribution.js';
import type { StageDefinition } from '../../domain/stages.js';
import { type DayRange, type DayRun, dayOf, instantsOf } from '../../rollups/calendar.js';
import { rollupRows } from '../../rollups/months.js';
import { insertRows } from '../../store/insert-rows.js';
import type { RollupAttributionTable, RollupWonTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { type Attribution, creditDeals, loadWonDeals, type WonDeal } from './attribution.js';

export async function refreshCampaigns(
  store: TenantStore,
  defs: { timeZone: string; stages: StageDefinition[] },
  run: DayRun,
): Promise<void> {
  const { db } = store;
  const range = instantsOf(run, defs.timeZone);
  for (const table of ['rollup_campaign_touches', 'rollup_attribution', 'rollup_won'] as const) {
    await db.deleteFrom(table).where('day', '>=', run.first).where('day', '<=', run.last).execute();
  }
  const tenant_id = store.tenantId;

  // Touches per campaign and instant come back grouped; they are dated here.
  const touches = await db
    .selectFrom('touches')
    .select(['campaign_id', 'occurred_at', (eb) => eb.fn.countAll<number>().as('n')])
    .where('occurred_at', '>=', range.fromMs)
    .where('occurred_at', '<', range.toMs)
    .where('campaign_id', 'is not', null)
    .groupBy(['campaign_id', 'occurred_at'])
    .execute();
  const perDay = new Map<string, { tenant_id: string; day: number; campaign_id: string; touches: number }>();
  for (const row of touches) {
    const day = dayOf(Number(row.occurred_at), defs.timeZone);
    const key = `${day}\u0000${row.campaign_id}`;
    const cell = perDay.get(key) ?? { tenant_id, day, campaign_id: row.campaign_id!, touches: 0 };
    cell.touches += Number(row.n);
    perDay.set(key, cell);
  }
  await insertRows(store.db, 'rollup_campaign_touches', [...perDay.values()]);

  const deals = await loadWonDeals(store, { filter: {}, range, stages: defs.stages });
  const byDay = new Map<number, WonDeal[]>();
  for (const deal of deals) {
    const day = dayOf(deal.closedAt, defs.timeZone);
    const list = byDay.get(day) ?? [];
    list.push(deal);
    byDay.set(day, list);
  }
  const credits: RollupAttributionTable[] = [];
  const totals: RollupWonTable[] = [];
  for (const [day, dayDeals] of byDay) {
    for (const model of attributionModels) {
      const attribution = creditDeals(dayDeals, model);
      totals.push({
        tenant_id,
        day,
        model,
        won_revenue: attribution.wonRevenue,
        unattributed_revenue: attribution.unattributedRevenue,
        non_campaign_revenue: attribution.nonCampaignRevenue,
      });
      for (const [campaign_id, credit] of attribution.byCampaign) {
        credits.push({
          tenant_id,
          day,
          model,
          campaign_id,
          revenue: credit.attributedRevenue,
          gross_profit: credit.attributedGrossProfit,
          new_customers: credit.newCustomers,
        });
      }
    }
  }
  await insertRows(store.db, 'rollup_attribution', credits);
  await insertRows(store.db, 'rollup_won', totals);
}

/** Won deals closed in `days`, credited under `model`, from the rollups: what attributeWonDeals returns. */
export async function attributionFromRollups(
  store: TenantStore,
  days: DayRange,
  model: AttributionModel,
): Promise<Attribution> {
  const { db } = store;
  const rows = await db
    .selectFrom(rollupRows(db, 'rollup_attribution', days).as('r'))
    .where(sql.ref('r.model'), '=', model)
    .select([
      sql<string>`r.campaign_id`.as('campaign_id'),
      sql<number>`sum(r.revenue)`.as('a'),
      sql<number>`sum(r.gross_profit)`.as('b'),
      sql<number>`sum(r.new_customers)`.as('c'),
    ])
    .groupBy(sql`r.campaign_id`)
    .unionAll(
      db
        .selectFrom(rollupRows(db, 'rollup_won', days).as('w'))
        .where(sql.ref('w.model'), '=', model)
        .select([
          sql<string>`''`.as('campaign_id'),
          sql<number>`coalesce(sum(w.won_revenue), 0)`.as('a'),
          sql<number>`coalesce(sum(w.unattributed_revenue), 0)`.as('b'),
          sql<number>`coalesce(sum(w.non_campaign_revenue), 0)`.as('c'),
        ]),
    )
    .execute();
  const result: Attribution = {
    byCampaign: new Map(),
    unattributedRevenue: 0,
    nonCampaignRevenue: 0,
    wonRevenue: 0,
  };
  for (const row of rows) {
    if (row.campaign_id === '') {
      result.wonRevenue = Number(row.a);
      result.unattributedRevenue = Number(row.b);
      result.nonCampaignRevenue = Number(row.c);
    } else {
      result.byCampaign.set(row.campaign_id, {
        attributedRevenue: Number(row.a),
        attributedGrossProfit: Number(row.b),
        newCustomers: Number(row.c),
      });
    }
  }
  return result;
}
