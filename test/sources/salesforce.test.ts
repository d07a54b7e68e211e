/**
 * The Salesforce connector against a fake org on loopback, on SQLite and PostgreSQL: every
 * object, lead conversion, paging by nextRecordsUrl and keyset cursors, OAuth refresh on
 * INVALID_SESSION_ID, slowing down and stopping by Sforce-Limit-Info, and transport failures.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCursor } from '../../gateway/sources/cursor.js';
import { SourceError } from '../../gateway/sources/http.js';
import type { SalesforceConfig } from '../../gateway/sources/salesforce/config.js';
import { SalesforceConnector } from '../../gateway/sources/salesforce/connector.js';
import { Secret } from '../../gateway/sources/secret.js';
import { runSync } from '../../gateway/sources/sync.js';
import { dialects } from '../support/databases.js';
import { fillOrg, sfId, sfStamp } from './fakes/salesforce-data.js';
import { FakeSalesforce } from './fakes/salesforce-server.js';
import { quickRetries, rowCounts, type SourceTestDatabase, sourceTestDatabase } from './support.js';

const expected = {
  people: 250,
  person_identities: 300,
  accounts: 4,
  campaigns: 1,
  campaign_costs: 1,
  touches: 8,
  opportunities: 1,
  opportunity_stages: 3,
  activities: 2,
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`Salesforce connector on ${dialect.name}`, () => {
    let org: FakeSalesforce;
    let test: SourceTestDatabase;
    const waits: number[] = [];
    const config = (overrides: Partial<SalesforceConfig> = {}): SalesforceConfig => ({
      loginUrl: org.url,
      apiVersion: 'v60.0',
      clientId: org.clientId,
      clientSecret: new Secret(org.clientSecret),
      refreshToken: new Secret(org.refreshToken),
      retry: { ...quickRetries, timeoutMs: 500 },
      slowDownAt: 0.8,
      stopAt: 0.95,
      slowDownMs: 1_000,
      ...overrides,
    });
    const connector = (overrides: Partial<SalesforceConfig> = {}) =>
      new SalesforceConnector(config(overrides), Date.now(), async (ms) => void waits.push(ms));

    beforeAll(async () => {
      org = await new FakeSalesforce().start();
    });
    afterAll(() => org.close());
    beforeEach(async () => {
      fillOrg(org);
      org.reset();
      waits.length = 0;
      test = await sourceTestDatabase(dialect.name);
    });
    afterEach(() => test.drop());

    it('reads every object, and a converted lead and its contact are one person', async () => {
      const report = await runSync(test.acme, connector());
      expect(await rowCounts(test.acme)).toMatchObject(expected);
      expect(report.streams.map((s) => s.stream)).toEqual([
        'Account',
        'Lead',
        'Contact',
        'Campaign',
        'CampaignMember',
        'Opportunity',
        'Task',
        'Event',
      ]);
      expect(report.streams.find((s) => s.stream === 'Task')!.rejected).toEqual([
        { sourceId: sfId('00T', 3), reason: 'no WhoId (about no person)' },
      ]);
      const five = await test.acme.db
        .selectFrom('person_identities')
        .select('person_id')
        .where('source_id', 'in', [sfId('00Q', 5), sfId('003', 5)])
        .execute();
      expect(new Set(five.map((row) => row.person_id)).size).toBe(1);
      const personId = five[0]!.person_id;
      const activities = await test.acme.db
        .selectFrom('activities')
        .select(['type', 'person_id'])
        .orderBy('type')
        .execute();
      expect(activities).toEqual([
        { type: 'call', person_id: personId },
        { type: 'meeting', person_id: personId },
      ]);
      const person = await test.acme.db
        .selectFrom('people')
        .selectAll()
        .where('id', '=', personId)
        .executeTakeFirstOrThrow();
      const acme = await test.acme.db
        .selectFrom('account_identities')
        .select('account_id')
        .where('source_id', '=', sfId('001', 1))
        .executeTakeFirstOrThrow();
      expect(person).toMatchObject({
        email: 'contact5@acme-robotics.com',
        account_id: acme.account_id,
        department: 'Marketing',
      });
      const emails = await test.acme.db
        .selectFrom('person_emails')
        .select('email')
        .where('person_id', '=', personId)
        .orderBy('email')
        .execute();
      expect(emails.map((e) => e.email)).toEqual(['contact5@acme-robotics.com', 'lead5@example-b.com']);
      const opportunity = await test.acme.db
        .selectFrom('opportunities')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(opportunity).toMatchObject({
        amount: 48000,
        is_won: 1,
        probability: 1,
        primary_person_id: personId,
        account_id: acme.account_id,
      });
      const touches = await test.acme.db.selectFrom('touches').select('type').execute();
      expect(touches.filter((t) => t.type === 'webinar_attendance')).toHaveLength(4);
      // The won deal made its primary contact a customer, at its close (ingest/apply-deal-outcome.ts).
      const won = await test.acme.db
        .selectFrom('stage_transitions')
        .select(['person_id', 'to_stage', 'reason', 'source_id'])
        .where('source_system', '=', 'salesforce')
        .where('to_stage', '=', 'customer')
        .execute();
      expect(won).toEqual([
        {
          person_id: personId,
          to_stage: 'customer',
          reason: 'won deal "Acme expansion"',
          source_id: `deal:${opportunity.source_id}:won`,
        },
      ]);
    });

    it('resumes from its keyset cursor: the next run reads only what changed', async () => {
      await runSync(test.acme, connector());
      const lead = org.records.get('Lead')!.find((row) => row.Id === sfId('00Q', 7))!;
      org.put('Lead', {
        ...lead,
        Title: 'VP Marketing',
        SystemModstamp: sfStamp(Date.parse('2025-05-20T00:00:00Z')),
      });
      const second = await runSync(test.acme, connector());
      expect(second.streams.map((s) => s.read)).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
      const person = await test.acme.db
        .selectFrom('people')
        .innerJoin('person_identities', 'person_identities.person_id', 'people.id')
        .select('people.title')
        .where('person_identities.source_id', '=', sfId('00Q', 7))
        .executeTakeFirstOrThrow();
      expect(person.title).toBe('VP Marketing');
      expect(await rowCounts(test.acme)).toMatchObject(expected);
    });

    it('renews the access token on INVALID_SESSION_ID and retries the call once', async () => {
      org.onQuery = (count) => {
        if (count === 3) org.expireTokens();
      };
      const sync = connector();
      await runSync(test.acme, sync);
      expect(org.tokensIssued).toBe(2);
      expect(sync.stats().renewals).toBe(1);
      expect(await rowCounts(test.acme)).toMatchObject(expected);
    });

    it('says so when the refresh token is refused', async () => {
      const error = await runSync(test.acme, connector({ refreshToken: new Secret('revoked') })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SourceError);
      expect((error as Error).message).toMatch(
        /^salesforce POST http:\/\/127\.0\.0\.1:\d+\/services\/oauth2\/token: HTTP 400 .*invalid_grant/,
      );
      expect((error as Error).message).not.toContain('revoked');
    });

    it('slows down near the daily allocation and stops short of it, then resumes', async () => {
      Object.assign(org, { apiUsed: 940, apiLimit: 1_000, pageSize: 50 });
      const error = await runSync(test.acme, connector()).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/^salesforce: stopping at 950\/1,000 API calls/);
      expect(waits.length).toBeGreaterThan(5);
      expect(waits.every((ms) => ms > 0 && ms <= 1_000)).toBe(true);
      expect(waits.at(-1)).toBeGreaterThan(waits[0]!); // closer to the limit, slower
      expect(await readCursor(test.acme, 'salesforce', 'Account')).not.toBeNull();
      org.apiLimit = 100_000;
      await runSync(test.acme, connector());
      expect(await rowCounts(test.acme)).toMatchObject(expected);
    });

    it('fails clearly on REQUEST_LIMIT_EXCEEDED', async () => {
      Object.assign(org, { apiUsed: 5, apiLimit: 5 });
      const error = await runSync(test.acme, connector({ stopAt: 2 })).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /the org's API allocation is used up \(REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded\.\)/,
      );
    });

    it('rides out 5xx, timeouts, malformed and truncated pages while following nextRecordsUrl', async () => {
      const locator = /\/query\/01g/;
      org.server.inject(locator, { status: 503, body: '' }, { delayMs: 800 }, { truncate: true });
      org.server.inject(
        /\/query$/,
        { status: 500, body: JSON.stringify([{ errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' }]) },
        { status: 200, body: '{"totalSize": 250, "done": false, "records": [{"attributes": ' },
      );
      const sync = connector();
      await runSync(test.acme, sync);
      expect(org.server.pendingFaults).toBe(0);
      expect(sync.stats().retries).toBe(5);
      expect(await rowCounts(test.acme)).toMatchObject(expected);
    });
  });
}
