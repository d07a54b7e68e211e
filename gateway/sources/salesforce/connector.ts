/**
 * The Salesforce connector: Account, Lead, Contact, Campaign, CampaignMember, Opportunity (with
 * OpportunityHistory), Task and Event, each incremental by SystemModstamp, in that order so that
 * what a record points at is written before it.
 */
import type { PersonRef, SourceRecordInput } from '../../ingest/records.js';
import type { Connector, SkippedRecord, SourcePage, SourceStream } from '../source.js';
import { SalesforceClient } from './client.js';
import type { SalesforceConfig } from './config.js';
import { eventFields, mapTask, taskFields } from './map-activity.js';
import { campaignFields, campaignMemberFields, mapCampaign, mapCampaignMember } from './map-campaign.js';
import { mapOpportunity, opportunityFields } from './map-opportunity.js';
import {
  accountFields,
  contactFields,
  leadFields,
  mapAccount,
  mapContact,
  mapLead,
  withProspectFields,
} from './map-people.js';
import { queryByIds, queryModified } from './query.js';
import type { SalesforceRecord } from './values.js';

type Mapped = { record?: SourceRecordInput; skipped?: SkippedRecord };

export class SalesforceConnector implements Connector {
  readonly source = 'salesforce';
  readonly client: SalesforceClient;
  readonly streams: SourceStream[];
  /** The tenant's zone, set by the sync runner: date-only fields are local days there. */
  timeZone = 'UTC';
  /** Leads and contacts with the tenant's prospect-flag fields: the sync and fetchPeople read them alike. */
  private readonly people: {
    leadFields: string[];
    contactFields: string[];
    leads: (records: SalesforceRecord[]) => SourceRecordInput[];
    contacts: (records: SalesforceRecord[]) => SourceRecordInput[];
  };

  constructor(config: SalesforceConfig, now = Date.now(), wait?: (ms: number) => Promise<void>) {
    this.client = new SalesforceClient(config, wait);
    const prospects = config.prospectFields ?? {};
    const leads = withProspectFields(leadFields, prospects);
    const contacts = withProspectFields(contactFields, prospects);
    this.people = {
      leads: (records) => records.flatMap((record) => mapLead(record, prospects, this.timeZone)),
      contacts: (records) => records.map((record) => mapContact(record, prospects)),
      leadFields: leads,
      contactFields: contacts,
    };
    const stream = (
      object: string,
      fields: string[],
      map: (record: SalesforceRecord) => SourceRecordInput[] | Mapped,
    ) => this.stream(object, fields, map, now);
    this.streams = [
      stream('Account', accountFields, (record) => [mapAccount(record)]),
      stream('Lead', leads, (record) => mapLead(record, prospects, this.timeZone)),
      stream('Contact', contacts, (record) => [mapContact(record, prospects)]),
      stream('Campaign', campaignFields, mapCampaign),
      stream('CampaignMember', campaignMemberFields, (record) => mapCampaignMember(record, this.timeZone)),
      stream('Opportunity', opportunityFields, (record) => [mapOpportunity(record, this.timeZone)]),
      stream('Task', taskFields, (record) => mapTask(record, 'Task', this.timeZone)),
      stream('Event', eventFields, (record) => mapTask(record, 'Event', this.timeZone)),
    ];
  }

  stats() {
    return this.client.stats();
  }

  async fetchPeople(refs: PersonRef[]): Promise<SourceRecordInput[]> {
    const ids = (objectType: string) =>
      refs.flatMap((ref) =>
        'sourceId' in ref && ref.system === 'salesforce' && ref.objectType === objectType
          ? [ref.sourceId]
          : [],
      );
    const { people } = this;
    const leads = await queryByIds(this.client, 'Lead', people.leadFields, ids('lead'));
    const contacts = await queryByIds(this.client, 'Contact', people.contactFields, ids('contact'));
    return [...people.leads(leads), ...people.contacts(contacts)];
  }

  private stream(
    object: string,
    fields: string[],
    map: (record: SalesforceRecord) => SourceRecordInput[] | Mapped,
    until: number,
  ): SourceStream {
    const client = this.client;
    const since = client.config.since;
    return {
      name: object,
      async *pages(cursor): AsyncGenerator<SourcePage> {
        for await (const page of queryModified(client, { object, fields, until, since }, cursor)) {
          const records: SourceRecordInput[] = [];
          const skipped: SkippedRecord[] = [];
          for (const record of page.records) {
            const mapped = map(record);
            if (Array.isArray(mapped)) records.push(...mapped);
            else {
              if (mapped.record) records.push(mapped.record);
              if (mapped.skipped) skipped.push(mapped.skipped);
            }
          }
          yield { records, skipped, cursor: page.cursor };
        }
      },
    };
  }
}
