/**
 * Closing a deal from Tandem (docs/domain.md, "Revenue metrics"): won or lost, with the final amount
 * and, when lost, why. A won deal makes its primary person a customer (docs/domain.md, stages:
 * customer = a deal is closed-won), through the ingest path like any stage change. The check, the
 * deal and the stage change are one write transaction (store/write.ts): two outcomes of one deal
 * at once take turns, and the second finds the deal closed.
 */
import { markChange } from '../metrics/mark-change.js';
import { refreshRollups } from '../metrics/refresh.js';
import { emptyChange, type StoreChange } from '../store/changes.js';
import { loadStages } from '../store/definitions.js';
import type { OpportunityTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { writeTransaction } from '../store/write.js';
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
  await writeTransaction(store, markChange, async (trx) => {
    const deal = await findDeal(trx, opportunityId);
    const { lossReason, amount } = checkOutcome(deal, outcome);
    // The margin stays what it was: a new amount scales the gross profit with it.
    const grossProfit =
      deal.gross_profit === null || deal.amount === 0
        ? deal.gross_profit
        : (deal.gross_profit * amount) / deal.amount;
    const stage = outcome.won ? 'Closed Won' : 'Closed Lost';
    const at = Math.max(ctx.now, deal.created_at);
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
    const change: StoreChange = {
      ...emptyChange(store.tenantId, 'closed-loop'),
      opportunities: [opportunityId],
      people: deal.primary_person_id ? [deal.primary_person_id] : [],
    };
    if (!outcome.won || !deal.primary_person_id) return { value: null, change };
    const person = await findPerson(trx, deal.primary_person_id);
    const customer = wonStage((await loadStages(trx)).stages);
    if (person.stage === customer) return { value: null, change };
    const move = await changeStage(trx, person, customer, {
      action: 'recordDealOutcome',
      actor: ctx.actor,
      side: 'sales',
      reason: `won ${opportunityId}`,
      at,
    });
    return {
      value: null,
      change: {
        ...change,
        people: [...new Set([...change.people, ...move.change.people])],
        handoffs: move.change.handoffs,
      },
      touchedAt: move.touchedAt,
    };
  });
  await refreshRollups(store, { now: Date.now() });
  return findDeal(store, opportunityId);
}

/** The outcome's loss reason and amount, or why it cannot close this deal. */
function checkOutcome(
  deal: OpportunityTable,
  outcome: DealOutcome,
): { lossReason: string | null; amount: number } {
  const opportunityId = deal.id;
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
  return { lossReason, amount };
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
