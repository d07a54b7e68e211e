/**
 * Tasks (calls, emails, to-dos) and Events (meetings) → sales activities of the lead or contact
 * they are about (WhoId). Mass emails (ListEmail) are marketing's sends, not sales touches.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { SkippedRecord } from '../source.js';
import { personRefOf, type SalesforceRecord, sfDate, sfInstant, sfText } from './values.js';

export const taskFields = [
  'Id',
  'WhoId',
  'Subject',
  'TaskSubtype',
  'ActivityDate',
  'CompletedDateTime',
  'Owner.Email',
  'CreatedDate',
  'SystemModstamp',
];

export const eventFields = [
  'Id',
  'WhoId',
  'Subject',
  'StartDateTime',
  'Owner.Email',
  'CreatedDate',
  'SystemModstamp',
];

const taskTypes: Record<string, 'call' | 'email' | 'task'> = { Call: 'call', Email: 'email', Task: 'task' };

/** `timeZone`: the tenant's, where a Task's ActivityDate (a date, no time) is a local day. */
export function mapTask(
  record: SalesforceRecord,
  object: 'Task' | 'Event',
  timeZone = 'UTC',
): { record?: SourceRecordInput; skipped?: SkippedRecord } {
  const subtype = sfText(record, 'TaskSubtype');
  if (subtype === 'ListEmail') return {};
  const who = sfText(record, 'WhoId');
  const person = personRefOf(who);
  if (!person) {
    return {
      skipped: {
        sourceId: record.Id,
        reason: who ? `WhoId ${who} is neither a lead nor a contact` : 'no WhoId (about no person)',
      },
    };
  }
  const occurredAt =
    object === 'Event'
      ? sfInstant(record.StartDateTime)
      : (sfInstant(record.CompletedDateTime) ??
        sfDate(record.ActivityDate, timeZone) ??
        sfInstant(record.CreatedDate));
  return {
    record: {
      kind: 'activity',
      system: 'salesforce',
      sourceId: record.Id,
      person,
      userEmail: sfText(record, 'Owner.Email')?.toLowerCase() ?? null,
      type: object === 'Event' ? 'meeting' : (taskTypes[subtype ?? ''] ?? 'task'),
      subject: sfText(record, 'Subject')?.slice(0, 500) ?? null,
      occurredAt: occurredAt ?? 0,
    },
  };
}
