/**
 * Stage changes, and the handoffs they open and close. Entering the last marketing-owned stage
 * (MQL in the default ladder) hands the person to sales and starts the SLA clock; entering a
 * sales-owned stage accepts the open handoff; a move from a sales-owned stage back to a
 * marketing-owned one is a recycle, recorded on the handoff with its reason. A person has at most
 * one open handoff.
 */
import { addBusinessHours } from '../domain/business-hours.js';
import { handoffStage, isRecycle, type StageDefinition } from '../domain/stages.js';
import type { HandoffTable, PersonTable } from '../store/tables.js';
import { type IngestBatch, RecordRejected } from './batch.js';
import { derivedId } from './ids.js';
import { toEpochMs } from './normalise.js';
import type { StageChangeRecord } from './records.js';

export function applyStageChange(batch: IngestBatch, record: StageChangeRecord): void {
  const { stages } = batch.definitions;
  const target = stages.find((s) => s.key === record.to);
  if (!target) {
    throw new RecordRejected(`unknown stage '${record.to}' (stages: ${stages.map((s) => s.key).join(', ')})`);
  }
  const id = derivedId('stg', record.system, record.sourceId);
  if (batch.existing.has(id)) {
    batch.duplicates++;
    return;
  }
  const person = batch.personFor(record.person);
  batch.existing.add(id);
  enterStage(batch, person, target, {
    id,
    at: toEpochMs(record.occurredAt),
    byTeam: record.byTeam,
    byUserId: batch.userIdFor(record.byUserEmail),
    reason: record.reason ?? null,
    system: record.system,
    sourceId: record.sourceId,
  });
}

/** One stage change as the transition records it. */
export interface StageEntry {
  id: string;
  at: number;
  byTeam: string;
  byUserId: string | null;
  reason: string | null;
  system: string;
  sourceId: string;
  /**
   * False for a lost deal's return to nurture (apply-deal-outcome.ts): a recycle all the same, but
   * not a handoff sent back, since sales accepted and worked that lead; default true.
   */
  sendsBack?: boolean;
}

/**
 * Records a person entering `target` and what it does to their handoffs: the one path a source
 * system's stage change and the MQL threshold (apply-threshold.ts) both take.
 */
export function enterStage(
  batch: IngestBatch,
  person: PersonTable,
  target: StageDefinition,
  entry: StageEntry,
): void {
  const { stages } = batch.definitions;
  const occurredAt = entry.at;
  const from = person.stage;
  const recycle = isRecycle(from, target.key, stages);
  batch.transitions.push({
    tenant_id: batch.tenantId,
    id: entry.id,
    person_id: person.id,
    from_stage: from,
    to_stage: target.key,
    occurred_at: occurredAt,
    by_team: entry.byTeam,
    by_user_id: entry.byUserId,
    reason: entry.reason,
    is_recycle: recycle ? 1 : 0,
    source_system: entry.system,
    source_id: entry.sourceId,
  });
  if (occurredAt >= person.stage_entered_at) {
    person.stage = target.key;
    person.stage_entered_at = occurredAt;
    batch.dirtyPeople.add(person.id);
  }
  updateHandoffs(batch, person, target, recycle && entry.sendsBack !== false, occurredAt, entry.reason);
}

function updateHandoffs(
  batch: IngestBatch,
  person: PersonTable,
  target: StageDefinition,
  recycle: boolean,
  at: number,
  reason: string | null,
): void {
  const handoffs = batch.handoffs.get(person.id) ?? [];
  const latest = handoffs.filter((h) => h.handed_off_at <= at).at(-1);
  if (target.key === handoffStage(batch.definitions.stages)) {
    // One open handoff per person (a unique index says so, migration 0004): a lead re-entering
    // the handoff stage before sales answered keeps the handoff it has, and its SLA clock.
    if (handoffs.some(isOpen)) return;
    const { sla } = batch.definitions;
    const handoff: HandoffTable = {
      tenant_id: batch.tenantId,
      id: derivedId('hnd', person.id, String(at)),
      person_id: person.id,
      owner_id: person.owner_id,
      handed_off_at: at,
      deadline_at: addBusinessHours(new Date(at), sla.targetHours, sla.calendar).getTime(),
      first_touch_at: null,
      response_hours: null,
      accepted_at: null,
      sent_back_at: null,
      sent_back_reason: null,
      // Set on flush, from the score events up to the handoff (batch.ts, store/handoff-cells.ts).
      fit_grade_at_handoff: null,
      band_at_handoff: null,
      policy_version: sla.version,
      // What sales was given, kept as it was then: the flags may change after the handoff.
      is_prospect: isProspect(person) ? 1 : 0,
      // A deadline already past when this is written makes the handoff history (domain/sla-breach.ts).
      recorded_at: batch.replay ? at : batch.recordedAt,
    };
    handoffs.push(handoff);
    handoffs.sort((a, b) => a.handed_off_at - b.handed_off_at);
    batch.handoffs.set(person.id, handoffs);
    batch.dirtyHandoffs.add(handoff);
  } else if (latest && recycle) {
    if (latest.sent_back_at === null) {
      latest.sent_back_at = at;
      latest.sent_back_reason = reason;
      batch.dirtyHandoffs.add(latest);
    }
  } else if (
    latest &&
    target.ownerTeam === 'sales' &&
    latest.accepted_at === null &&
    latest.sent_back_at === null
  ) {
    latest.accepted_at = at;
    batch.dirtyHandoffs.add(latest);
  }
}

/**
 * All four prospect flags set (docs/domain.md "Prospects"). Imported handoffs are not gated on
 * it, only counted: a handoff that happened in the CRM happened.
 */
export function isProspect(person: PersonTable): boolean {
  return (
    person.icp_fit === 1 &&
    person.has_budget === 1 &&
    person.has_timeframe === 1 &&
    person.willing_to_engage === 1
  );
}

/** Neither accepted nor sent back: sales still owes an answer. */
export function isOpen(handoff: HandoffTable): boolean {
  return handoff.accepted_at === null && handoff.sent_back_at === null;
}
