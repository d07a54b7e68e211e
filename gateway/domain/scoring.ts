/**
 * Lead scoring (engagement, with decay) and grading (fit), and the scoring matrix that crosses
 * them into the MQL decision (docs/domain.md, "Lead scoring (engagement) and grading (fit)").
 */

export type TouchType =
  | 'email_open'
  | 'email_click'
  | 'form_submit'
  | 'content_download'
  | 'webinar_registration'
  | 'webinar_attendance'
  | 'page_view'
  | 'pricing_page_view'
  | 'careers_page_view'
  | 'ad_click'
  | 'event_attendance'
  | 'form_error';

export interface ScoringRules {
  points: Partial<Record<TouchType, number>>;
  firstEmailOpenOnly: boolean;
  /** null = no decay: points keep their full value forever. */
  halfLifeDays: number | null;
}

/** Pardot-like defaults from docs/domain.md; ad click and event attendance are ours. */
export const defaultScoringRules: ScoringRules = {
  points: {
    form_submit: 50,
    webinar_registration: 5,
    webinar_attendance: 5,
    pricing_page_view: 5,
    content_download: 3,
    email_click: 3,
    page_view: 1,
    email_open: 1,
    careers_page_view: -10,
    form_error: -5,
    ad_click: 2,
    event_attendance: 10,
  },
  firstEmailOpenOnly: true,
  halfLifeDays: 30,
};

const DAY_MS = 86_400_000;

/** Points one behaviour earns under the agreed scoring rules (docs/domain.md, engagement score); unlisted behaviours earn 0. */
export function touchPoints(type: TouchType, rules: ScoringRules): number {
  return rules.points[type] ?? 0;
}

/** Share of its points a touch keeps after ageDays, 0.5^(age / half-life) (docs/domain.md, "Decay"). */
export function decayFactor(ageDays: number, halfLifeDays: number | null): number {
  if (halfLifeDays === null) return 1;
  if (!(halfLifeDays > 0))
    throw new RangeError(`score half-life must be a positive number of days, got ${halfLifeDays}`);
  // A touch dated after the scoring moment must not be worth more than a fresh one.
  return 0.5 ** (Math.max(0, ageDays) / halfLifeDays);
}

/** A stored engagement score: exact as of `scoredAt`; readers decay it from there to their moment. */
export interface StoredScore {
  score: number;
  scoredAt: number;
}

/**
 * A stored score with `points` earned at `at` added (docs/domain.md, engagement score and decay):
 * score(t2) = score(t1) × decay(t2 − t1) + points; points earned before `scoredAt` arrive already
 * decayed. The scoring moment never passes `now`: a score "as of" a future date is one readers
 * cannot decay (they take it as it is until then), so a touch dated ahead of the clock, or a
 * score stored that way before, would freeze the person's score. Points dated ahead count as
 * earned now, at full value, as `engagementScore` counts them.
 */
export function addToScore(
  stored: StoredScore,
  points: number,
  at: number,
  halfLifeDays: number | null,
  now = Date.now(),
): StoredScore {
  const scoredAt = Math.min(stored.scoredAt, now);
  const earnedAt = Math.min(at, now);
  if (earnedAt >= scoredAt) {
    return {
      score: stored.score * decayFactor((earnedAt - scoredAt) / DAY_MS, halfLifeDays) + points,
      scoredAt: earnedAt,
    };
  }
  return {
    score: stored.score + points * decayFactor((scoredAt - earnedAt) / DAY_MS, halfLifeDays),
    scoredAt,
  };
}

/**
 * Engagement score of a person at asOf: the decayed sum of points of their touches up to asOf
 * (docs/domain.md, engagement score and decay), rounded to 2 decimals and never below 0.
 */
export function engagementScore(
  touches: { type: TouchType; occurredAt: Date }[],
  rules: ScoringRules,
  asOf: Date,
): number {
  const asOfMs = asOf.getTime();
  const counted = touches.filter((touch) => touch.occurredAt.getTime() <= asOfMs);
  // Opens are noisy (image proxies open every mail), so by default only the first one says anything.
  const firstOpen = rules.firstEmailOpenOnly ? earliestOfType(counted, 'email_open') : undefined;
  let score = 0;
  for (const touch of counted) {
    if (touch.type === 'email_open' && rules.firstEmailOpenOnly && touch !== firstOpen) continue;
    const ageDays = (asOfMs - touch.occurredAt.getTime()) / DAY_MS;
    score += touchPoints(touch.type, rules) * decayFactor(ageDays, rules.halfLifeDays);
  }
  return Math.max(0, Math.round(score * 100) / 100);
}

function earliestOfType<T extends { type: TouchType; occurredAt: Date }>(
  touches: T[],
  type: TouchType,
): T | undefined {
  let earliest: T | undefined;
  for (const touch of touches) {
    if (touch.type === type && (!earliest || touch.occurredAt < earliest.occurredAt)) earliest = touch;
  }
  return earliest;
}

export const fitGrades = ['A', 'B', 'C', 'D'] as const;
export type FitGrade = (typeof fitGrades)[number];

export interface FitCriterion {
  field: 'industry' | 'employees' | 'region' | 'title' | 'department';
  /** Accepted values (case-insensitive; for title, a substring of the title), or a numeric range, bounds included. */
  matches: string[] | { min?: number; max?: number };
  /** What a match adds to the profile's net and a mismatch takes away: usually 1 (fitGrade scales the net). */
  weight: number;
}

export interface FitProfile {
  industry?: string | null;
  employees?: number | null;
  region?: string | null;
  title?: string | null;
  department?: string | null;
}

/** A B2B SaaS ideal-customer profile, used until a tenant writes its own. */
export const defaultFitCriteria: FitCriterion[] = [
  { field: 'industry', matches: ['Software', 'Financial Services', 'Healthcare'], weight: 1 },
  { field: 'employees', matches: { min: 200, max: 5000 }, weight: 1 },
  { field: 'region', matches: ['North America', 'Europe'], weight: 1 },
  { field: 'title', matches: ['VP', 'Director', 'Head', 'Chief', 'Manager'], weight: 1 },
  { field: 'department', matches: ['Marketing', 'Sales', 'Operations', 'IT'], weight: 1 },
];

/**
 * Fit grade A–D of a profile (docs/domain.md, fit grade). Everyone starts at D; each matching criterion
 * adds its weight, each mismatch subtracts it, a missing value does neither. The net is scaled to
 * the three steps from D to A by the criteria's total weight and rounded (halves up), then
 * clamped: steps = round(3 × net ÷ Σ weights), 0 → D, 1 → C, 2 → B, 3 → A. Scaling keeps every
 * grade reachable whatever the number of criteria: with five of weight 1, a full profile's net is
 * odd (5, 3, 1, −1…), so counting whole steps could never give B.
 */
export function fitGrade(profile: FitProfile, criteria: FitCriterion[]): FitGrade {
  const total = criteria.reduce((sum, criterion) => sum + Math.abs(criterion.weight), 0);
  if (total === 0) return 'D';
  let net = 0;
  for (const criterion of criteria) {
    const verdict = criterionMatches(criterion, profile[criterion.field]);
    if (verdict !== undefined) net += verdict ? criterion.weight : -criterion.weight;
  }
  const steps = Math.min(3, Math.max(0, Math.round((3 * net) / total)));
  return fitGrades[3 - steps]!;
}

/** true = match, false = mismatch, undefined = the profile does not say. */
function criterionMatches(
  criterion: FitCriterion,
  value: string | number | null | undefined,
): boolean | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const { matches } = criterion;
  if (Array.isArray(matches)) {
    const text = String(value).trim().toLowerCase();
    return matches.some((accepted) => {
      const wanted = accepted.toLowerCase();
      return criterion.field === 'title' ? text.includes(wanted) : text === wanted;
    });
  }
  const amount = Number(value);
  if (Number.isNaN(amount)) return undefined;
  return (
    (matches.min === undefined || amount >= matches.min) &&
    (matches.max === undefined || amount <= matches.max)
  );
}

/** Engagement thresholds [warm, hot, hottest] used until a tenant sets its own. */
export const defaultBandThresholds: [number, number, number] = [10, 30, 60];

/**
 * Engagement band 1–4 of a score (docs/domain.md, scoring matrix): 1 = hottest (score ≥ thresholds[2]),
 * 2 (≥ thresholds[1]), 3 (≥ thresholds[0]), 4 = coldest. Thresholds ascend.
 */
export function engagementBand(score: number, thresholds: [number, number, number]): 1 | 2 | 3 | 4 {
  if (score >= thresholds[2]) return 1;
  if (score >= thresholds[1]) return 2;
  if (score >= thresholds[0]) return 3;
  return 4;
}

/** "Fit ≥ B and band ≥ 2 (in warmth)", i.e. cells A1, A2, B1, B2 of the matrix. */
export const defaultMqlThreshold: { minGrade: FitGrade; maxBand: 1 | 2 | 3 | 4 } = {
  minGrade: 'B',
  maxBand: 2,
};

/** Whether a matrix cell is marketing-qualified (docs/domain.md, MQL threshold): grade at least minGrade and band at most maxBand. */
export function isMarketingQualified(
  grade: FitGrade,
  band: 1 | 2 | 3 | 4,
  threshold: { minGrade: FitGrade; maxBand: 1 | 2 | 3 | 4 },
): boolean {
  // fitGrades runs best to worst, so a smaller index is a better fit.
  return fitGrades.indexOf(grade) <= fitGrades.indexOf(threshold.minGrade) && band <= threshold.maxBand;
}

/** What deciding a person's cell needs of a scoring model. */
export interface CellModel {
  rules: Pick<ScoringRules, 'halfLifeDays'>;
  bandThresholds: [number, number, number];
  mqlThreshold: { minGrade: FitGrade; maxBand: 1 | 2 | 3 | 4 };
}

/**
 * Whether a stored score and a grade sit in the model's MQL cell at `at` (docs/domain.md "MQL
 * threshold"): the score decayed to `at`, rounded to 2 decimals and floored at 0 exactly as the
 * matrix and Person.engagementScore read it, so a person is promoted in the cell they are shown in.
 */
export function inMqlCell(stored: StoredScore, grade: FitGrade, model: CellModel, at: number): boolean {
  return isMarketingQualified(grade, bandAt(stored, model, at), model.mqlThreshold);
}

/** The engagement band of a stored score decayed to `at`, rounded and floored as readers read it. */
export function bandAt(
  stored: StoredScore,
  model: Pick<CellModel, 'rules' | 'bandThresholds'>,
  at: number,
): 1 | 2 | 3 | 4 {
  const ageDays = Math.max(0, at - stored.scoredAt) / DAY_MS;
  const decayed = stored.score * decayFactor(ageDays, model.rules.halfLifeDays);
  const score = decayed <= 0 ? 0 : Math.floor(decayed * 100 + 0.5) / 100;
  return engagementBand(score, model.bandThresholds);
}

/**
 * The band a person's score stood in at `at`, from their score events (points as scored then):
 * Σ delta × decay(at − occurred) over the events up to `at`, as addToScore accumulates them.
 */
export function bandFromEvents(
  events: readonly { delta: number; occurredAt: number }[],
  at: number,
  model: Pick<CellModel, 'rules' | 'bandThresholds'>,
): 1 | 2 | 3 | 4 {
  let score = 0;
  for (const event of events) {
    if (event.occurredAt > at) continue;
    score += event.delta * decayFactor((at - event.occurredAt) / DAY_MS, model.rules.halfLifeDays);
  }
  return bandAt({ score, scoredAt: at }, model, at);
}
