/**
 * Multi-touch attribution of one deal: how much credit each touch on the path to the deal earns.
 * Weights follow Marketo Measure (docs/domain.md "Campaign ROI and attribution"), because that is the
 * tool marketing teams compare our numbers against.
 */

export const attributionModels = [
  'FIRST_TOUCH',
  'LEAD_CREATION',
  'U_SHAPED',
  'W_SHAPED',
  'FULL_PATH',
  'LINEAR',
  'TIME_DECAY',
] as const;
export type AttributionModel = (typeof attributionModels)[number];

export interface AttributableTouch {
  id: string;
  campaignId: string | null;
  occurredAt: Date;
}

export interface DealMilestones {
  leadCreatedAt: Date | null;
  opportunityCreatedAt: Date | null;
  closedWonAt: Date | null;
  closedAt: Date | null;
}

/** Credits of one deal sum to 1, or the list is empty (the deal is unattributed). */
export interface TouchCredit {
  touchId: string;
  campaignId: string | null;
  credit: number;
}

type Milestone = 'first' | 'leadCreation' | 'opportunityCreation' | 'closedWon';

/** Position-based weights: shares of the milestone touches, and the share split over the rest. */
interface PositionWeights {
  milestones: Partial<Record<Milestone, number>>;
  rest: number;
}

type PositionModel = Exclude<AttributionModel, 'LINEAR' | 'TIME_DECAY'>;

/** The Marketo Measure table in docs/domain.md. */
export const positionWeights: Record<PositionModel, PositionWeights> = {
  FIRST_TOUCH: { milestones: { first: 1 }, rest: 0 },
  LEAD_CREATION: { milestones: { leadCreation: 1 }, rest: 0 },
  U_SHAPED: { milestones: { first: 0.5, leadCreation: 0.5 }, rest: 0 },
  W_SHAPED: { milestones: { first: 0.3, leadCreation: 0.3, opportunityCreation: 0.3 }, rest: 0.1 },
  FULL_PATH: {
    milestones: { first: 0.225, leadCreation: 0.225, opportunityCreation: 0.225, closedWon: 0.225 },
    rest: 0.1,
  },
};

const DAY_MS = 86_400_000;
export const defaultTimeDecayHalfLifeDays = 7;

/**
 * Credit per touch for one deal under an attribution model (docs/domain.md "Campaign ROI and
 * attribution", Marketo Measure weights). Only touches that earn credit are listed, in path order.
 */
export function attributeDeal(
  touches: AttributableTouch[],
  milestones: DealMilestones,
  model: AttributionModel,
  options?: { halfLifeDays?: number },
): TouchCredit[] {
  const path = touchesOnPath(touches, milestones.closedAt);
  if (path.length === 0) return [];
  switch (model) {
    case 'LINEAR':
      return toCredits(path, new Map(path.map((touch) => [touch.id, 1 / path.length])));
    case 'TIME_DECAY':
      return toCredits(path, timeDecayShares(path, options?.halfLifeDays ?? defaultTimeDecayHalfLifeDays));
    default:
      return toCredits(path, positionShares(path, milestones, positionWeights[model]));
  }
}

/** The touches that count for a deal, oldest first: a touch after the close cannot have influenced it. */
export function touchesOnPath(touches: AttributableTouch[], closedAt: Date | null): AttributableTouch[] {
  const cutOff = closedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return touches
    .filter((touch) => touch.occurredAt.getTime() <= cutOff)
    .sort(
      (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** The touch that sits at each milestone of the deal, or undefined when the deal has none there. */
export function milestoneTouches(
  path: AttributableTouch[],
  milestones: DealMilestones,
): Record<Milestone, AttributableTouch | undefined> {
  return {
    first: path[0],
    leadCreation: latestAtOrBefore(path, milestones.leadCreatedAt),
    opportunityCreation: latestAtOrBefore(path, milestones.opportunityCreatedAt),
    closedWon: latestAtOrBefore(path, milestones.closedWonAt),
  };
}

function latestAtOrBefore(path: AttributableTouch[], moment: Date | null): AttributableTouch | undefined {
  if (moment === null) return undefined;
  const limit = moment.getTime();
  let latest: AttributableTouch | undefined;
  for (const touch of path) {
    if (touch.occurredAt.getTime() > limit) break;
    latest = touch;
  }
  return latest;
}

/**
 * Position-based shares (first touch, lead creation, U, W, full path).
 *
 * Choice (written down in docs/domain.md, "Campaign ROI and attribution"): when a milestone has
 * no touch (no lead creation date, no touch before the opportunity, a deal not won...), its
 * weight goes to the milestones that are
 * present, in proportion to their weights; e.g. W-shaped without an opportunity touch gives
 * 45 % first, 45 % lead creation, 10 % to the rest. The "rest" are the touches that are none of
 * the present milestone touches, split equally; with no rest, its share also goes to the
 * milestone touches in proportion. Both rules amount to normalising whatever weights have a
 * touch to receive them. When no milestone of the model has a touch (only possible for lead
 * creation), the deal stays unattributed: [] rather than credit to a touch that created nothing.
 */
function positionShares(
  path: AttributableTouch[],
  milestones: DealMilestones,
  weights: PositionWeights,
): Map<string, number> {
  const atMilestone = milestoneTouches(path, milestones);
  const milestoneWeightByTouch = new Map<string, number>();
  for (const [milestone, weight] of Object.entries(weights.milestones) as [Milestone, number][]) {
    const touch = atMilestone[milestone];
    if (touch) milestoneWeightByTouch.set(touch.id, (milestoneWeightByTouch.get(touch.id) ?? 0) + weight);
  }
  if (milestoneWeightByTouch.size === 0) return new Map();

  const rest = path.filter((touch) => !milestoneWeightByTouch.has(touch.id));
  const restShare = rest.length > 0 ? weights.rest : 0;
  const milestoneTotal = [...milestoneWeightByTouch.values()].reduce((sum, weight) => sum + weight, 0);
  const shares = new Map<string, number>();
  for (const [touchId, weight] of milestoneWeightByTouch) {
    shares.set(touchId, (weight / milestoneTotal) * (1 - restShare));
  }
  for (const touch of rest) shares.set(touch.id, restShare / rest.length);
  return shares;
}

/**
 * Time-decay shares: 0.5^(age / half-life), normalised. Age is counted back from the close (or
 * the latest touch of an open deal), but after normalising only the gaps between touches matter,
 * so ages are taken from the newest touch: old paths then cannot underflow to all zeros.
 */
function timeDecayShares(path: AttributableTouch[], halfLifeDays: number): Map<string, number> {
  if (!(halfLifeDays > 0) || !Number.isFinite(halfLifeDays)) {
    throw new RangeError(`time-decay half-life must be a positive number of days, got ${halfLifeDays}`);
  }
  const newest = path[path.length - 1].occurredAt.getTime();
  const weights = path.map((touch) => 0.5 ** ((newest - touch.occurredAt.getTime()) / DAY_MS / halfLifeDays));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return new Map(path.map((touch, i) => [touch.id, weights[i] / total]));
}

function toCredits(path: AttributableTouch[], shares: Map<string, number>): TouchCredit[] {
  return path
    .filter((touch) => (shares.get(touch.id) ?? 0) > 0)
    .map((touch) => ({ touchId: touch.id, campaignId: touch.campaignId, credit: shares.get(touch.id) ?? 0 }));
}
