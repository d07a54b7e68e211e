/**
 * The demo story under the product's MQL threshold (docs/domain.md "MQL threshold"): Tandem makes
 * a lead an MQL the moment a touch lifts them into the scoring model's MQL cell, so the story
 * must only let that happen where it plans a handoff. Walking a person's records in the order the
 * ingest applies them, with the score the ingest keeps:
 *
 * - the touch that tips a planned, score-made handoff (the last of its burst, minutes before the
 *   MQL) may cross: Tandem hands the person off there, and Marketo's own 'mql' stage change,
 *   synced minutes later, finds them an MQL already and keeps their one open handoff (an entry
 *   into the handoff stage opens none while one is open, ingest/apply-stage.ts);
 * - any other touch that would cross while the person is a lead does not happen: the people the
 *   story does not hand off (yet) engage less than that, and a marketer's hand-made MQL stays hers.
 *
 * The demo tenants keep the default scoring model, the one this walk reads.
 */
import {
  addToScore,
  defaultBandThresholds,
  defaultMqlThreshold,
  defaultScoringRules,
  type FitGrade,
  inMqlCell,
  type StoredScore,
  type TouchType,
  touchPoints,
} from '../domain/scoring.js';
import { defaultStages } from '../domain/stages.js';
import type { Handoff } from './journey.js';
import type { StoryEvent as Event } from './story.js';
import { MINUTE } from './timeline.js';

const model = {
  rules: defaultScoringRules,
  bandThresholds: defaultBandThresholds,
  mqlThreshold: defaultMqlThreshold,
};

/** Stages from which a crossing promotes: past the first, before the handoff stage ('lead'). */
const promotable = new Set(
  defaultStages
    .filter((stage) => stage.ownerTeam === 'marketing')
    .slice(1, -1)
    .map((stage) => stage.key),
);

/** The tipping touch comes 1 to 15 minutes before its MQL (engagement.ts). */
const tippingWindow = 15 * MINUTE;

/** The stage a crossing moves a lead to: the last marketing-owned one. */
const handoffKey = defaultStages.filter((stage) => stage.ownerTeam === 'marketing').at(-1)?.key;

/**
 * The events (sorted as the ingest receives them) to leave out so that the person crosses the
 * threshold only where `handoffs` plan it: the touches that would cross anywhere else.
 */
export function unplannedCrossings(
  events: readonly Event[],
  grade: FitGrade,
  handoffs: readonly Handoff[],
  now: number,
): Set<Event> {
  const dropped = new Set<Event>();
  // Only A and B fit the default threshold: C and D never cross, whatever they do.
  if (!inMqlCell({ score: model.bandThresholds[2], scoredAt: 0 }, grade, model, 0)) return dropped;
  let stage: string | undefined = defaultStages[0]?.key;
  let stored: StoredScore = { score: 0, scoredAt: events[0]?.at ?? 0 };
  let opened = false;
  for (const event of events) {
    const { record, at } = event;
    if (record.kind === 'stageChange') {
      stage = record.to;
      continue;
    }
    if (record.kind !== 'touch') continue;
    const type = record.type as TouchType;
    // Only the first email open scores (the default model's firstEmailOpenOnly).
    if (type === 'email_open') {
      if (opened) continue;
      opened = true;
    }
    const points = touchPoints(type, model.rules);
    if (points === 0) continue;
    const after = addToScore(stored, points, at, model.rules.halfLifeDays, now);
    const crosses =
      stage !== undefined &&
      promotable.has(stage) &&
      !inMqlCell(stored, grade, model, after.scoredAt) &&
      inMqlCell(after, grade, model, after.scoredAt);
    if (crosses) {
      const planned = handoffs.some(
        (handoff) => !handoff.manual && handoff.mqlAt > at && handoff.mqlAt - at <= tippingWindow,
      );
      if (!planned) {
        dropped.add(event);
        if (type === 'email_open') opened = false;
        continue;
      }
      stage = handoffKey;
    }
    stored = after;
  }
  return dropped;
}
