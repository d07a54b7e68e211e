/**
 * Marketo activities → touches of the Marketo lead. Web page visits, form fills, email opens and
 * clicks map one to one; a program status change is a touch only when the status says the person
 * registered or attended (the program is the campaign). New-lead and data-change activities are
 * not touches: they tell the connector which leads to read again.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import { pageViewType } from '../channels.js';

export interface Activity {
  id: number;
  marketoGUID?: string;
  leadId: number;
  activityDate: string;
  activityTypeId: number;
  primaryAttributeValueId?: number;
  primaryAttributeValue?: string;
  attributes?: { name: string; value: unknown }[];
}

export const activityTypes = {
  visitWebPage: 1,
  fillOutForm: 2,
  openEmail: 10,
  clickEmail: 11,
  newLead: 12,
  changeDataValue: 13,
  changeProgramStatus: 104,
} as const;

/** Activities after which the lead itself is read again. */
export const leadChangingTypes: ReadonlySet<number> = new Set([
  activityTypes.newLead,
  activityTypes.changeDataValue,
]);

function attribute(activity: Activity, name: string): string | null {
  const value = activity.attributes?.find((entry) => entry.name === name)?.value;
  return value === undefined || value === null || value === '' ? null : String(value);
}

export function leadRef(leadId: number | string) {
  return { system: 'marketo', objectType: 'ma_lead' as const, sourceId: String(leadId) };
}

export function mapActivity(
  activity: Activity,
  programChannel: (id: string) => string,
): SourceRecordInput | null {
  const base = {
    kind: 'touch' as const,
    system: 'marketo',
    sourceId: activity.marketoGUID ?? String(activity.id),
    person: leadRef(activity.leadId),
    occurredAt: activity.activityDate,
  };
  switch (activity.activityTypeId) {
    case activityTypes.visitWebPage: {
      const url = attribute(activity, 'Webpage URL') ?? activity.primaryAttributeValue ?? null;
      const channel = attribute(activity, 'Search Engine') ? 'organic_search' : 'direct';
      return { ...base, channel, type: pageViewType(url), url };
    }
    case activityTypes.fillOutForm:
      return { ...base, channel: 'content', type: 'form_submit', url: attribute(activity, 'Referrer URL') };
    case activityTypes.openEmail:
      return { ...base, channel: 'email', type: 'email_open' };
    case activityTypes.clickEmail:
      return { ...base, channel: 'email', type: 'email_click', url: attribute(activity, 'Link') };
    case activityTypes.changeProgramStatus: {
      const status = (attribute(activity, 'New Status') ?? '').toLowerCase();
      const program =
        activity.primaryAttributeValueId === undefined ? null : String(activity.primaryAttributeValueId);
      const channel = program ? programChannel(program) : 'event';
      const type = status.includes('attend')
        ? channel === 'webinar'
          ? 'webinar_attendance'
          : 'event_attendance'
        : status.includes('regist')
          ? 'webinar_registration'
          : null;
      if (!type) return null;
      return { ...base, channel, type, campaign: program ? { system: 'marketo', sourceId: program } : null };
    }
    default:
      return null;
  }
}
