/**
 * HubSpot contacts → people, and their lifecycle history → stage changes. HubSpot keeps the
 * date each contact entered each stage ("date entered <stage>", and the older
 * `hs_lifecyclestage_<stage>_date`); each becomes one stage change whose source id names the
 * contact and the stage, so the sync, a webhook and a replay all produce the same one once.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { ProspectProperties } from '../settings.js';
import type { HubSpotObject } from './client.js';
import { instant, prospectFlags, text } from './properties.js';

/** HubSpot lifecycle stage → the default ladder's key (evangelist and other have no match). */
export const lifecycleStages: Record<string, string> = {
  subscriber: 'subscriber',
  lead: 'lead',
  marketingqualifiedlead: 'mql',
  salesqualifiedlead: 'sql',
  opportunity: 'opportunity',
  customer: 'customer',
};

const enteredProperties = Object.keys(lifecycleStages).flatMap((stage) => [
  `hs_v2_date_entered_${stage}`,
  `hs_lifecyclestage_${stage}_date`,
]);

export const contactProperties = [
  'email',
  'firstname',
  'lastname',
  'jobtitle',
  'country',
  'hs_analytics_source',
  'lifecyclestage',
  'associatedcompanyid',
  'hubspot_owner_id',
  'createdate',
  'lastmodifieddate',
  ...enteredProperties,
];

/** The properties to read: the standard ones and the tenant's prospect-flag properties. */
export function contactPropertiesWith(prospects: ProspectProperties = {}): string[] {
  return [...new Set([...contactProperties, ...Object.values(prospects)])];
}

export function contactRef(id: string) {
  return { system: 'hubspot', objectType: 'contact' as const, sourceId: id };
}

export function mapContact(
  contact: HubSpotObject,
  owners: Map<string, string>,
  prospects: ProspectProperties = {},
): SourceRecordInput[] {
  const createdAt = instant(contact, 'createdate') ?? 0;
  const company = text(contact, 'associatedcompanyid');
  const person: SourceRecordInput = {
    kind: 'person',
    system: 'hubspot',
    objectType: 'contact',
    sourceId: contact.id,
    email: text(contact, 'email'),
    firstName: text(contact, 'firstname'),
    lastName: text(contact, 'lastname'),
    title: text(contact, 'jobtitle'),
    region: text(contact, 'country'),
    leadSource: text(contact, 'hs_analytics_source'),
    account: company ? { system: 'hubspot', sourceId: company } : null,
    ownerEmail: owners.get(text(contact, 'hubspot_owner_id') ?? '') ?? null,
    ...prospectFlags(contact, prospects),
    createdAt,
    updatedAt: instant(contact, 'lastmodifieddate') ?? createdAt,
  };
  // A date that is no date stays text: its stage change is rejected naming it, after the others.
  const changes: { stage: string; at: number | string }[] = [];
  for (const stage of Object.keys(lifecycleStages)) {
    const at =
      instant(contact, `hs_v2_date_entered_${stage}`) ?? instant(contact, `hs_lifecyclestage_${stage}_date`);
    if (at !== null) changes.push({ stage, at });
  }
  const order = (at: number | string) => (typeof at === 'number' ? at : Number.MAX_VALUE);
  changes.sort((a, b) => order(a.at) - order(b.at));
  return [
    person,
    ...changes.map(
      ({ stage, at }): SourceRecordInput => ({
        kind: 'stageChange',
        system: 'hubspot',
        sourceId: `${contact.id}:lifecyclestage:${stage}`,
        person: contactRef(contact.id),
        to: lifecycleStages[stage]!,
        byTeam: 'system',
        occurredAt: at,
      }),
    ),
  ];
}
