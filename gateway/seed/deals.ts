/**
 * Deals (Salesforce Opportunity with its OpportunityHistory): log-normal amounts by segment,
 * a sales cycle that grows with the customer, stages Discovery → Proposal → Negotiation →
 * Closed Won / Closed Lost. A deal whose close lies after the history's end is still open, in
 * the stage it has reached, so the demo has live pipeline.
 */
import type { Segment } from './accounts.js';
import { afterBusinessHours, type DemoContext } from './context.js';
import type { Person } from './people.js';
import { weightedTable } from './random.js';
import type { OpportunityRecordInput, SourceRefInput } from './record-types.js';
import { iso } from './timeline.js';

/** Deals won (bid-to-win), kept steady (context.wins); with the SQLs that never open a deal, SQL → won lands near 25 %. */
export const winRate = 0.34;
/** SQLs that open a deal, kept steady (context.opportunities): the rest are qualified but never bid. */
export const sqlToOpportunity = 0.82;
export const lossReasons = ['price', 'competitor', 'no_decision', 'timing', 'product_fit'] as const;

const medianAmount: Record<Segment, number> = { SMB: 11_000, 'Mid-market': 28_000, Enterprise: 75_000 };
const medianCycleDays: Record<Segment, number> = { SMB: 40, 'Mid-market': 65, Enterprise: 110 };
const editions: Record<Segment, string> = {
  SMB: 'Starter',
  'Mid-market': 'Growth',
  Enterprise: 'Enterprise',
};
const openStages = ['Discovery', 'Proposal', 'Negotiation'] as const;
const probabilityOf: Record<string, number> = { Discovery: 0.2, Proposal: 0.45, Negotiation: 0.7 };
/** How far a lost deal got before it died: most die early. */
const lostAfter = weightedTable([
  [1, 40],
  [2, 35],
  [3, 25],
] as const);
const lossReasonTable = weightedTable(
  lossReasons.map((reason, index) => [reason, [22, 24, 26, 16, 12][index]] as const),
);

export interface Deal {
  openedAt: number;
  closesAt: number;
  won: boolean;
  lossReason: string | null;
  amount: number;
  /** Stage entries in order, the last one the close; times may lie after the history's end. */
  stages: { stage: string; amount: number; at: number }[];
}

export function planDeal(context: DemoContext, segment: Segment, openedAt: number): Deal {
  const { rng } = context;
  const amount = Math.max(500, Math.round(rng.logNormal(medianAmount[segment], 0.5) / 500) * 500);
  const cycleHours = rng.logNormal(medianCycleDays[segment], 0.5) * 8 * (5 / 7);
  const won = context.wins.next(rng);
  const reached = won ? 3 : rng.weighted(lostAfter);
  // Early estimates run high; the quote comes down in negotiation.
  const estimate = Math.round((amount * rng.between(0.95, 1.35)) / 500) * 500;
  const stages: Deal['stages'] = [];
  for (let step = 0; step < reached; step++) {
    const at =
      step === 0 ? openedAt : afterBusinessHours(context, openedAt, cycleHours * [0, 0.35, 0.7][step]);
    stages.push({ stage: openStages[step], amount: step === 2 ? amount : estimate, at });
  }
  const closesAt = afterBusinessHours(context, openedAt, cycleHours);
  const finalAmount = won ? amount : stages[stages.length - 1].amount;
  stages.push({ stage: won ? 'Closed Won' : 'Closed Lost', amount: finalAmount, at: closesAt });
  return {
    openedAt,
    closesAt,
    won,
    lossReason: won ? null : rng.weighted(lossReasonTable),
    amount: finalAmount,
    stages,
  };
}

export function opportunityRecord(
  context: DemoContext,
  person: Person,
  deal: Deal,
  campaign: SourceRefInput | null,
): OpportunityRecordInput {
  const { rng, ids, timeline } = context;
  const history = deal.stages.filter((entry) => entry.at < timeline.now);
  const current = history[history.length - 1];
  const isClosed = deal.closesAt < timeline.now;
  const account = person.account;
  const primaryPerson = person.contactRef;
  if (!primaryPerson) throw new Error('a deal needs the contact its lead converted into');
  return {
    kind: 'opportunity',
    system: 'salesforce',
    sourceId: ids.salesforce('opportunity'),
    name: `${account.name} – ${editions[account.segment]} (new business)`,
    account: account.ref,
    primaryPerson,
    campaign,
    ownerEmail: account.owner,
    amount: current.amount,
    grossProfit: Math.round(current.amount * rng.between(0.7, 0.85)),
    stage: current.stage,
    probability: isClosed ? (deal.won ? 1 : 0) : probabilityOf[current.stage],
    createdAt: iso(deal.openedAt),
    closedAt: isClosed ? iso(deal.closesAt) : null,
    isClosed,
    isWon: isClosed && deal.won,
    lossReason: isClosed ? deal.lossReason : null,
    history: history.map((entry) => ({
      stage: entry.stage,
      amount: entry.amount,
      occurredAt: iso(entry.at),
    })),
  };
}
