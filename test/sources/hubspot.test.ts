/**
 * The HubSpot connector against a fake HubSpot on loopback: paging (search windows, offsets within
 * one instant), incremental runs, replays, and every failure the API has — 429 by policy with and
 * without Retry-After, 5xx, timeouts, malformed and truncated bodies — on SQLite and PostgreSQL.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCursor } from '../../gateway/sources/cursor.js';
import { SourceError } from '../../gateway/sources/http.js';
import type { HubSpotConfig } from '../../gateway/sources/hubspot/config.js';
import { HubSpotConnector } from '../../gateway/sources/hubspot/connector.js';
import { Secret } from '../../gateway/sources/secret.js';
import { runSync } from '../../gateway/sources/sync.js';
import { dialects } from '../support/databases.js';
import { contact, fillPortal } from './fakes/hubspot-data.js';
import { FakeHubSpot } from './fakes/hubspot-server.js';
import { quickRetries, rowCounts, type SourceTestDatabase, sourceTestDatabase } from './support.js';

const expected = {
  people: 450,
  person_identities: 450,
  accounts: 2,
  // Contact 1's won deal 9001 made them a customer, and open deal 9003 made its contact an
  // opportunity: two of these are those moves.
  stage_transitions: 497,
  opportunities: 3,
  opportunity_stages: 6,
  activities: 14,
  touches: 61,
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`HubSpot connector on ${dialect.name}`, () => {
    let hubspot: FakeHubSpot;
    let test: SourceTestDatabase;
    const config = (): HubSpotConfig => ({
      baseUrl: hubspot.url,
      token: new Secret(hubspot.token),
      retry: { ...quickRetries, timeoutMs: 500 },
      searchLagMs: 0,
      historyDays: 365,
      tenSecondlyWaitMs: 20,
    });

    beforeAll(async () => {
      hubspot = await new FakeHubSpot().start();
    });
    afterAll(() => hubspot.close());
    beforeEach(async () => {
      fillPortal(hubspot);
      hubspot.server.requests.length = 0;
      test = await sourceTestDatabase(dialect.name);
    });
    afterEach(() => test.drop());

    it('reads every stream, paging through search windows and offsets within one instant', async () => {
      const report = await runSync(test.acme, new HubSpotConnector(config()));
      expect(await rowCounts(test.acme)).toMatchObject(expected);
      const contacts = report.streams.find((s) => s.stream === 'contacts')!;
      // Each window restarts at the newest instant it saw: those contacts are read twice, written once.
      expect(contacts.read).toBeGreaterThanOrEqual(450 + 495);
      expect(contacts.duplicates).toBeGreaterThan(0);
      expect(contacts.pages).toBeGreaterThanOrEqual(3);
      // The company calls (no contact) are reported with their id, not silently dropped.
      const skipped = report.streams.flatMap((s) => s.rejected);
      expect(skipped.map((s) => s.sourceId).sort()).toEqual(['calls:51', 'emails:61', 'meetings:81']);
      expect(skipped[0]!.reason).toBe('associated with no contact');
      // Deal owners are HubSpot owners this tenant has no user for: written without one, and said so.
      const deals = report.streams.find((s) => s.stream === 'deals')!;
      expect(deals.warningCount).toBe(3);
      expect(deals.warnings.map((w) => w.sourceId).sort()).toEqual(['9001', '9002', '9003']);
      expect(deals.warnings[0]!.reason).toBe(
        "ownerEmail 'rita.rep@tandem.test' is not a user: written without an owner",
      );
      const people = await test.acme.db
        .selectFrom('people')
        .select(['email', 'owner_id', 'account_id', 'stage'])
        .execute();
      expect(new Set(people.map((p) => p.account_id)).size).toBe(2);
      expect(people.filter((p) => p.stage === 'mql')).toHaveLength(45);
      const won = await test.acme.db
        .selectFrom('opportunities')
        .selectAll()
        .where('source_id', '=', '9001')
        .executeTakeFirstOrThrow();
      expect(won).toMatchObject({ is_won: 1, is_closed: 1, amount: 12000, stage: 'closedwon' });
      // The won deal made its contact a customer (ingest/apply-deal-outcome.ts).
      const contact = await test.acme.db
        .selectFrom('people')
        .select('stage')
        .where('id', '=', won.primary_person_id!)
        .executeTakeFirstOrThrow();
      expect(contact.stage).toBe('customer');
      expect(won.primary_person_id).not.toBeNull();
    });

    it('reads only what changed on the next run, and a replayed run changes nothing', async () => {
      await runSync(test.acme, new HubSpotConnector(config()));
      const before = await rowCounts(test.acme);
      hubspot.put('contacts', contact('451', 451, Date.parse('2025-07-01T00:00:00Z')));
      hubspot.server.requests.length = 0;
      const second = await runSync(test.acme, new HubSpotConnector(config()));
      const contacts = second.streams.find((s) => s.stream === 'contacts')!;
      // From the stored cursor: the last instant again (50 contacts) and the new one, not all 451.
      expect(contacts.read).toBeLessThan(120);
      expect(await rowCounts(test.acme)).toMatchObject({
        ...expected,
        people: 451,
        person_identities: 451,
        stage_transitions: 498,
      });

      const replay = await runSync(test.acme, new HubSpotConnector(config()), { full: true });
      expect(replay.streams.reduce((n, s) => n + s.duplicates, 0)).toBeGreaterThan(500);
      expect(await rowCounts(test.acme)).toEqual({
        ...before,
        people: 451,
        person_identities: 451,
        stage_transitions: 498,
        score_events: before.score_events,
      });
    });

    it('rides out 429s, 5xx, timeouts, malformed JSON and truncated pages with the same result', async () => {
      const search = /\/crm\/v3\/objects\/contacts\/search/;
      hubspot.server.inject(search, {
        status: 429,
        body: JSON.stringify({ status: 'error', policyName: 'TEN_SECONDLY_ROLLING' }),
      });
      hubspot.server.inject(search, {
        status: 429,
        body: JSON.stringify({ policyName: 'TEN_SECONDLY_ROLLING' }),
        headers: { 'retry-after': '0' },
      });
      hubspot.server.inject(search, { status: 502, body: '<html>Bad gateway</html>' });
      // The next page succeeds once, then meets three more failures in a row.
      hubspot.server.injectAfter(search, 1, { delayMs: 800 });
      hubspot.server.inject(search, { status: 200, body: '{"results": [{"id": "1", "prop' });
      hubspot.server.inject(search, { truncate: true });
      hubspot.server.inject(/batch\/read/, { status: 503, body: '' }, { truncate: true });
      const connector = new HubSpotConnector(config());
      const report = await runSync(test.acme, connector);
      expect(hubspot.server.pendingFaults).toBe(0);
      expect(report.retries).toBe(8);
      expect(await rowCounts(test.acme)).toMatchObject(expected);
    });

    it('stops on the DAILY policy with a clear message, keeps its place, and finishes on the rerun', async () => {
      // The first contacts page goes through; the second is refused for the day.
      const daily = JSON.stringify({
        status: 'error',
        message: 'You have reached your daily limit.',
        policyName: 'DAILY',
      });
      hubspot.server.injectAfter(/contacts\/search/, 1, { status: 429, body: daily });
      const connector = new HubSpotConnector(config());
      const error = await runSync(test.acme, connector).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as Error).message).toMatch(/daily API limit reached \(policyName DAILY\)/);
      expect(await readCursor(test.acme, 'hubspot', 'companies')).not.toBeNull();
      expect(JSON.parse((await readCursor(test.acme, 'hubspot', 'contacts'))!).since).toBeGreaterThan(0);
      expect((await rowCounts(test.acme)).people).toBe(200);
      await runSync(test.acme, new HubSpotConnector(config()));
      expect(await rowCounts(test.acme)).toMatchObject(expected);
    });

    it('pages by offset through more records than a page that share one modification instant', async () => {
      const instant = Date.parse('2025-06-10T00:00:00Z');
      for (let i = 1; i <= 450; i++) hubspot.put('contacts', contact(String(i), i, instant));
      const report = await runSync(test.acme, new HubSpotConnector(config()), { streams: ['contacts'] });
      expect((await rowCounts(test.acme)).people).toBe(450);
      const bodies = hubspot.server.requests
        .filter((r) => r.path.endsWith('/contacts/search'))
        .map((r) => (r.body as { after?: string }).after ?? null);
      expect(bodies).toEqual([null, '200', '400']);
      expect(report.streams[0]!.duplicates).toBe(0);
    });

    it('reads records without owners when the app may not read owners', async () => {
      hubspot.server.inject(/\/crm\/v3\/owners/, {
        status: 403,
        body: JSON.stringify({ category: 'MISSING_SCOPES' }),
      });
      await runSync(test.acme, new HubSpotConnector(config()), { streams: ['companies'] });
      const accounts = await test.acme.db.selectFrom('accounts').select('owner_id').execute();
      expect(accounts).toHaveLength(2);
    });

    it('fails on a rejected token after one renewal attempt, naming the request', async () => {
      const error = await runSync(
        test.acme,
        new HubSpotConnector({ ...config(), token: new Secret('wrong') }),
      ).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /^hubspot POST http:\/\/127\.0\.0\.1:\d+\/crm\/v3\/objects\/companies\/search: HTTP 401/,
      );
      expect((error as Error).message).not.toContain('wrong');
    });
  });
}
