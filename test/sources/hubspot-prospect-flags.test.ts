/**
 * The four prospect flags from HubSpot custom properties, on SQLite and PostgreSQL: the tenant's
 * settings name which property holds each flag (TANDEM_<TENANT>_HUBSPOT_<FLAG>_PROPERTY); the
 * connector asks the fake HubSpot for those properties and sets the person's flags from them.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hubspotConfig } from '../../gateway/sources/hubspot/config.js';
import { HubSpotConnector } from '../../gateway/sources/hubspot/connector.js';
import { SourceSettings } from '../../gateway/sources/settings.js';
import { runSync } from '../../gateway/sources/sync.js';
import { dialects } from '../support/databases.js';
import { contact, fillPortal } from './fakes/hubspot-data.js';
import { FakeHubSpot } from './fakes/hubspot-server.js';
import { quickRetries, type SourceTestDatabase, sourceTestDatabase } from './support.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`HubSpot prospect flags on ${dialect.name}`, () => {
    let hubspot: FakeHubSpot;
    let test: SourceTestDatabase;
    beforeAll(async () => {
      hubspot = await new FakeHubSpot().start();
    });
    afterAll(() => hubspot.close());
    beforeEach(async () => {
      fillPortal(hubspot, { contacts: 0 });
      test = await sourceTestDatabase(dialect.name);
    });
    afterEach(() => test.drop());

    it('sets the flags from the custom properties the settings name', async () => {
      const modified = Date.parse('2025-06-01T00:00:00Z');
      const withFlags = (id: string, flags: Record<string, string | null>) => {
        const object = contact(id, Number(id), modified);
        Object.assign(object.properties, flags);
        return object;
      };
      hubspot.put(
        'contacts',
        withFlags('1', { icp_match: 'true', budget_ok: 'true', timeframe_ok: 'true', will_meet: 'true' }),
      );
      hubspot.put('contacts', withFlags('2', { icp_match: 'true', budget_ok: 'false', will_meet: null }));
      hubspot.put('contacts', withFlags('3', {}));
      const settings = new SourceSettings('acme', 'hubspot', {
        TANDEM_ACME_HUBSPOT_TOKEN: hubspot.token,
        TANDEM_ACME_HUBSPOT_BASE_URL: hubspot.url,
        TANDEM_ACME_HUBSPOT_ICP_FIT_PROPERTY: 'icp_match',
        TANDEM_ACME_HUBSPOT_HAS_BUDGET_PROPERTY: 'budget_ok',
        TANDEM_ACME_HUBSPOT_HAS_TIMEFRAME_PROPERTY: 'timeframe_ok',
        TANDEM_ACME_HUBSPOT_WILLING_TO_ENGAGE_PROPERTY: 'will_meet',
      });
      const config = {
        ...hubspotConfig(settings),
        searchLagMs: 0,
        retry: quickRetries,
        tenSecondlyWaitMs: 20,
      };
      await runSync(test.acme, new HubSpotConnector(config));

      const people = await test.acme.db
        .selectFrom('people as p')
        .innerJoin('person_identities as i', 'i.person_id', 'p.id')
        .where('i.system', '=', 'hubspot')
        .select(['i.source_id', 'p.icp_fit', 'p.has_budget', 'p.has_timeframe', 'p.willing_to_engage'])
        .orderBy('i.source_id')
        .execute();
      expect(
        people.map((p) => [
          p.source_id,
          ...[p.icp_fit, p.has_budget, p.has_timeframe, p.willing_to_engage].map(Number),
        ]),
      ).toEqual([
        ['1', 1, 1, 1, 1],
        ['2', 1, 0, 0, 0],
        ['3', 0, 0, 0, 0],
      ]);
      const asked = hubspot.server.requests.find((r) => r.path === '/crm/v3/objects/contacts/search');
      expect(JSON.stringify(asked?.body)).toContain('timeframe_ok');
    });
  });
}

it('refuses a setting that is no property name, naming the variable and the value', () => {
  const settings = new SourceSettings('acme', 'hubspot', {
    TANDEM_ACME_HUBSPOT_TOKEN: 't',
    TANDEM_ACME_HUBSPOT_HAS_BUDGET_PROPERTY: 'budget ok?',
  });
  expect(() => hubspotConfig(settings)).toThrow(
    "TANDEM_ACME_HUBSPOT_HAS_BUDGET_PROPERTY must be a property name (letters, digits and _), got 'budget ok?'",
  );
});
