/**
 * The Marketo connector against a fake instance on loopback, on SQLite and PostgreSQL: programs
 * and their costs, activities through paging tokens (empty pages included), leads created, changed
 * and fetched on demand, tokens renewed on 601/602 and before expiry, 606/615 retried with
 * backoff, 607 ending the sync clearly, and transport failures.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCursor } from '../../gateway/sources/cursor.js';
import { SourceError } from '../../gateway/sources/http.js';
import type { MarketoConfig } from '../../gateway/sources/marketo/config.js';
import { MarketoConnector } from '../../gateway/sources/marketo/connector.js';
import { Secret } from '../../gateway/sources/secret.js';
import { runSync } from '../../gateway/sources/sync.js';
import { dialects } from '../support/databases.js';
import { fillInstance } from './fakes/marketo-data.js';
import { FakeMarketo, failureBody } from './fakes/marketo-server.js';
import { quickRetries, rowCounts, type SourceTestDatabase, sourceTestDatabase } from './support.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`Marketo connector on ${dialect.name}`, () => {
    let marketo: FakeMarketo;
    let test: SourceTestDatabase;
    let touches: number;
    const config = (overrides: Partial<MarketoConfig> = {}): MarketoConfig => ({
      baseUrl: marketo.url,
      clientId: marketo.clientId,
      clientSecret: new Secret(marketo.clientSecret),
      retry: { ...quickRetries, timeoutMs: 500 },
      historyDays: 90,
      batchSize: 100,
      ...overrides,
    });
    const expected = () => ({
      people: 101,
      person_identities: 101,
      touches,
      campaigns: 2,
      campaign_costs: 2,
    });

    beforeAll(async () => {
      marketo = await new FakeMarketo().start();
    });
    afterAll(() => marketo.close());
    beforeEach(async () => {
      ({ touches } = fillInstance(marketo));
      marketo.forgetTokens();
      marketo.tokensIssued = 0;
      marketo.tokenLifetimeSeconds = 3600;
      marketo.server.requests.length = 0;
      test = await sourceTestDatabase(dialect.name);
    });
    afterEach(() => test.drop());

    it('reads programs with costs, then activities page by page with their leads', async () => {
      marketo.emptyPagesAt = new Set([0, 200]);
      const report = await runSync(test.acme, new MarketoConnector(config()));
      expect(await rowCounts(test.acme)).toMatchObject(expected());
      const activities = report.streams.find((s) => s.stream === 'activities')!;
      // 100 New Lead activities, then touches: the last lead had no New Lead and was fetched.
      expect(activities.fetchedPeople).toBe(1);
      expect(marketo.server.requests.filter((r) => r.path === '/rest/v1/activities.json').length).toBe(
        Math.ceil(marketo.activities.length / 100) + 2,
      );
      const costs = await test.acme.db
        .selectFrom('campaign_costs')
        .select(['period', 'amount'])
        .orderBy('period')
        .execute();
      expect(costs).toEqual([
        { period: '2025-04', amount: 3500 },
        { period: '2025-05', amount: 250 },
      ]);
      const webinar = await test.acme.db
        .selectFrom('touches')
        .select(['type', 'channel', 'campaign_id'])
        .where('campaign_id', 'is not', null)
        .execute();
      expect(webinar.map((t) => t.type).sort()).toEqual([
        'webinar_attendance',
        'webinar_registration',
        'webinar_registration',
      ]);
      expect(new Set(webinar.map((t) => t.channel))).toEqual(new Set(['webinar']));
      const pricing = await test.acme.db
        .selectFrom('touches')
        .select('id')
        .where('type', '=', 'pricing_page_view')
        .execute();
      expect(pricing).toHaveLength(101);
    });

    it('continues from the last paging token: the next run reads only new activities', async () => {
      await runSync(test.acme, new MarketoConnector(config()));
      const token = await readCursor(test.acme, 'marketo', 'activities');
      expect(token).toBe(`P:${marketo.activities.length}`);
      const last = marketo.activities.at(-1)!;
      marketo.activities.push({
        ...last,
        id: last.id + 1,
        marketoGUID: 'guid-new',
        leadId: 5,
        activityTypeId: 11,
        attributes: [],
      });
      const second = await runSync(test.acme, new MarketoConnector(config()));
      expect(second.streams.find((s) => s.stream === 'activities')!.read).toBe(1);
      expect(await rowCounts(test.acme)).toMatchObject({ ...expected(), touches: touches + 1 });
    });

    it('renews the token on 601 and 602, and before it expires', async () => {
      marketo.server.inject(/activities\.json/, {
        status: 200,
        body: failureBody('602', 'Access token expired'),
      });
      marketo.server.injectAfter(/leads\.json/, 1, {
        status: 200,
        body: failureBody('601', 'Access token invalid'),
      });
      const sync = new MarketoConnector(config());
      await runSync(test.acme, sync);
      expect(sync.stats().renewals).toBe(2);
      expect(await rowCounts(test.acme)).toMatchObject(expected());
      // A token about to expire is renewed before use, not after a refusal.
      marketo.tokenLifetimeSeconds = 30;
      marketo.tokensIssued = 0;
      const early = new MarketoConnector(config());
      await runSync(test.acme, early, { full: true });
      expect(marketo.tokensIssued).toBeGreaterThan(3);
      expect(early.stats().renewals).toBe(0);
    });

    it('backs off on 606 and 615 inside a 200, and on 5xx, timeouts and bad bodies', async () => {
      const page = /activities\.json/;
      marketo.server.inject(page, {
        status: 200,
        body: failureBody('606', 'Max rate limit 100 exceeded with in 20 secs'),
      });
      marketo.server.inject(page, {
        status: 200,
        body: failureBody('615', 'Concurrent access limit reached'),
      });
      marketo.server.injectAfter(page, 1, { status: 503, body: 'Service Unavailable' });
      marketo.server.inject(
        page,
        { delayMs: 800 },
        { truncate: true },
        { status: 200, body: '{"success": true, "result": [' },
      );
      const sync = new MarketoConnector(config());
      await runSync(test.acme, sync);
      expect(marketo.server.pendingFaults).toBe(0);
      expect(sync.stats().retries).toBe(6);
      expect(await rowCounts(test.acme)).toMatchObject(expected());
    });

    it('stops on the daily quota (607) with the cursor where it was', async () => {
      marketo.server.injectAfter(/activities\.json/, 2, {
        status: 200,
        body: failureBody('607', 'Daily quota reached'),
      });
      const error = await runSync(test.acme, new MarketoConnector(config())).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as Error).message).toMatch(
        /Marketo error 607: Daily quota reached \(the daily API quota is used up\)/,
      );
      expect(await readCursor(test.acme, 'marketo', 'activities')).toBe('P:200');
      await runSync(test.acme, new MarketoConnector(config()));
      expect(await rowCounts(test.acme)).toMatchObject(expected());
    });

    it('says so when the client credentials are refused, without printing the secret', async () => {
      const error = await runSync(
        test.acme,
        new MarketoConnector(config({ clientSecret: new Secret('nope-secret') })),
      ).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /^marketo GET .*\/identity\/oauth\/token\?.*client_secret=\*\*\*.*: HTTP 401 .*Bad client credentials/,
      );
      expect((error as Error).message).not.toContain('nope-secret');
    });
  });
}
