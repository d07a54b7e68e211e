/**
 * Campaigns and their members. A member who responded (or registered, or attended) is a touch of
 * the lead or contact on that campaign; one merely sent to is not. Salesforce keeps one actual
 * cost per campaign, booked here in the month the campaign starts (Tandem keeps costs by month).
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import { channelOf } from '../channels.js';
import type { SkippedRecord } from '../source.js';
import { personRefOf, type SalesforceRecord, sfDate, sfInstant, sfNumber, sfText } from './values.js';

export const campaignFields = [
  'Id',
  'Name',
  'Type',
  'ParentId',
  'StartDate',
  'EndDate',
  'ActualCost',
  'CreatedDate',
  'SystemModstamp',
];

export const campaignMemberFields = [
  'Id',
  'CampaignId',
  'LeadId',
  'ContactId',
  'Status',
  'HasResponded',
  'FirstRespondedDate',
  'Campaign.Type',
  'CreatedDate',
  'SystemModstamp',
];

export function mapCampaign(record: SalesforceRecord): SourceRecordInput[] {
  const parent = sfText(record, 'ParentId');
  const startsOn = sfText(record, 'StartDate');
  const campaign: SourceRecordInput = {
    kind: 'campaign',
    system: 'salesforce',
    sourceId: record.Id,
    name: sfText(record, 'Name') ?? `Salesforce campaign ${record.Id}`,
    channel: channelOf(sfText(record, 'Type')),
    parent: parent ? { system: 'salesforce', sourceId: parent } : null,
    startsOn,
    endsOn: sfText(record, 'EndDate'),
  };
  const cost = sfNumber(record, 'ActualCost');
  const period = (startsOn ?? sfText(record, 'CreatedDate'))?.slice(0, 7);
  if (cost === null || cost <= 0 || !period) return [campaign];
  return [
    campaign,
    { kind: 'campaignCost', campaign: { system: 'salesforce', sourceId: record.Id }, period, amount: cost },
  ];
}

/** `timeZone`: the tenant's, where FirstRespondedDate (a date, no time) is a local day. */
export function mapCampaignMember(
  record: SalesforceRecord,
  timeZone = 'UTC',
): {
  record?: SourceRecordInput;
  skipped?: SkippedRecord;
} {
  const person = personRefOf(sfText(record, 'ContactId')) ?? personRefOf(sfText(record, 'LeadId'));
  if (!person)
    return { skipped: { sourceId: record.Id, reason: 'campaign member with neither a lead nor a contact' } };
  const channel = channelOf(sfText(record, 'Campaign.Type'));
  const type = memberTouchType(sfText(record, 'Status') ?? '', record.HasResponded === true, channel);
  if (!type) return {};
  const campaign = sfText(record, 'CampaignId');
  return {
    record: {
      kind: 'touch',
      system: 'salesforce',
      sourceId: record.Id,
      person,
      campaign: campaign ? { system: 'salesforce', sourceId: campaign } : null,
      channel,
      type,
      occurredAt: sfDate(record.FirstRespondedDate, timeZone) ?? sfInstant(record.CreatedDate) ?? 0,
    },
  };
}

/** What kind of touch a membership is; null for members who never responded. */
export function memberTouchType(status: string, hasResponded: boolean, channel: string) {
  const lower = status.toLowerCase();
  if (lower.includes('attend')) return channel === 'webinar' ? 'webinar_attendance' : 'event_attendance';
  if (lower.includes('regist')) return 'webinar_registration';
  if (!hasResponded) return null;
  switch (channel) {
    case 'webinar':
      return 'webinar_registration';
    case 'event':
      return 'event_attendance';
    case 'email':
      return 'email_click';
    case 'content':
      return 'content_download';
    case 'paid_search':
    case 'paid_social':
      return 'ad_click';
    default:
      return 'form_submit';
  }
}
