/**
 * Marketing touches and the engagement score they earn. The stored score is exact as of
 * `scored_at`: decay is exponential, so score(t2) = score(t1) × decay(t2 − t1) + points, and a
 * late-arriving older touch adds its points already decayed. Readers decay it to "now" in SQL.
 */
import { addToScore, type TouchType, touchPoints } from '../domain/scoring.js';
import type { PersonTable } from '../store/tables.js';
import { cellBefore, promoteOnCrossing } from './apply-threshold.js';
import type { IngestBatch } from './batch.js';
import { derivedId } from './ids.js';
import { toEpochMs } from './normalise.js';
import type { TouchRecord } from './records.js';

export function applyTouch(batch: IngestBatch, record: TouchRecord): void {
  const id = derivedId('tch', record.system, record.sourceId);
  if (batch.existing.has(id)) {
    batch.duplicates++;
    return;
  }
  const person = batch.personFor(record.person);
  const occurredAt = toEpochMs(record.occurredAt);
  batch.existing.add(id);
  batch.touches.push({
    tenant_id: batch.tenantId,
    id,
    person_id: person.id,
    account_id: person.account_id,
    campaign_id: record.campaign ? derivedId('cmp', record.campaign.system, record.campaign.sourceId) : null,
    channel: record.channel,
    type: record.type,
    url: record.url ?? null,
    occurred_at: occurredAt,
    source_system: record.system,
    source_id: record.sourceId,
  });
  scoreTouch(batch, person, id, record.type, occurredAt);
}

function scoreTouch(
  batch: IngestBatch,
  person: PersonTable,
  touchId: string,
  type: TouchType,
  occurredAt: number,
): void {
  const { rules, version } = batch.definitions.scoring;
  if (type === 'email_open' && rules.firstEmailOpenOnly) {
    if (batch.openedEmail.has(person.id)) return;
    batch.openedEmail.add(person.id);
  }
  const points = touchPoints(type, rules);
  if (points === 0) return;
  const before = cellBefore(batch, person);
  addPoints(person, points, occurredAt, rules.halfLifeDays);
  batch.dirtyPeople.add(person.id);
  // The score is exact as of scored_at: that is when these points can have lifted them into the MQL cell.
  promoteOnCrossing(batch, person, before, person.scored_at);
  batch.scoreEvents.push({
    tenant_id: batch.tenantId,
    person_id: person.id,
    occurred_at: occurredAt,
    delta: points,
    reason: type,
    model_version: version,
    touch_id: touchId,
  });
}

export function addPoints(
  person: PersonTable,
  points: number,
  at: number,
  halfLifeDays: number | null,
): void {
  // addToScore keeps scored_at at or before now: a future-dated touch must not freeze the score.
  const stored = { score: person.engagement_score, scoredAt: person.scored_at };
  const { score, scoredAt } = addToScore(stored, points, at, halfLifeDays);
  person.engagement_score = score;
  person.scored_at = scoredAt;
}
