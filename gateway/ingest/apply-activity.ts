/**
 * Sales activities. The first one after a handoff stops its SLA clock: the response time is
 * counted in business hours of the policy the handoff was made under, not the current one (docs/domain.md:
 * SLA response = handoff → first sales touch; a handoff keeps its policy version).
 */
import { businessHoursBetween } from '../domain/business-hours.js';
import type { IngestBatch } from './batch.js';
import { derivedId } from './ids.js';
import { toEpochMs } from './normalise.js';
import type { ActivityRecord } from './records.js';

export function applyActivity(batch: IngestBatch, record: ActivityRecord): void {
  const id = derivedId('act', record.system, record.sourceId);
  if (batch.existing.has(id)) {
    batch.duplicates++;
    return;
  }
  const person = batch.personFor(record.person);
  const occurredAt = toEpochMs(record.occurredAt);
  batch.existing.add(id);
  batch.activities.push({
    tenant_id: batch.tenantId,
    id,
    person_id: person.id,
    account_id: person.account_id,
    user_id: batch.userIdFor(record.userEmail),
    type: record.type,
    subject: record.subject ?? null,
    occurred_at: occurredAt,
    source_system: record.system,
    source_id: record.sourceId,
  });
  const handoff = (batch.handoffs.get(person.id) ?? []).filter((h) => h.handed_off_at <= occurredAt).at(-1);
  if (handoff && (handoff.first_touch_at === null || occurredAt < handoff.first_touch_at)) {
    handoff.first_touch_at = occurredAt;
    handoff.response_hours = businessHoursBetween(
      new Date(handoff.handed_off_at),
      new Date(occurredAt),
      batch.slaPolicyOf(handoff).calendar,
    );
    batch.dirtyHandoffs.add(handoff);
  }
}
