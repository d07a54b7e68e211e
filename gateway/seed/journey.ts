/**
 * A person's way down the stage ladder, planned as times and outcomes before any record is
 * written. The probabilities are tuned so the generated data lands inside docs/domain.md's published
 * waterfall (inquiry→MQL 10–25 %, MQL→SAL 40–60 %, SAL→SQL 50–70 %, SQL→won 20–30 %) after
 * the history's end cuts off the journeys still under way.
 */
import type { FitGrade } from '../domain/scoring.js';
import { recycleReasons } from '../domain/stages.js';
import { afterBusinessHours, type DemoContext } from './context.js';
import { weightedTable } from './random.js';
import { firstResponseHours, neverTouched } from './sales-response.js';
import { DAY, HOUR, MINUTE, pickGrowingTime } from './timeline.js';

export const waterfall = {
  /** Opted in to content first; the rest arrive by converting on a form. */
  subscriberEntry: 0.4,
  subscriberToLead: 0.5,
  leadToMql: 0.165,
  /** Hand-raisers ('contact sales') whom sales qualifies at once: lead → sql, skipping mql and sal. */
  leadToSql: 0.003,
  /** Of touched handoffs: sales accepts (sal, or straight to sql), prospects far more often. */
  acceptedProspect: 0.68,
  acceptedUnqualified: 0.3,
  /** Of touched handoffs, all kinds: the steady rate the two above scale (context.acceptances). */
  accepted: 0.5,
  /** Of accepted handoffs: qualified on the first conversation, skipping sal. */
  acceptedToSql: 0.04,
  salToSql: 0.6,
  /** Of sal: sent back to marketing with a reason; the rest stall in sal. */
  salRecycled: 0.28,
  recycledReturns: 0.3,
} as const;

/**
 * How much likelier than average a person of this fit grade is to become an MQL: the ideal
 * profile converts, the poor fit mostly reads. Weighted so the mean over the demo's grade mix
 * stays near 1 and the waterfall holds; the matrix's hot, high-fit cells convert best.
 */
const mqlLiftOf: Record<FitGrade, number> = { A: 2.6, B: 1.7, C: 0.8, D: 0.35 };

/**
 * Handoffs marketing qualified first (all four prospect flags set), by fit grade: the ideal
 * profile is what the flags check, so people handed off in the hot, high-fit cells are mostly
 * prospects, get accepted more often and convert better than those handed off at C or D.
 */
const prospectShareOf: Record<FitGrade, number> = { A: 0.8, B: 0.65, C: 0.4, D: 0.2 };

/**
 * How much likelier than average an accepted handoff of this fit grade is to become an SQL: the
 * conversation confirms what the fit criteria predicted. Weighted so the mean over the handoffs'
 * grade mix (mostly A and B, mqlLiftOf) stays near 1 and sal → sql holds; with prospectShareOf it
 * keeps A and B converting clearly better than C and D at any end date, not only on average.
 */
const sqlLiftOf: Record<FitGrade, number> = { A: 1.12, B: 1.04, C: 0.85, D: 0.7 };

const visitCounts = weightedTable([
  [0, 35],
  [1, 30],
  [2, 20],
  [3, 15],
] as const);

export interface Handoff {
  mqlAt: number;
  /** Qualified by a marketer by hand rather than by the score threshold. */
  manual: boolean;
  /** Marketing set all four prospect flags before handing off (docs/domain.md "prospect"). */
  prospect: boolean;
  /** Touches in the burst of engagement that tips the person over the threshold. */
  burst: number;
  firstTouchAt: number | null;
  acceptedAt: number | null;
  qualifiedAt: number | null;
  recycledAt: number | null;
  reason: string | null;
  /**
   * Sales tried and never accepted, and marketing had not qualified the person: they stay at MQL
   * (docs/domain.md lets sales send back only what it accepted) and marketing keeps nurturing them.
   */
  stalled: boolean;
}

export interface Journey {
  firstAt: number;
  entry: 'subscriber' | 'lead';
  leadAt: number | null;
  /** Anonymous visits before a form fill turns a visitor into a lead. */
  visitsBeforeLead: number;
  /** When the person gets a CRM lead (null: Marketo only). */
  crmAt: number | null;
  /** First sales call for a hand-raiser who goes from lead straight to sql. */
  handRaiseCallAt: number | null;
  handoffs: Handoff[];
  sqlAt: number | null;
  opportunityAt: number | null;
}

export function planJourney(context: DemoContext, grade: FitGrade): Journey {
  const { rng, timeline } = context;
  const now = timeline.now;
  const firstAt = Math.floor(pickGrowingTime(rng.next(), timeline));
  const entry = rng.chance(waterfall.subscriberEntry) ? 'subscriber' : 'lead';
  const journey: Journey = {
    firstAt,
    entry,
    leadAt: null,
    visitsBeforeLead: 0,
    crmAt: null,
    handRaiseCallAt: null,
    handoffs: [],
    sqlAt: null,
    opportunityAt: null,
  };
  let leadAt: number | null = null;
  if (entry === 'lead') {
    journey.visitsBeforeLead = rng.weighted(visitCounts);
    leadAt =
      journey.visitsBeforeLead === 0
        ? firstAt + rng.between(1, 3) * MINUTE
        : firstAt + Math.max(30 * MINUTE, rng.logNormal(2 * DAY, 1));
  } else if (rng.chance(waterfall.subscriberToLead)) {
    leadAt = firstAt + Math.max(HOUR, rng.logNormal(40 * DAY, 1));
  }
  // A form sync puts most leads into the CRM; some subscribers arrive there by list import.
  const synced = rng.chance(leadAt === null ? 0.35 : 0.85);
  if (leadAt === null || leadAt >= now) {
    if (synced) journey.crmAt = firstAt + rng.between(2, 15) * MINUTE;
    return journey;
  }
  journey.leadAt = leadAt;
  if (synced) journey.crmAt = leadAt + rng.between(2, 15) * MINUTE;

  if (rng.chance(waterfall.leadToSql)) {
    journey.crmAt = Math.min(journey.crmAt ?? leadAt, leadAt);
    journey.handRaiseCallAt = afterBusinessHours(context, leadAt, rng.logNormal(1.5, 0.6));
    journey.sqlAt = afterBusinessHours(context, journey.handRaiseCallAt, rng.logNormal(6, 0.5));
  } else if (rng.chance(waterfall.leadToMql * mqlLiftOf[grade])) {
    let mqlAt = leadAt + Math.max(HOUR, rng.logNormal(20 * DAY, 0.9));
    journey.crmAt = Math.min(journey.crmAt ?? mqlAt, mqlAt);
    while (mqlAt < now && journey.handoffs.length < 3) {
      const handoff = planHandoff(context, mqlAt, grade);
      journey.handoffs.push(handoff);
      journey.sqlAt = handoff.qualifiedAt;
      if (handoff.recycledAt === null || !rng.chance(waterfall.recycledReturns)) break;
      mqlAt = handoff.recycledAt + rng.logNormal(75 * DAY, 0.6);
    }
  }
  if (journey.sqlAt !== null && journey.sqlAt >= now) journey.sqlAt = null;
  if (journey.sqlAt !== null && context.opportunities.next(rng)) {
    // At least an hour after qualifying: the contact (made half an hour after) must exist first.
    const opportunityAt = afterBusinessHours(context, journey.sqlAt, 1 + rng.logNormal(16, 0.7));
    if (opportunityAt < now) journey.opportunityAt = opportunityAt;
  }
  return journey;
}

/** One MQL handoff and what sales made of it; outcomes after the history's end stay unknown. */
function planHandoff(context: DemoContext, mqlAt: number, grade: FitGrade): Handoff {
  const { rng, timeline } = context;
  const handoff: Handoff = {
    mqlAt,
    manual: rng.chance(0.1),
    prospect: rng.chance(prospectShareOf[grade]),
    burst: rng.intBetween(3, 6),
    firstTouchAt: null,
    acceptedAt: null,
    qualifiedAt: null,
    recycledAt: null,
    reason: null,
    stalled: false,
  };
  if (neverTouched(rng, mqlAt, timeline.now)) return handoff;
  const progress = (mqlAt - timeline.start) / (timeline.now - timeline.start);
  const firstTouchAt = afterBusinessHours(context, mqlAt, firstResponseHours(rng, progress));
  if (firstTouchAt >= timeline.now) return handoff;
  handoff.firstTouchAt = firstTouchAt;
  // Accepted at a steady rate overall (the waterfall's mql → sal), prospects far more often.
  const acceptance = handoff.prospect ? waterfall.acceptedProspect : waterfall.acceptedUnqualified;
  if (!context.acceptances.next(rng, acceptance / waterfall.accepted)) {
    handoff.stalled = !handoff.prospect;
    return handoff;
  }
  const sqlLift = sqlLiftOf[grade];
  if (rng.chance(waterfall.acceptedToSql * sqlLift)) {
    handoff.qualifiedAt = afterBusinessHours(context, firstTouchAt, rng.logNormal(3, 0.5));
    return handoff;
  }
  const acceptedAt = firstTouchAt + rng.between(5, 40) * MINUTE;
  if (acceptedAt >= timeline.now) return handoff;
  handoff.acceptedAt = acceptedAt;
  if (context.salQualified.next(rng, sqlLift)) {
    handoff.qualifiedAt = afterBusinessHours(context, acceptedAt, rng.logNormal(30, 0.7));
  } else if (rng.chance(waterfall.salRecycled / (1 - waterfall.salToSql))) {
    const recycledAt = afterBusinessHours(context, acceptedAt, rng.logNormal(50, 0.8));
    if (recycledAt < timeline.now) {
      handoff.recycledAt = recycledAt;
      handoff.reason = rng.pick(recycleReasons);
    }
  }
  return handoff;
}

/**
 * The first person of every demo tenant (per_marketo:ma_lead:1000001): a prospect handed off three
 * weeks before the end and accepted by sales, not yet qualified. The GraphiQL example and the
 * docs act on that person (send back, qualify), so it must be an accepted lead whatever day the
 * demo is seeded.
 */
export function planShowcaseJourney(context: DemoContext): Journey {
  const now = context.timeline.now;
  const firstAt = now - 75 * DAY;
  const leadAt = firstAt + 2 * DAY;
  const mqlAt = now - 21 * DAY;
  const firstTouchAt = afterBusinessHours(context, mqlAt, 1.5);
  const handoff: Handoff = {
    mqlAt,
    manual: false,
    prospect: true,
    burst: 4,
    firstTouchAt,
    acceptedAt: firstTouchAt + 20 * MINUTE,
    qualifiedAt: null,
    recycledAt: null,
    reason: null,
    stalled: false,
  };
  return {
    firstAt,
    entry: 'lead',
    leadAt,
    visitsBeforeLead: 1,
    crmAt: leadAt + 5 * MINUTE,
    handRaiseCallAt: null,
    handoffs: [handoff],
    sqlAt: null,
    opportunityAt: null,
  };
}
