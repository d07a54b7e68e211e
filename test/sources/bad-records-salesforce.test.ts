/**
 * One bad record fails only itself in a Salesforce sync, on SQLite and PostgreSQL: a lead created
 * on 2026-02-31 (Date.parse made it 3 March), a lead whose title holds a NUL and a task completed
 * in the year 3000 are each rejected with their id and reason; the rest of their pages is stored
 * and the next sync runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceConnector } from '../../gateway/sources/salesforce/connector.js';
import { Secret } from '../../gateway/sources/secret.js';
import { runSync } from '../../gateway/sources/sync.js';
import { dialects } from '../support/databases.js';
import { fillOrg, sfId, sfStamp } from './fakes/salesforce-data.js';
import { FakeSalesforce } from './fakes/salesforce-server.js';
import { quickRetries, type SourceTestDatabase, sourceTestDatabase } from './support.js';

const stamp = sfStamp(Date.parse('2025-05-05T09:00:00Z'));

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`a bad Salesforce record fails only itself on ${dialect.name}`, () => {
    let org: FakeSalesforce;
    let test: SourceTestDatabase;
    beforeAll(async () => {
      org = await new FakeSalesforce().start();
      test = await sourceTestDatabase(dialect.name);
    });
    afterAll(async () => {
      await test?.drop();
      await org?.close();
    });
    const connector = () =>
      new SalesforceConnector(
        {
          loginUrl: org.url,
          apiVersion: 'v60.0',
          clientId: org.clientId,
          clientSecret: new Secret(org.clientSecret),
          refreshToken: new Secret(org.refreshToken),
          retry: { ...quickRetries, timeoutMs: 500 },
          slowDownAt: 0.8,
          stopAt: 0.95,
          slowDownMs: 1_000,
        },
        Date.now(),
        async () => {},
      );
    const lead = (n: number, fields: Record<string, unknown>) =>
      org.put('Lead', {
        Id: sfId('00Q', n),
        Email: `lead${n}@example-b.com`,
        FirstName: `Lead${n}`,
        LastName: 'Person',
        IsConverted: false,
        CreatedDate: stamp,
        SystemModstamp: stamp,
        ...fields,
      });
    const leadEmails = async () =>
      (await test.acme.db.selectFrom('people').select('email').execute()).map((p) => p.email);

    it('rejects the bad lead and task by id and reason and stores the rest', async () => {
      fillOrg(org, { leads: 10 });
      lead(901, { CreatedDate: '2026-02-31T10:00:00.000+0000' });
      lead(902, { Title: 'Head\u0000of Sales' });
      lead(903, {});
      org.put('Task', {
        Id: sfId('00T', 9),
        WhoId: sfId('00Q', 903),
        Subject: 'Call from the future',
        TaskSubtype: 'Call',
        CompletedDateTime: '3000-01-01T00:00:00.000+0000',
        CreatedDate: stamp,
        SystemModstamp: stamp,
      });
      const report = await runSync(test.acme, connector());
      const rejected = report.streams.flatMap((s) => s.rejected);
      expect(rejected).toContainEqual({
        sourceId: sfId('00Q', 901),
        reason: 'createdAt: 2026-02-31 is not a date',
      });
      expect(rejected).toContainEqual({
        sourceId: sfId('00Q', 902),
        reason: "title: 'Head\\u0000of Sales' contains the control character U+0000",
      });
      expect(rejected).toContainEqual({
        sourceId: sfId('00T', 9),
        reason: expect.stringMatching(
          /^occurredAt: 3000-01-01T00:00:00.000Z is after \d{4}-\d\d-\d\d \(now \+ 1 year\)$/,
        ),
      });
      const emails = await leadEmails();
      expect(emails).toContain('lead903@example-b.com');
      expect(emails).toContain('lead1@example-b.com');
      expect(emails).not.toContain('lead901@example-b.com');
      expect(emails).not.toContain('lead902@example-b.com');
      const activities = await test.acme.db.selectFrom('activities').select('source_id').execute();
      expect(activities.map((a) => a.source_id)).not.toContain(sfId('00T', 9));
    });

    it('runs the next sync', async () => {
      lead(904, { SystemModstamp: sfStamp(Date.parse('2025-05-06T09:00:00Z')) });
      await runSync(test.acme, connector());
      expect(await leadEmails()).toContain('lead904@example-b.com');
    });
  });
}
