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
import { accountFields, contactFields, leadFields, mapAccount, mapContact, mapLead } from './map-people.js';
import { queryByIds, queryModified } from './query.js';
import type { SalesforceRecord } from './values.js';

type Mapped = { record?: SourceRecordInput; skipped?: SkippedRecord };

export class SalesforceConnector implements Connector {
  readonly source = 'salesforce';
  readonly client: SalesforceClient;
  readonly streams: SourceStream[];

  constructor(config: SalesforceConfig, now = Date.now(), wait?: (ms: number) => Promise<void>) {
    this.client = new SalesforceClient(config, wait);
    const stream = (
      object: string,
      fields: string[],
      map: (record: SalesforceRecord) => SourceRecordInput[] | Mapped,
    ) => this.stream(object, fields, map, now);
    this.streams = [
      stream('Account', accountFields, (record) => [mapAccount(record)]),
      stream('Lead', leadFields, mapLead),
      stream('Contact', contactFields, (record) => [mapContact(record)]),
      stream('Campaign', campaignFields, mapCampaign),
      stream('CampaignMember', campaignMemberFields, mapCampaignMember),
      stream('Opportunity', opportunityFields, (record) => [mapOpportunity(record)]),
      stream('Task', taskFields, (record) => mapTask(record, 'Task')),
      stream('Event', eventFields, (record) => mapTask(record, 'Event')),
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
    const leads = await queryByIds(this.client, 'Lead', leadFields, ids('lead'));
    const contacts = await queryByIds(this.client, 'Contact', contactFields, ids('contact'));
    return [...leads.flatMap(mapLead), ...contacts.map(mapContact)];
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
