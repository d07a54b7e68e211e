/**
 * Closing a deal from Tandem (docs/domain.md, "Revenue metrics"): won or lost, with the final amount
 * and, when lost, why. The deal then moves its primary person by the one rule imported and synced
 * deals follow too (domain/deal-outcome.ts): won makes them a customer, lost sends them back to
 * nurture unless the tenant's policy keeps them, through the ingest path like any stage change.
 * The check, the deal and the stage change are one write transaction (store/write.ts): two
 * outcomes of one deal at once take turns, and the second finds the deal closed.
 */
import { moveForClosedDeal } from '../ingest/apply-deal-outcome.js';
import { markChange } from '../metrics/mark-change.js';
import { refreshRollups } from '../metrics/refresh.js';
import { emptyChange, type StoreChange } from '../store/changes.js';
import type { OpportunityTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { writeTransaction } from '../store/write.js';
import type { LoopContext } from './context.js';
import { LoopError } from './errors.js';

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
      deal.gross_profit === null || !deal.amount || amount === null
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
    // The one move every closed deal makes (ingest/apply-deal-outcome.ts), by whoever closed it.
    const user = await trx.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', ctx.actor.name)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    const closed = {
      ...deal,
      is_closed: 1,
      is_won: outcome.won ? 1 : 0,
      closed_at: at,
      loss_reason: lossReason,
    };
    const moved = await moveForClosedDeal(trx, closed, {
      team: ctx.actor.team ?? 'sales',
      userId: user?.id ?? null,
    });
    if (!moved) return { value: null, change };
    return {
      value: null,
      change: {
        ...change,
        people: [...new Set([...change.people, ...moved.people])],
        handoffs: moved.handoffs,
      },
    };
  });
  await refreshRollups(store, { now: Date.now() });
  return findDeal(store, opportunityId);
}

/** The outcome's loss reason and amount, or why it cannot close this deal. */
function checkOutcome(
  deal: OpportunityTable,
  outcome: DealOutcome,
): { lossReason: string | null; amount: number | null } {
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
  // A deal whose amount is unknown may close without one: it stays unknown, not 0.
  const amount = outcome.amount ?? deal.amount;
  if (amount !== null && (!Number.isFinite(amount) || amount < 0)) {
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
