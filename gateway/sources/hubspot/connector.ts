/**
 * The HubSpot connector: companies, contacts (with lifecycle history), deals (with associations
 * and stage history), calls, emails and meetings, marketing email opens and clicks, and form
 * submissions, each an incremental stream. Webhooks reuse `recordsFor` to map the objects they
 * name exactly as the sync does.
 */
import type { PersonRef, SourceRecordInput } from '../../ingest/records.js';
import type { ProspectProperties } from '../settings.js';
import type { Connector, SkippedRecord, SourcePage, SourceStream } from '../source.js';
import { HubSpotClient, type HubSpotObject } from './client.js';
import type { HubSpotConfig } from './config.js';
import { emailEventPages } from './email-events.js';
import { formSubmissionPages } from './forms.js';
import { companyProperties, mapCompany } from './map-company.js';
import { contactPropertiesWith, mapContact } from './map-contact.js';
import { dealHistoryProperties, dealProperties, mapDeal } from './map-deal.js';
import { type EngagementType, engagementProperties, mapEngagement } from './map-engagement.js';
import { associatedIds, readObjects } from './objects.js';
import { parseSearchCursor, searchModified } from './search.js';

export type CrmObjectType = 'contacts' | 'companies' | 'deals';

export class HubSpotConnector implements Connector {
  readonly source = 'hubspot';
  readonly client: HubSpotClient;
  readonly streams: SourceStream[];
  /** This run reads what was modified up to here (search lags behind writes). */
  private readonly until: number;
  /** The tenant's prospect-flag properties, read on every contact beside the standard ones. */
  private readonly prospects: ProspectProperties;
  private readonly contactProperties: string[];

  constructor(config: HubSpotConfig, now = Date.now()) {
    this.client = new HubSpotClient(config);
    this.until = now - config.searchLagMs;
    this.prospects = config.prospectProperties ?? {};
    this.contactProperties = contactPropertiesWith(this.prospects);
    const engagements = (['calls', 'emails', 'meetings'] as const).map((type) => this.engagementStream(type));
    this.streams = [
      this.searchStream('companies', 'hs_lastmodifieddate', companyProperties, 200, async (objects) => {
        const owners = await this.client.ownerEmails();
        return { records: objects.map((company) => mapCompany(company, owners)) };
      }),
      this.searchStream('contacts', 'lastmodifieddate', this.contactProperties, 200, async (objects) => {
        const owners = await this.client.ownerEmails();
        return { records: objects.flatMap((contact) => mapContact(contact, owners, this.prospects)) };
      }),
      this.searchStream('deals', 'hs_lastmodifieddate', ['hs_lastmodifieddate'], 100, async (objects) => ({
        records: await this.deals(objects.map((deal) => deal.id)),
      })),
      ...engagements,
      { name: 'email-opens', pages: (cursor) => emailEventPages(this.client, 'OPEN', cursor, now) },
      { name: 'email-clicks', pages: (cursor) => emailEventPages(this.client, 'CLICK', cursor, now) },
      { name: 'form-submissions', pages: (cursor) => formSubmissionPages(this.client, cursor) },
    ];
  }

  stats() {
    return this.client.http.stats;
  }

  /** The records for objects named by id (webhooks): mapped exactly as the sync maps them. */
  async recordsFor(objectType: CrmObjectType, ids: string[]): Promise<SourceRecordInput[]> {
    if (ids.length === 0) return [];
    if (objectType === 'deals') return this.deals(ids);
    const owners = await this.client.ownerEmails();
    if (objectType === 'companies') {
      const companies = await readObjects(this.client, 'companies', ids, { properties: companyProperties });
      return companies.map((company) => mapCompany(company, owners));
    }
    const contacts = await readObjects(this.client, 'contacts', ids, { properties: this.contactProperties });
    return contacts.flatMap((contact) => mapContact(contact, owners, this.prospects));
  }

  async fetchPeople(refs: PersonRef[]): Promise<SourceRecordInput[]> {
    const owners = await this.client.ownerEmails();
    const ids = refs.flatMap((ref) => ('sourceId' in ref && ref.system === 'hubspot' ? [ref.sourceId] : []));
    const emails = refs.flatMap((ref) => ('email' in ref ? [ref.email] : []));
    const contacts = [
      ...(await readObjects(this.client, 'contacts', ids, { properties: this.contactProperties })),
      ...(await readObjects(this.client, 'contacts', emails, {
        properties: this.contactProperties,
        idProperty: 'email',
      })),
    ];
    return contacts.flatMap((contact) => mapContact(contact, owners, this.prospects));
  }

  private async deals(ids: string[]): Promise<SourceRecordInput[]> {
    const [deals, companies, contacts, owners] = await Promise.all([
      readObjects(this.client, 'deals', ids, {
        properties: dealProperties,
        propertiesWithHistory: dealHistoryProperties,
      }),
      associatedIds(this.client, 'deals', 'companies', ids),
      associatedIds(this.client, 'deals', 'contacts', ids),
      this.client.ownerEmails(),
    ]);
    return deals.map((deal) =>
      mapDeal(
        deal,
        { companies: companies.get(deal.id) ?? [], contacts: contacts.get(deal.id) ?? [] },
        owners,
      ),
    );
  }

  private engagementStream(type: EngagementType): SourceStream {
    return this.searchStream(
      type,
      'hs_lastmodifieddate',
      engagementProperties(type),
      100,
      async (objects) => {
        const [contacts, owners] = await Promise.all([
          associatedIds(
            this.client,
            type,
            'contacts',
            objects.map((object) => object.id),
          ),
          this.client.ownerEmails(),
        ]);
        const records: SourceRecordInput[] = [];
        const skipped: SkippedRecord[] = [];
        for (const object of objects) {
          const mapped = mapEngagement(type, object, contacts.get(object.id) ?? [], owners);
          records.push(...mapped.records);
          skipped.push(...mapped.skipped);
        }
        return { records, skipped };
      },
    );
  }

  private searchStream(
    objectType: string,
    modifiedProperty: string,
    properties: string[],
    pageSize: number,
    map: (objects: HubSpotObject[]) => Promise<Omit<SourcePage, 'cursor'>>,
  ): SourceStream {
    const client = this.client;
    const until = this.until;
    return {
      name: objectType,
      async *pages(cursor) {
        const options = { objectType, modifiedProperty, properties, pageSize, until };
        for await (const page of searchModified(client, parseSearchCursor(cursor), options)) {
          const mapped = page.results.length ? await map(page.results) : { records: [] };
          yield { ...mapped, cursor: JSON.stringify(page.cursor) };
        }
      },
    };
  }
}
