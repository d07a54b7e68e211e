/**
 * HubSpot calls, emails and meetings → sales activities, one per associated contact (an email to
 * three people is a touch of each of them, and each one's SLA clock stops on it). Emails the
 * contact sent us are not sales touches and are skipped.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { SkippedRecord } from '../source.js';
import type { HubSpotObject } from './client.js';
import { contactRef } from './map-contact.js';
import { instant, text } from './properties.js';

export const engagementTypes = {
  calls: { activity: 'call', subject: 'hs_call_title' },
  emails: { activity: 'email', subject: 'hs_email_subject' },
  meetings: { activity: 'meeting', subject: 'hs_meeting_title' },
} as const;

export type EngagementType = keyof typeof engagementTypes;

export function engagementProperties(type: EngagementType): string[] {
  return [
    'hs_timestamp',
    'hubspot_owner_id',
    'hs_lastmodifieddate',
    'hs_email_direction',
    engagementTypes[type].subject,
  ];
}

export function mapEngagement(
  type: EngagementType,
  engagement: HubSpotObject,
  contacts: string[],
  owners: Map<string, string>,
): { records: SourceRecordInput[]; skipped: SkippedRecord[] } {
  const sourceId = `${type}:${engagement.id}`;
  if (type === 'emails' && text(engagement, 'hs_email_direction') === 'INCOMING_EMAIL') {
    return { records: [], skipped: [] };
  }
  const occurredAt = instant(engagement, 'hs_timestamp');
  if (occurredAt === null) return { records: [], skipped: [{ sourceId, reason: 'no hs_timestamp' }] };
  if (contacts.length === 0)
    return { records: [], skipped: [{ sourceId, reason: 'associated with no contact' }] };
  const { activity, subject } = engagementTypes[type];
  return {
    records: contacts.map((contact) => ({
      kind: 'activity',
      system: 'hubspot',
      sourceId: `${sourceId}:${contact}`,
      person: contactRef(contact),
      userEmail: owners.get(text(engagement, 'hubspot_owner_id') ?? '') ?? null,
      type: activity,
      subject: text(engagement, subject)?.slice(0, 500) ?? null,
      occurredAt,
    })),
    skipped: [],
  };
}
