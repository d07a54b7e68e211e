/**
 * The ingest endpoints through the real gateway server (createGateway on port 0): the events
 * endpoint (key, validation, idempotency keys, people by email) and HubSpot webhooks (signature
 * v3, stale timestamps, repeated deliveries), on SQLite and PostgreSQL.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/server/app.js';
import { signV3 } from '../../gateway/sources/hubspot/signature.js';
import { dialects } from '../support/databases.js';
import { fillPortal } from './fakes/hubspot-data.js';
import { FakeHubSpot } from './fakes/hubspot-server.js';
import { rowCounts, type SourceTestDatabase, sourceTestDatabase } from './support.js';

const eventsKey = 'events-key-for-acme';
const clientSecret = 'hubspot-app-secret';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`ingest endpoints on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let hubspot: FakeHubSpot;
    let base: string;
    let close: () => Promise<void>;

    beforeAll(async () => {
      hubspot = await new FakeHubSpot().start();
      fillPortal(hubspot, { contacts: 30 });
      Object.assign(process.env, {
        TANDEM_SYNC_INTERVAL_MINUTES: '0',
        TANDEM_ACME_EVENTS_KEY: eventsKey,
        TANDEM_ACME_HUBSPOT_TOKEN: hubspot.token,
        TANDEM_ACME_HUBSPOT_BASE_URL: hubspot.url,
        TANDEM_ACME_HUBSPOT_CLIENT_SECRET: clientSecret,
      });
      test = await sourceTestDatabase(dialect.name);
      const { server } = createGateway({ database: test.database });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    });
    afterAll(async () => {
      await close?.();
      await test?.drop();
      await hubspot?.close();
    });

    const postEvents = (body: unknown, options: { key?: string; tenant?: string } = {}) =>
      fetch(`${base}/ingest/events?tenant=${options.tenant ?? 'acme'}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.key ?? eventsKey}`, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    const batch = {
      source: 'website',
      events: [
        {
          idempotencyKey: 'pv-1',
          kind: 'touch',
          type: 'pricing_page_view',
          email: 'Ada@Example.org',
          channel: 'organic_search',
          url: 'https://tandem.test/pricing',
          occurredAt: '2026-03-02T10:00:00Z',
        },
        {
          idempotencyKey: 'pv-2',
          kind: 'touch',
          type: 'form_submit',
          email: 'ada@example.org',
          channel: 'content',
          occurredAt: '2026-03-02T10:05:00Z',
        },
        {
          idempotencyKey: 'call-1',
          kind: 'activity',
          type: 'call',
          email: 'ada@example.org',
          subject: 'Intro call',
          occurredAt: '2026-03-02T12:00:00Z',
        },
        {
          idempotencyKey: 'bad-1',
          kind: 'touch',
          type: 'telepathy',
          email: 'bob@example.org',
          channel: 'email',
          occurredAt: '2026-03-02T10:00:00Z',
        },
        {
          kind: 'touch',
          type: 'page_view',
          email: 'bob@example.org',
          channel: 'direct',
          occurredAt: '2026-03-02T10:00:00Z',
        },
        {
          idempotencyKey: 'bad-2',
          kind: 'touch',
          type: 'page_view',
          email: 'carol@example.org',
          channel: 'direct',
          occurredAt: 'yesterday',
        },
      ],
    };

    it('refuses a missing or wrong key, an unknown tenant and a tenant without a key', async () => {
      expect((await postEvents(batch, { key: 'nope' })).status).toBe(401);
      expect((await postEvents(batch, { tenant: 'globex' })).status).toBe(401);
      // An unknown tenant answers as a known one with a bad key: which tenants exist is not said.
      expect((await postEvents(batch, { tenant: 'initech' })).status).toBe(401);
      expect((await rowCounts(test.acme)).touches).toBe(0);
    });

    it('explains a body that is not a batch', async () => {
      const notJson = await postEvents('{"events": [');
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as { error: string }).error).toMatch(/^the body is not JSON/);
      expect((await postEvents({ touches: [] })).status).toBe(400);
      const tooMany = await postEvents({ events: Array.from({ length: 1001 }, () => ({})) });
      expect(tooMany.status).toBe(413);
      expect(((await tooMany.json()) as { error: string }).error).toBe(
        'at most 1000 events per request, got 1001',
      );
    });

    it('writes a batch, names each rejected event by position and reason, and creates people by email', async () => {
      const response = await postEvents(batch);
      expect(response.status).toBe(200);
      const report = (await response.json()) as {
        written: number;
        newPeople: number;
        rejected: { index: number; reason: string }[];
      };
      expect(report).toMatchObject({ received: 6, written: 3, duplicates: 0, newPeople: 1 });
      expect(report.rejected.map((r) => r.index)).toEqual([3, 4, 5]);
      expect(report.rejected[0]!.reason).toMatch(/^type: /);
      expect(report.rejected[1]!.reason).toBe('idempotencyKey: required, a string of 1 to 200 characters');
      expect(report.rejected[2]!.reason).toMatch(/occurredAt/);
      const ada = await test.acme.db
        .selectFrom('people')
        .selectAll()
        .where('email', '=', 'ada@example.org')
        .executeTakeFirstOrThrow();
      const touches = await test.acme.db
        .selectFrom('touches')
        .select(['source_id', 'person_id'])
        .orderBy('source_id')
        .execute();
      expect(touches).toEqual([
        { source_id: 'pv-1', person_id: ada.id },
        { source_id: 'pv-2', person_id: ada.id },
      ]);
    });

    it('writes nothing twice when a client retries the same batch', async () => {
      const before = await rowCounts(test.acme);
      const again = (await (await postEvents(batch)).json()) as { written: number; duplicates: number };
      expect(again).toMatchObject({ written: 0, duplicates: 3, newPeople: 0 });
      expect(await rowCounts(test.acme)).toEqual(before);
    });

    const deliver = (
      events: unknown[],
      options: { secret?: string; timestamp?: number; signature?: string } = {},
    ) => {
      const body = JSON.stringify(events);
      const uri = `${base}/ingest/hubspot?tenant=acme`;
      const timestamp = String(options.timestamp ?? Date.now());
      const signature =
        options.signature ?? signV3(options.secret ?? clientSecret, 'POST', uri, body, timestamp);
      return fetch(uri, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': signature,
          'x-hubspot-request-timestamp': timestamp,
        },
        body,
      });
    };
    const contactChanged = (id: number, eventId: number) => ({
      eventId,
      subscriptionId: 1,
      portalId: 62515,
      occurredAt: Date.now(),
      subscriptionType: 'contact.propertyChange',
      attemptNumber: 0,
      objectId: id,
      propertyName: 'lifecyclestage',
      propertyValue: 'marketingqualifiedlead',
    });

    it('refuses a webhook with a bad or stale signature, before reading or storing anything', async () => {
      const calls = hubspot.server.requests.length;
      const wrong = await deliver([contactChanged(10, 1)], { secret: 'not-the-secret' });
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as { error: string }).error).toBe('signature does not match');
      const stale = await deliver([contactChanged(10, 1)], { timestamp: Date.now() - 6 * 60_000 });
      expect(stale.status).toBe(401);
      expect(((await stale.json()) as { error: string }).error).toMatch(/^stale request/);
      expect((await deliver([contactChanged(10, 1)], { signature: '' })).status).toBe(401);
      expect(hubspot.server.requests.length).toBe(calls);
      const people = await test.acme.db
        .selectFrom('person_identities')
        .select('source_id')
        .where('system', '=', 'hubspot')
        .execute();
      expect(people).toEqual([]);
    });

    it('applies a signed delivery once, however often HubSpot repeats it', async () => {
      const events = [
        { ...contactChanged(1, 11), subscriptionType: 'company.creation' },
        contactChanged(10, 12),
        { ...contactChanged(9001, 13), subscriptionType: 'deal.propertyChange' },
        { ...contactChanged(11, 14), subscriptionType: 'contact.deletion' },
      ];
      const first = await deliver(events);
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ events: 4, ignored: 1 });
      const after = await rowCounts(test.acme);
      const person = await test.acme.db
        .selectFrom('person_identities')
        .innerJoin('people', 'people.id', 'person_identities.person_id')
        .select(['people.email', 'people.stage'])
        .where('person_identities.source_id', '=', '10')
        .executeTakeFirstOrThrow();
      expect(person).toEqual({ email: 'person10@example-a.com', stage: 'mql' });
      // The deal's primary contact (1) was not known: it was fetched with the deal.
      expect(after.opportunities).toBe(1);
      const identities = await test.acme.db
        .selectFrom('person_identities')
        .select('source_id')
        .where('system', '=', 'hubspot')
        .orderBy('source_id')
        .execute();
      expect(identities.map((row) => row.source_id)).toEqual(['1', '10']);
      for (let i = 0; i < 2; i++) expect((await deliver(events)).status).toBe(200);
      expect(await rowCounts(test.acme)).toEqual(after);
    });
  });
}
