/**
 * Closing a deal from Tandem (DOMAIN.md "Revenue metrics"): won or lost, with the final amount
 * and, when lost, why. A won deal makes its primary person a customer (DOMAIN.md stages:
 * customer = a deal is closed-won), through the ingest path like any stage change.
 */
import { markChange, tenantTimeZone } from '../rollups/dirty.js';
import { emptyChange } from '../store/changes.js';
import { loadStages } from '../store/definitions.js';
import type { OpportunityTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import type { LoopContext } from './context.js';
import { LoopError } from './errors.js';
import { wonStage } from './leads.js';
import { changeStage, findPerson } from './stage-change.js';

export interface DealOutcome {
  won: boolean;
  lossReason?: string | null;
  /** The final amount in the tenant's currency; the deal's current amount when left out. */
  amount?: number | null;
}

export async function recordDealOutcome(
  store: TenantStore,
  opportunityId: string,
  outcome: DealOutcome,
  ctx: LoopContext,
): Promise<OpportunityTable> {
  const deal = await findDeal(store, opportunityId);
  if (deal.is_closed) {
    const when = deal.closed_at === null ? '' : ` on ${new Date(deal.closed_at).toISOString()}`;
    throw new LoopError(
      'BAD_TRANSITION',
      `deal ${opportunityId} is already closed ${deal.is_won ? 'won' : 'lost'}${when}`,
    );
  }
  const lossReason = outcome.lossReason?.trim() || null;
  if (!outcome.won && !lossReason) {
    throw new LoopError(
      'MISSING_LOSS_REASON',
      `lossReason is required when deal ${opportunityId} is lost (won: false), got ${JSON.stringify(outcome.lossReason ?? null)}`,
    );
  }
  if (outcome.won && lossReason) {
    throw new LoopError(
      'BAD_ARGUMENTS',
      `lossReason '${lossReason}' given for deal ${opportunityId}, which is won: leave it out`,
    );
  }
  const amount = outcome.amount ?? deal.amount;
  if (!Number.isFinite(amount) || amount < 0) {
    throw new LoopError('BAD_AMOUNT', `amount must be 0 or more, got ${outcome.amount}`);
  }
  // The margin stays what it was: a new amount scales the gross profit with it.
  const grossProfit =
    deal.gross_profit === null || deal.amount === 0
      ? deal.gross_profit
      : (deal.gross_profit * amount) / deal.amount;
  const stage = outcome.won ? 'Closed Won' : 'Closed Lost';
  const at = Math.max(ctx.now, deal.created_at);
  const change = {
    ...emptyChange(store.tenantId, 'closed-loop' as const),
    opportunities: [opportunityId],
    people: deal.primary_person_id ? [deal.primary_person_id] : [],
  };
  await store.transaction(async (trx) => {
    await trx.db
      .updateTable('opportunities')
      .set({
        is_closed: 1,
        is_won: outcome.won ? 1 : 0,
        closed_at: at,
        stage,
        probability: outcome.won ? 1 : 0,
        amount,
        gross_profit: grossProfit,
        loss_reason: lossReason,
      })
      .where('id', '=', opportunityId)
      .execute();
    await trx.db
      .insertInto('opportunity_stages')
      .values({ tenant_id: store.tenantId, opportunity_id: opportunityId, stage, amount, occurred_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await markChange(trx, change, await tenantTimeZone(trx));
  });
  store.database.changes.publish(change);
  if (outcome.won && deal.primary_person_id) {
    const person = await findPerson(store, deal.primary_person_id);
    const { stages } = await loadStages(store);
    const customer = wonStage(stages);
    if (person.stage !== customer) {
      await changeStage(store, person, customer, {
        action: 'recordDealOutcome',
        actor: ctx.actor,
        side: 'sales',
        reason: `won ${opportunityId}`,
        at,
      });
    }
  }
  return findDeal(store, opportunityId);
}

async function findDeal(store: TenantStore, opportunityId: string): Promise<OpportunityTable> {
  const deal = await store.db
    .selectFrom('opportunities')
    .selectAll()
    .where('id', '=', opportunityId)
    .executeTakeFirst();
  if (!deal) throw new LoopError('NOT_FOUND', `unknown opportunity '${opportunityId}'`);
  return deal;
}
