/**
 * Which tenants exist is nobody's business but the operator's: the `tenants` query shows a token
 * its own tenant only, and the ingest routes answer an unknown tenant exactly as they answer a
 * known one with a bad credential (401, same body). A HubSpot webhook's tenant is the one in the
 * URL HubSpot signed: an x-tandem-tenant header naming another is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/server/app.js';
import { signV3 } from '../../gateway/sources/hubspot/signature.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { type Listening, listen } from '../support/replicas.js';

const eventsKey = 'acme-events-key';
const clientSecret = 'acme-hubspot-secret';
Object.assign(process.env, {
  TANDEM_SYNC_INTERVAL_MINUTES: '0',
  TANDEM_ACME_EVENTS_KEY: eventsKey,
  TANDEM_ACME_HUBSPOT_CLIENT_SECRET: clientSecret,
});

const batch = {
  source: 'website',
  events: [
    {
      idempotencyKey: 'pv-1',
      kind: 'touch',
      type: 'pricing_page_view',
      email: 'ada@example.org',
      channel: 'organic_search',
      occurredAt: '2026-03-02T10:00:00Z',
    },
  ],
};
const delivery = JSON.stringify([{ eventId: 1, subscriptionType: 'contact.creation', objectId: 7 }]);

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`tenant enumeration on ${dialect.name}`, () => {
    // acme has an events key and a HubSpot secret, globex exists without them, initech does not exist.
    let gateway: TestGateway;
    let server: Listening;

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      server = await listen(
        createGateway({ database: gateway.database, cache: false, slaWatch: { intervalMs: 3_600_000 } })
          .server,
      );
    });
    afterAll(async () => {
      await server?.close();
      await gateway?.drop();
    });

    const answer = async (response: Response) => ({ status: response.status, body: await response.text() });

    const postEvents = (query: string, headers: Record<string, string>) =>
      fetch(`${server.url}/ingest/events${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(batch),
      });

    /** A delivery to `query`, signed with `secret` for exactly the URL it is sent to. */
    const deliver = (query: string, secret: string, headers: Record<string, string> = {}) => {
      const uri = `${server.url}/ingest/hubspot${query}`;
      const timestamp = String(Date.now());
      return fetch(uri, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': signV3(secret, 'POST', uri, delivery, timestamp),
          'x-hubspot-request-timestamp': timestamp,
          ...headers,
        },
        body: delivery,
      });
    };

    it('lists only the token’s own tenant in `tenants`, whatever its role', async () => {
      for (const [tenant, role] of [
        ['acme', 'analyst'],
        ['globex', 'admin'],
      ] as const) {
        const token = await gateway.token({ tenant, role });
        const result = await gateway.graphql('{ tenants { id } }', {}, { tenant, token });
        expect(result.data).toEqual({ tenants: [{ id: tenant }] });
      }
    });

    it('answers /ingest/events for an unknown tenant as for a known one with a bad key', async () => {
      const wrongKey = await answer(await postEvents('?tenant=acme', { authorization: 'Bearer nope' }));
      expect(wrongKey.status).toBe(401);
      for (const [query, headers] of [
        ['?tenant=acme', {}],
        ['?tenant=globex', { authorization: `Bearer ${eventsKey}` }],
        ['?tenant=initech', { authorization: `Bearer ${eventsKey}` }],
        ['?tenant=initech', {}],
        ['', { 'x-tandem-tenant': 'initech', authorization: 'Bearer nope' }],
      ] as const) {
        expect({ query, headers, ...(await answer(await postEvents(query, headers))) }).toEqual({
          query,
          headers,
          ...wrongKey,
        });
      }
    });

    it('answers /ingest/hubspot for an unknown tenant as for a known one with a bad signature', async () => {
      const wrongSecret = await answer(await deliver('?tenant=acme', 'not-the-secret'));
      expect(wrongSecret).toEqual({
        status: 401,
        body: JSON.stringify({ error: 'signature does not match' }),
      });
      for (const tenant of ['globex', 'initech']) {
        expect({ tenant, ...(await answer(await deliver(`?tenant=${tenant}`, 'any-secret'))) }).toEqual({
          tenant,
          ...wrongSecret,
        });
      }
    });

    it('takes a webhook’s tenant from the signed URL: a header naming another tenant is refused', async () => {
      const other = await answer(
        await deliver('?tenant=acme', clientSecret, { 'x-tandem-tenant': 'globex' }),
      );
      expect(other.status).toBe(400);
      expect(other.body).toContain("x-tandem-tenant 'globex'");
      expect(other.body).toContain('?tenant=acme');
      // Without ?tenant= the URL HubSpot signed names no tenant, so a header cannot pick one.
      const unsigned = await answer(await deliver('', clientSecret, { 'x-tandem-tenant': 'acme' }));
      expect(unsigned.status).toBe(400);
      expect(unsigned.body).toContain('?tenant=');
      // The events route, whose key is the tenant's own, refuses two names that disagree too.
      const events = await answer(
        await postEvents('?tenant=acme', {
          authorization: `Bearer ${eventsKey}`,
          'x-tandem-tenant': 'globex',
        }),
      );
      expect(events.status).toBe(400);
      expect(await gateway.store('globex').db.selectFrom('touches').select('id').execute()).toEqual([]);
      expect(await gateway.store('acme').db.selectFrom('touches').select('id').execute()).toEqual([]);
    });
  });
}
