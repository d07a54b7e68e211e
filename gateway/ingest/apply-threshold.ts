/**
 * The MQL threshold as a stage change (docs/domain.md "MQL threshold"). A write that moves a
 * person from outside the scoring model's MQL cell to inside it (a touch's points, a better fit
 * grade, a new scoring model) makes them an MQL, when they are a lead (past the ladder's first
 * stage, before the handoff stage): the transition says why (`score threshold`) and under which
 * model (the source id's last part, `scoring model v<n>`, which the timeline reads as who made
 * it), and it takes the same path as any stage change (apply-stage.ts), so it opens their
 * handoff and starts the SLA clock.
 *
 * Only a crossing promotes. A person already inside the cell whom sales sent back stays a lead
 * until their score leaves the cell (decay) and a later write brings them back in: sending a
 * lead back must not hand them straight over again on their next page view.
 */
import { type CellModel, type FitGrade, inMqlCell, type StoredScore } from '../domain/scoring.js';
import { handoffStage } from '../domain/stages.js';
import type { PersonTable } from '../store/tables.js';
import { enterStage } from './apply-stage.js';
import type { IngestBatch } from './batch.js';
import { derivedId, moveDigest } from './ids.js';

export const thresholdReason = 'score threshold';
/** The source system of transitions made in Tandem itself (loop/stage-change.ts tandemSystem). */
const tandemSystem = 'tandem';

/** Where the person stood before the write: their stored score, grade, and the model then in force. */
export interface CellBefore {
  stored: StoredScore;
  grade: FitGrade;
  model: CellModel;
}

/**
 * Promotes `person` to the handoff stage at `at` when the write just applied moved them into the
 * current model's MQL cell (outside by `before`, inside now, both judged at `at`). Returns
 * whether it did.
 */
export function promoteOnCrossing(
  batch: IngestBatch,
  person: PersonTable,
  before: CellBefore,
  at: number,
): boolean {
  const { stages, scoring } = batch.definitions;
  const handoffKey = handoffStage(stages);
  const target = stages.find((stage) => stage.key === handoffKey);
  const current = stages.find((stage) => stage.key === person.stage);
  // Only leads, only upward: a person at the handoff stage or beyond (or on a stage the ladder
  // lost) is left alone, and so is one at the ladder's first stage (a subscriber): they have not
  // converted on anything yet, and a CRM sends its lead conversion after the touches behind it.
  const first = stages[0];
  if (!target || !current || !first || current.position >= target.position) return false;
  if (current.position <= first.position) return false;
  const stored = { score: person.engagement_score, scoredAt: person.scored_at };
  if (!inMqlCell(stored, person.fit_grade as FitGrade, scoring, at)) return false;
  if (inMqlCell(before.stored, before.grade, before.model, at)) return false;
  // Never before the current stage was entered, so the move is the person's latest.
  const when = Math.max(at, person.stage_entered_at);
  const sourceId = thresholdSourceId(person, when, scoring.version);
  const id = derivedId('stg', tandemSystem, sourceId);
  if (batch.existing.has(id)) return false;
  batch.existing.add(id);
  enterStage(batch, person, target, {
    id,
    at: when,
    byTeam: 'system',
    byUserId: null,
    reason: thresholdReason,
    system: tandemSystem,
    sourceId,
  });
  return true;
}

/** The person's stored score and grade now, to pass as `before` of the write about to happen. */
export function cellBefore(batch: IngestBatch, person: PersonTable): CellBefore {
  return {
    stored: { score: person.engagement_score, scoredAt: person.scored_at },
    grade: person.fit_grade as FitGrade,
    model: batch.definitions.scoring,
  };
}

/**
 * `score-threshold:<move>:scoring model v<n>`, the shape of Tandem's own stage changes
 * (loop/stage-change.ts): the same crossing replayed is the same transition.
 */
function thresholdSourceId(person: PersonTable, at: number, version: number): string {
  return `score-threshold:${moveDigest(person.id, person.stage, String(at))}:scoring model v${version}`;
}
