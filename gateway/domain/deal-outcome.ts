/**
 * What a deal does to its primary person (docs/domain.md "Lifecycle stages"): an open deal makes
 * them an opportunity; won makes them a customer; lost sends someone sales was working back to
 * nurture with the loss reason, unless the tenant's policy leaves them where they are. One rule
 * for deals imported, synced or closed in Tandem (gateway/ingest/apply-deal-outcome.ts,
 * gateway/loop/deals.ts).
 */
import type { LostDealPolicy } from './crm-stages.js';
import { openDealStage, recycleStage, type StageDefinition, wonStage } from './stages.js';

export interface ClosedDeal {
  name: string;
  isWon: boolean;
  lossReason: string | null;
}

export interface DealOutcomeMove {
  /** The stage the person enters. */
  to: string;
  /** Why, naming the deal: the transition's reason (and a recycled handoff's). */
  reason: string;
}

/** The stage change a closed deal makes its primary person take, or null when they stay. */
export function dealOutcomeMove(
  deal: ClosedDeal,
  personStage: string,
  stages: StageDefinition[],
  lostPolicy: LostDealPolicy,
): DealOutcomeMove | null {
  const customer = wonStage(stages);
  if (deal.isWon) {
    return personStage === customer ? null : { to: customer, reason: `won deal "${deal.name}"` };
  }
  if (lostPolicy === 'stay') return null;
  // Only someone sales is working goes back: a customer stays one, a lead is already marketing's.
  const current = stages.find((s) => s.key === personStage);
  if (current?.ownerTeam !== 'sales' || personStage === customer) return null;
  const why = deal.lossReason ? `: ${deal.lossReason}` : '';
  return { to: recycleStage(stages), reason: `lost deal "${deal.name}"${why}` };
}

/**
 * The stage change an open deal makes its primary person take: to the opportunity stage ("associated
 * with an open deal"), when the ladder has one and they are below it; never down (a customer's
 * new deal leaves them a customer), and not for a person on a stage the ladder no longer has.
 */
export function openDealMove(
  deal: { name: string },
  personStage: string,
  stages: StageDefinition[],
): DealOutcomeMove | null {
  const target = stages.find((s) => s.key === openDealStage);
  const current = stages.find((s) => s.key === personStage);
  if (!target || !current || current.position >= target.position) return null;
  return { to: target.key, reason: `open deal "${deal.name}"` };
}
