/**
 * Salesforce date fields (CloseDate, ActivityDate, ConvertedDate, FirstRespondedDate: a calendar
 * day, no time) read as that day in the tenant's zone, as a CSV import reads a date without an
 * offset; on SQLite and PostgreSQL, for a tenant in New York and one in Berlin. Datetime fields
 * (with their +0000 offset) stay the instants they are.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SalesforceConnector } from '../../gateway/sources/salesforce/connector.js';
import { Secret } from '../../gateway/sources/secret.js';
import { runSync } from '../../gateway/sources/sync.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { dialects } from '../support/databases.js';
import { fillOrg, sfId, sfStamp } from './fakes/salesforce-data.js';
import { FakeSalesforce } from './fakes/salesforce-server.js';
import { quickRetries, type SourceTestDatabase, sourceTestDatabase } from './support.js';

/** Local midnight of each day: New York is UTC-4 in summer, Berlin UTC+2. */
const midnight = {
  acme: (day: string) => Date.parse(`${day}T04:00:00Z`),
  globex: (day: string) => Date.parse(`${day}T00:00:00Z`) - 2 * 3_600_000,
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`Salesforce date fields in the tenant's zone on ${dialect.name}`, () => {
    let org: FakeSalesforce;
    let test: SourceTestDatabase;
    beforeAll(async () => {
      org = await new FakeSalesforce().start();
    });
    afterAll(() => org.close());
    beforeEach(async () => {
      fillOrg(org, { leads: 10 });
      // An open deal: its CloseDate is the expected close.
      org.put('Opportunity', {
        Id: sfId('006', 2),
        Name: 'Globex pilot',
        AccountId: sfId('001', 2),
        Amount: 9000,
        StageName: 'Prospecting',
        Probability: 10,
        CloseDate: '2025-09-15',
        IsClosed: false,
        IsWon: false,
        Owner: { Email: 'rita.rep@tandem.test' },
        CreatedDate: sfStamp(Date.parse('2025-05-08T10:00:00Z')),
        SystemModstamp: sfStamp(Date.parse('2025-05-08T10:00:00Z')),
      });
      // A to-do with a due date only: the activity happened on that day.
      org.put('Task', {
        Id: sfId('00T', 4),
        WhoId: sfId('00Q', 3),
        Subject: 'Follow up',
        TaskSubtype: 'Task',
        ActivityDate: '2025-05-09',
        Owner: { Email: 'rita.rep@tandem.test' },
        CreatedDate: sfStamp(Date.parse('2025-05-05T08:00:00Z')),
        SystemModstamp: sfStamp(Date.parse('2025-05-05T09:00:00Z')),
      });
      org.reset();
      test = await sourceTestDatabase(dialect.name);
    });
    afterEach(() => test.drop());

    for (const tenant of ['acme', 'globex'] as const) {
      it(`reads each date field as a local day of ${tenant}`, async () => {
        const store = new TenantStore(test.database, tenant);
        const connector = new SalesforceConnector(
          {
            loginUrl: org.url,
            apiVersion: 'v60.0',
            clientId: org.clientId,
            clientSecret: new Secret(org.clientSecret),
            refreshToken: new Secret(org.refreshToken),
            retry: quickRetries,
            slowDownAt: 0.8,
            stopAt: 0.95,
            slowDownMs: 1_000,
          },
          Date.now(),
          async () => {},
        );
        await runSync(store, connector);
        const day = midnight[tenant];
        const deals = await store.db
          .selectFrom('opportunities')
          .select(['name', 'closed_at', 'expected_close_at', 'created_at'])
          .orderBy('name')
          .execute();
        expect(
          deals.map((d) => ({ ...d, closed_at: d.closed_at === null ? null : Number(d.closed_at) })),
        ).toEqual([
          {
            name: 'Acme expansion',
            closed_at: day('2025-06-30'),
            expected_close_at: null,
            // A datetime keeps its instant.
            created_at: Date.parse('2025-05-06T08:00:00Z'),
          },
          {
            name: 'Globex pilot',
            closed_at: null,
            expected_close_at: day('2025-09-15'),
            created_at: Date.parse('2025-05-08T10:00:00Z'),
          },
        ]);
        // The won deal made its contact a customer on that local day.
        const customer = await store.db
          .selectFrom('stage_transitions')
          .select('occurred_at')
          .where('to_stage', '=', 'customer')
          .executeTakeFirstOrThrow();
        expect(Number(customer.occurred_at)).toBe(day('2025-06-30'));
        const responses = await store.db
          .selectFrom('touches')
          .select('occurred_at')
          .where('source_system', '=', 'salesforce')
          .execute();
        expect(new Set(responses.map((t) => Number(t.occurred_at)))).toEqual(new Set([day('2025-04-20')]));
        const followUp = await store.db
          .selectFrom('activities')
          .select('occurred_at')
          .where('source_id', '=', sfId('00T', 4))
          .executeTakeFirstOrThrow();
        expect(Number(followUp.occurred_at)).toBe(day('2025-05-09'));
        // The contact a lead became exists from the local day of its ConvertedDate.
        const contact = await store.db
          .selectFrom('person_identities')
          .innerJoin('people', 'people.id', 'person_identities.person_id')
          .select('people.created_at')
          .where('person_identities.source_id', '=', sfId('003', 5))
          .executeTakeFirstOrThrow();
        expect(Number(contact.created_at)).toBeLessThanOrEqual(day('2025-05-06'));
      });
    }
  });
}
