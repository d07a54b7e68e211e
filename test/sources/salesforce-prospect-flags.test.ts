/**
 * The four prospect flags from Salesforce checkbox fields, on SQLite and PostgreSQL: the tenant's
 * settings name the field of each flag; leads and contacts are queried with those fields and the
 * person's flags set from them, a field the record leaves empty changing nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { salesforceConfig } from '../../gateway/sources/salesforce/config.js';
import { SalesforceConnector } from '../../gateway/sources/salesforce/connector.js';
import { SourceSettings } from '../../gateway/sources/settings.js';
import { runSync } from '../../gateway/sources/sync.js';
import { dialects } from '../support/databases.js';
import { fillOrg, sfId } from './fakes/salesforce-data.js';
import { FakeSalesforce } from './fakes/salesforce-server.js';
import { quickRetries, type SourceTestDatabase, sourceTestDatabase } from './support.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`Salesforce prospect flags on ${dialect.name}`, () => {
    let org: FakeSalesforce;
    let test: SourceTestDatabase;
    beforeAll(async () => {
      org = await new FakeSalesforce().start();
    });
    afterAll(() => org.close());
    beforeEach(async () => {
      fillOrg(org, { leads: 5 });
      org.reset();
      test = await sourceTestDatabase(dialect.name);
    });
    afterEach(() => test.drop());

    it('sets the flags of leads and contacts from the checkbox fields the settings name', async () => {
      const lead = (n: number) => org.records.get('Lead')!.find((r) => r.Id === sfId('00Q', n))!;
      Object.assign(lead(1), {
        ICP_Fit__c: true,
        Has_Budget__c: true,
        Has_Timeframe__c: true,
        Will_Engage__c: true,
      });
      Object.assign(lead(2), { ICP_Fit__c: true, Has_Budget__c: false, Has_Timeframe__c: null });
      const contact = org.records.get('Contact')!.find((r) => r.Id === sfId('003', 5))!;
      Object.assign(contact, {
        ICP_Fit__c: true,
        Has_Budget__c: true,
        Has_Timeframe__c: true,
        Will_Engage__c: false,
      });
      const settings = new SourceSettings('acme', 'salesforce', {
        TANDEM_ACME_SALESFORCE_CLIENT_ID: org.clientId,
        TANDEM_ACME_SALESFORCE_CLIENT_SECRET: org.clientSecret,
        TANDEM_ACME_SALESFORCE_REFRESH_TOKEN: org.refreshToken,
        TANDEM_ACME_SALESFORCE_LOGIN_URL: org.url,
        TANDEM_ACME_SALESFORCE_ICP_FIT_PROPERTY: 'ICP_Fit__c',
        TANDEM_ACME_SALESFORCE_HAS_BUDGET_PROPERTY: 'Has_Budget__c',
        TANDEM_ACME_SALESFORCE_HAS_TIMEFRAME_PROPERTY: 'Has_Timeframe__c',
        TANDEM_ACME_SALESFORCE_WILLING_TO_ENGAGE_PROPERTY: 'Will_Engage__c',
      });
      const config = { ...salesforceConfig(settings), retry: quickRetries };
      await runSync(test.acme, new SalesforceConnector(config, Date.now(), async () => {}));

      const flags = async (objectType: string, id: string) => {
        const p = await test.acme.db
          .selectFrom('people as p')
          .innerJoin('person_identities as i', 'i.person_id', 'p.id')
          .where('i.object_type', '=', objectType)
          .where('i.source_id', '=', id)
          .select(['p.icp_fit', 'p.has_budget', 'p.has_timeframe', 'p.willing_to_engage'])
          .executeTakeFirstOrThrow();
        return [p.icp_fit, p.has_budget, p.has_timeframe, p.willing_to_engage].map(Number);
      };
      expect(await flags('lead', sfId('00Q', 1))).toEqual([1, 1, 1, 1]);
      expect(await flags('lead', sfId('00Q', 2))).toEqual([1, 0, 0, 0]);
      expect(await flags('lead', sfId('00Q', 3))).toEqual([0, 0, 0, 0]);
      expect(await flags('contact', sfId('003', 5))).toEqual([1, 1, 1, 0]);
    });
  });
}
