/**
 * HubSpot delivering the same signed webhook six times at once (it retries a slow answer), on
 * SQLite and PostgreSQL: each change is applied once (one person, one stage change, one handoff,
 * one deal) and every delivery is answered 200.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signV3 } from '../../gateway/sources/hubspot/signature.js';
import { fillPortal } from '../sources/fakes/hubspot-data.js';
import { FakeHubSpot } from '../sources/fakes/hubspot-server.js';
import { rowCounts } from '../sources/support.js';
import { dialects } from '../support/databases.js';
import { atOnce, countRows, type ServingGateway, startServingGateway } from './support.js';

const clientSecret = 'hubspot-app-secret-concurrency';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`concurrent webhook deliveries on ${dialect.name}`, () => {
    let gateway: ServingGateway;
    let hubspot: FakeHubSpot;

    beforeAll(async () => {
      hubspot = await new FakeHubSpot().start();
      fillPortal(hubspot, { contacts: 30 });
      Object.assign(process.env, {
        TANDEM_ACME_HUBSPOT_TOKEN: hubspot.token,
        TANDEM_ACME_HUBSPOT_BASE_URL: hubspot.url,
        TANDEM_ACME_HUBSPOT_CLIENT_SECRET: clientSecret,
      });
      gateway = await startServingGateway(dialect.name);
    });
    afterAll(async () => {
      await gateway?.close();
      await hubspot?.close();
    });

    const deliver = async (events: unknown[]) => {
      const body = JSON.stringify(events);
      const uri = `${gateway.base}/ingest/hubspot?tenant=acme`;
      const timestamp = String(Date.now());
      const response = await fetch(uri, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': signV3(clientSecret, 'POST', uri, body, timestamp),
          'x-hubspot-request-timestamp': timestamp,
        },
        body,
      });
      return { status: response.status, body: await response.json() };
    };
    const event = (objectId: number, eventId: number, subscriptionType: string) => ({
      eventId,
      subscriptionId: 1,
      portalId: 62515,
      occurredAt: Date.now(),
      subscriptionType,
      attemptNumber: 0,
      objectId,
      propertyName: 'lifecyclestage',
      propertyValue: 'marketingqualifiedlead',
    });

    it('six deliveries of one webhook at once apply it once', async () => {
      const events = [event(10, 12, 'contact.propertyChange'), event(9001, 13, 'deal.propertyChange')];
      const answers = await atOnce(6, () => deliver(events));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const person = await gateway.acme.db
        .selectFrom('person_identities')
        .select('person_id')
        .where('system', '=', 'hubspot')
        .where('source_id', '=', '10')
        .execute();
      expect(person).toHaveLength(1);
      const personId = person[0]!.person_id;
      expect(await countRows(gateway.acme, 'handoffs', personId)).toBe(1);
      const transitions = await gateway.acme.db
        .selectFrom('stage_transitions')
        .select('to_stage')
        .where('person_id', '=', personId)
        .orderBy('occurred_at')
        .execute();
      expect(transitions).toEqual([{ to_stage: 'lead' }, { to_stage: 'mql' }]);
      const after = await rowCounts(gateway.acme);
      expect(after.opportunities).toBe(1);
      // One more delivery, alone, changes no count.
      expect((await deliver(events)).status).toBe(200);
      expect(await rowCounts(gateway.acme)).toEqual(after);
    });
  });
}
