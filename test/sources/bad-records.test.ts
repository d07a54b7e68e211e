/**
 * One bad record fails only itself, on every way in and on SQLite and PostgreSQL: a delivery
 * mixing valid records with a NUL, a lone surrogate, JavaScript's last date (+275760), a
 * 9999-12-31 activity, a 2026-02-31 date and a touch dated 3000 is answered 200 with each bad
 * record named by position (or source id) and reason, the valid ones stored, and the next
 * delivery works. A touch dated ahead of now leaves the person's score live (scored_at ≤ now).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markChange } from '../../gateway/metrics/mark-change.js';
import { createGateway } from '../../gateway/server/app.js';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { HubSpotConnector } from '../../gateway/sources/hubspot/connector.js';
import { signV3 } from '../../gateway/sources/hubspot/signature.js';
import { Secret } from '../../gateway/sources/secret.js';
import { runSync } from '../../gateway/sources/sync.js';
import { emptyChange } from '../../gateway/store/changes.js';
import { dialects } from '../support/databases.js';
import { contact, fillPortal } from './fakes/hubspot-data.js';
import { FakeHubSpot } from './fakes/hubspot-server.js';
import { quickRetries, type SourceTestDatabase, sourceTestDatabase } from './support.js';

const eventsKey = 'events-key-for-acme';
const clientSecret = 'hubspot-app-secret';
const day = 86_400_000;
const soon = () => new Date(Date.now() + 30 * day).toISOString();

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`one bad record fails only itself on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let hubspot: FakeHubSpot;
    let base: string;
    let close: () => Promise<void>;
    let folder: string;

    beforeAll(async () => {
      hubspot = await new FakeHubSpot().start();
      fillPortal(hubspot, { contacts: 12 });
      Object.assign(process.env, {
        TANDEM_SYNC_INTERVAL_MINUTES: '0',
        TANDEM_ACME_EVENTS_KEY: eventsKey,
        TANDEM_ACME_HUBSPOT_TOKEN: hubspot.token,
        TANDEM_ACME_HUBSPOT_BASE_URL: hubspot.url,
        TANDEM_ACME_HUBSPOT_CLIENT_SECRET: clientSecret,
      });
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-bad-'));
      const { server } = createGateway({ database: test.database });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    });
    afterAll(async () => {
      await close?.();
      await test?.drop();
      await hubspot?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    const personByEmail = (email: string) =>
      test.acme.db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirst();
    const touchIds = async () =>
      (await test.acme.db.selectFrom('touches').select('source_id').orderBy('source_id').execute()).map(
        (row) => row.source_id,
      );

    const postEvents = (events: unknown[]) =>
      fetch(`${base}/ingest/events?tenant=acme`, {
        method: 'POST',
        headers: { authorization: `Bearer ${eventsKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'website', events }),
      });
    const touch = (key: string, fields: Record<string, unknown> = {}) => ({
      idempotencyKey: key,
      kind: 'touch',
      type: 'pricing_page_view',
      email: 'ada@example.org',
      channel: 'organic_search',
      url: 'https://tandem.test/pricing',
      occurredAt: '2026-03-02T10:00:00Z',
      ...fields,
    });

    it('POST /ingest/events: rejects each bad event by position and reason, stores the rest', async () => {
      const response = await postEvents([
        touch('ok-1'),
        touch('nul-url', { url: 'https://tandem.test/a\u0000b' }),
        touch('lone-surrogate', { channel: 'web\ud800' }),
        touch('last-date', { occurredAt: '+275760-09-13T00:00:00.000Z' }),
        { ...touch('never'), kind: 'activity', type: 'call', occurredAt: '9999-12-31T00:00:00Z' },
        touch('feb-31', { occurredAt: '2026-02-31T10:00:00Z' }),
        touch('year-3000', { type: 'form_submit', occurredAt: '3000-01-01T00:00:00Z' }),
        { ...touch('ok-call'), kind: 'activity', type: 'call', subject: 'Intro call' },
        touch('ok-soon', { type: 'form_submit', occurredAt: soon() }),
        touch('key\u0000'),
      ]);
      expect(response.status).toBe(200);
      const report = (await response.json()) as {
        written: number;
        rejected: { index: number; idempotencyKey: string; reason: string }[];
      };
      expect(report.written).toBe(3);
      expect(report.rejected.map((r) => [r.index, r.idempotencyKey])).toEqual([
        [1, 'nul-url'],
        [2, 'lone-surrogate'],
        [3, 'last-date'],
        [4, 'never'],
        [5, 'feb-31'],
        [6, 'year-3000'],
        [9, null],
      ]);
      const reasons = report.rejected.map((r) => r.reason);
      expect(reasons[0]).toBe("url: 'https://tandem.test/a\\u0000b' contains the control character U+0000");
      expect(reasons[1]).toBe("channel: 'web\\ud800' contains a lone UTF-16 surrogate");
      expect(reasons[2]).toMatch(
        /^occurredAt: '\+275760-09-13T00:00:00.000Z' is after \d{4}-\d\d-\d\d \(now \+ 1 year\)$/,
      );
      expect(reasons[3]).toMatch(/^occurredAt: '9999-12-31T00:00:00Z' is after/);
      expect(reasons[4]).toBe('occurredAt: 2026-02-31 is not a date');
      expect(reasons[5]).toMatch(/^occurredAt: '3000-01-01T00:00:00Z' is after/);
      expect(reasons[6]).toBe("idempotencyKey: 'key\\u0000' contains the control character U+0000");
      expect(await touchIds()).toEqual(['ok-1', 'ok-soon']);
      // The touch dated a month ahead counts, but the score stays live: its moment is not in the future.
      const ada = (await personByEmail('ada@example.org'))!;
      expect(Number(ada.scored_at)).toBeLessThanOrEqual(Date.now());
      expect(Number(ada.engagement_score)).toBeGreaterThanOrEqual(50);

      const next = await postEvents([touch('ok-2', { occurredAt: '2026-03-03T10:00:00Z' })]);
      expect(next.status).toBe(200);
      expect(await next.json()).toMatchObject({ written: 1, rejected: [] });
    });

    const deliver = (objectIds: number[]) => {
      const body = JSON.stringify(
        objectIds.map((objectId, i) => ({
          eventId: objectId * 10 + i,
          occurredAt: Date.now(),
          subscriptionType: 'contact.propertyChange',
          objectId,
        })),
      );
      const uri = `${base}/ingest/hubspot?tenant=acme`;
      const timestamp = String(Date.now());
      return fetch(uri, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': signV3(clientSecret, 'POST', uri, body, timestamp),
          'x-hubspot-request-timestamp': timestamp,
        },
        body,
      });
    };
    const hubspotContact = (id: number, properties: Record<string, string>) => {
      const object = contact(String(id), id, Date.parse('2025-06-02T10:00:00Z'));
      hubspot.put('contacts', { ...object, properties: { ...object.properties, ...properties } });
    };

    it('POST /ingest/hubspot: a signed delivery keeps its valid contacts and names the bad ones', async () => {
      hubspotContact(801, {});
      hubspotContact(802, { jobtitle: 'Head\u0000of Sales' });
      hubspotContact(803, { firstname: 'Bo\ud800b' });
      hubspotContact(804, { createdate: '2026-02-31T10:00:00Z' });
      hubspotContact(805, { lastmodifieddate: '+275760-09-13T00:00:00.000Z' });
      const response = await deliver([801, 802, 803, 804, 805]);
      expect(response.status).toBe(200);
      const report = (await response.json()) as { rejected: { sourceId: string; reason: string }[] };
      const people = report.rejected.filter((r) => !r.reason.startsWith('unknown person'));
      expect(people).toEqual([
        { sourceId: '802', reason: "title: 'Head\\u0000of Sales' contains the control character U+0000" },
        { sourceId: '803', reason: "firstName: 'Bo\\ud800b' contains a lone UTF-16 surrogate" },
        { sourceId: '804', reason: 'createdAt: 2026-02-31 is not a date' },
        {
          sourceId: '805',
          reason: expect.stringMatching(/^updatedAt: \+275760-09-13T00:00:00.000Z is after/),
        },
      ]);
      expect(await personByEmail('person801@example-b.com')).toBeDefined();
      expect(await personByEmail('person802@example-a.com')).toBeUndefined();

      hubspotContact(806, {});
      const next = await deliver([806]);
      expect(next.status).toBe(200);
      expect(await personByEmail('person806@example-a.com')).toBeDefined();
    });

    it('a connector sync keeps a page whose one record is bad, and the next sync runs', async () => {
      for (let id = 801; id <= 806; id++) hubspot.objects.get('contacts')!.delete(String(id));
      hubspotContact(7, { lastname: 'Smith\ud800' });
      hubspot.put('calls', {
        id: '99',
        properties: {
          hs_timestamp: '9999-12-31T00:00:00Z',
          hs_call_title: 'call from the far future',
          hubspot_owner_id: '501',
          hs_lastmodifieddate: '2025-06-02T12:00:00Z',
        },
      });
      hubspot.associate('calls', '99', 'contacts', ['2']);
      const connector = () =>
        new HubSpotConnector({
          baseUrl: hubspot.url,
          token: new Secret(hubspot.token),
          retry: { ...quickRetries, timeoutMs: 500 },
          searchLagMs: 0,
          historyDays: 365,
          tenSecondlyWaitMs: 20,
        });
      const report = await runSync(test.acme, connector(), { full: true });
      const rejected = report.streams.flatMap((s) => s.rejected);
      expect(rejected).toContainEqual({
        sourceId: '7',
        reason: "lastName: 'Smith\\ud800' contains a lone UTF-16 surrogate",
      });
      expect(rejected).toContainEqual({
        sourceId: 'calls:99:2',
        reason: expect.stringMatching(/^occurredAt: 9999-12-31T00:00:00.000Z is after/),
      });
      expect(await personByEmail('person7@example-b.com')).toBeUndefined();
      expect(await personByEmail('person8@example-a.com')).toBeDefined();
      const calls = await test.acme.db.selectFrom('activities').select('source_id').execute();
      expect(calls.map((c) => c.source_id)).toContain('calls:52:2');
      expect(calls.map((c) => c.source_id)).not.toContain('calls:99:2');
      await expect(runSync(test.acme, connector())).resolves.toBeDefined();
    });

    it('marks no rollup day for an instant no record may carry, and throws no RangeError', async () => {
      const valid = Date.parse('2026-03-02T15:00:00Z');
      await markChange(test.acme, emptyChange('acme', 'ingest'), [8.64e15, -8.64e15, Number.NaN, valid]);
      const days = await test.acme.db
        .selectFrom('rollup_dirty')
        .select('day')
        .where('family', '=', 'campaigns')
        .execute();
      expect(days.map((row) => Number(row.day))).toEqual([Math.floor(valid / day)]);
    });

    it('a CSV import rejects the bad rows by line and reason and imports the rest', async () => {
      const path = join(folder, 'touches.csv');
      writeFileSync(
        path,
        [
          'Event ID,Email,Activity,URL,When',
          'C-1,ada@example.org,Visited,https://tandem.test/a,2026-01-20T08:12:00Z',
          'C-2,ada@example.org,Visited,https://tandem.test/\u0000,2026-01-20T08:13:00Z',
          'C-3,ada@example.org,Visited,https://tandem.test/c,2026-02-31T08:00:00Z',
          'C-4,ada@example.org,Visited,https://tandem.test/d,3000-01-01T00:00:00Z',
          'C-5,ada@example.org,Visited,https://tandem.test/e,2026-01-21T08:00:00Z',
        ].join('\n'),
      );
      const mapping = checkMapping({
        kind: 'touches',
        system: 'csv-test',
        dates: { format: 'iso', timeZone: 'UTC' },
        columns: {
          sourceId: 'Event ID',
          email: 'Email',
          url: 'URL',
          occurredAt: 'When',
          type: { column: 'Activity', map: { Visited: 'page_view' } },
          channel: { column: 'Activity', map: { Visited: 'organic_search' } },
        },
      });
      const report = await importCsv(test.acme, { file: path, mapping });
      expect(report).toMatchObject({ rows: 5, written: 2, rejectedCount: 3 });
      expect(report.rejected).toEqual([
        {
          line: 3,
          reason:
            'column "URL": "https://tandem.test/\\u0000" is not accepted (\'https://tandem.test/\\u0000\' contains the control character U+0000)',
        },
        { line: 4, reason: `column "When": "2026-02-31T08:00:00Z" is not a date as iso` },
        {
          line: 5,
          reason: expect.stringMatching(
            /^column "When": "3000-01-01T00:00:00Z" is not accepted \(3000-01-01T00:00:00.000Z is after/,
          ),
        },
      ]);
      expect(await touchIds()).toEqual(expect.arrayContaining(['C-1', 'C-5']));
      const again = await importCsv(test.acme, { file: path, mapping });
      expect(again).toMatchObject({ written: 0, duplicates: 2, rejectedCount: 3 });
    });
  });
}
