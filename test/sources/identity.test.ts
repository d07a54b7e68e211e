/**
 * One human across every source: Jane is a Salesforce lead converted to a contact (with another
 * address), a HubSpot contact (her address cased differently) and a Marketo lead; her colleague
 * John shares her company's domain. Synced in either order, on SQLite and PostgreSQL, Jane is one
 * person with all four source ids and everything both teams did with her, John another person,
 * and both belong to the one account their company is in all three systems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotConnector } from '../../gateway/sources/hubspot/connector.js';
import { MarketoConnector } from '../../gateway/sources/marketo/connector.js';
import { SalesforceConnector } from '../../gateway/sources/salesforce/connector.js';
import { Secret } from '../../gateway/sources/secret.js';
import type { Connector } from '../../gateway/sources/source.js';
import { runSync } from '../../gateway/sources/sync.js';
import type { TenantStore } from '../../gateway/store/tenant-store.js';
import { dialects } from '../support/databases.js';
import { FakeHubSpot } from './fakes/hubspot-server.js';
import { FakeMarketo } from './fakes/marketo-server.js';
import { sfId, sfStamp } from './fakes/salesforce-data.js';
import { FakeSalesforce } from './fakes/salesforce-server.js';
import { quickRetries, sourceTestDatabase } from './support.js';

const day = 86_400_000;
const start = Date.now() - 20 * day;
const iso = (ms: number) => new Date(ms).toISOString();

async function fakes() {
  const hubspot = await new FakeHubSpot().start();
  hubspot.put('companies', {
    id: '1',
    properties: { name: 'ACME Robotics Inc.', domain: 'acme-robotics.com', hs_lastmodifieddate: iso(start) },
  });
  for (const [id, email, first] of [
    ['101', 'Jane.Doe@ACME-Robotics.com', 'Jane'],
    ['102', 'john.roe@acme-robotics.com', 'John'],
  ] as const) {
    hubspot.put('contacts', {
      id,
      properties: {
        email,
        firstname: first,
        associatedcompanyid: '1',
        createdate: iso(start),
        lastmodifieddate: iso(start + day),
        hs_v2_date_entered_lead: iso(start),
      },
    });
  }
  hubspot.put('calls', {
    id: '7',
    properties: {
      hs_timestamp: iso(start + 2 * day),
      hs_call_title: 'Discovery',
      hs_lastmodifieddate: iso(start + 2 * day),
    },
  });
  hubspot.associate('calls', '7', 'contacts', ['101']);
  hubspot.emailEvents = [
    { id: 'open-1', created: start + 3 * day, recipient: 'JANE.DOE@acme-robotics.com', type: 'OPEN' },
  ];

  const salesforce = await new FakeSalesforce().start();
  salesforce.put('Account', {
    Id: sfId('001', 1),
    Name: 'Acme Robotics',
    Website: 'https://www.acme-robotics.com/',
    SystemModstamp: sfStamp(start),
  });
  salesforce.put('Lead', {
    Id: sfId('00Q', 1),
    Email: 'jane.doe@acme-robotics.com',
    LastName: 'Doe',
    IsConverted: true,
    ConvertedContactId: sfId('003', 1),
    ConvertedDate: iso(start + 4 * day).slice(0, 10),
    CreatedDate: sfStamp(start),
    SystemModstamp: sfStamp(start + 4 * day),
  });
  salesforce.put('Contact', {
    Id: sfId('003', 1),
    Email: 'jane@acme-robotics.com',
    LastName: 'Doe',
    Title: 'VP Marketing',
    AccountId: sfId('001', 1),
    CreatedDate: sfStamp(start + 4 * day),
    SystemModstamp: sfStamp(start + 4 * day + 1000),
  });
  salesforce.put('Task', {
    Id: sfId('00T', 1),
    WhoId: sfId('00Q', 1),
    Subject: 'Call back',
    TaskSubtype: 'Call',
    CompletedDateTime: sfStamp(start + 3 * day),
    SystemModstamp: sfStamp(start + 3 * day),
  });
  salesforce.put('Event', {
    Id: sfId('00U', 1),
    WhoId: sfId('003', 1),
    Subject: 'Demo',
    StartDateTime: sfStamp(start + 5 * day),
    SystemModstamp: sfStamp(start + 5 * day),
  });

  const marketo = await new FakeMarketo().start();
  for (const [id, email] of [
    [1, 'jane.doe@acme-robotics.com'],
    [2, 'John.Roe@acme-robotics.com'],
  ] as const) {
    marketo.leads.set(id, { id, email, createdAt: iso(start), updatedAt: iso(start) });
  }
  const activity = (id: number, leadId: number, activityTypeId: number, at: number, url?: string) => ({
    id,
    marketoGUID: `guid-${id}`,
    leadId,
    activityDate: iso(at).replace(/\.\d{3}Z$/, 'Z'),
    activityTypeId,
    attributes: url ? [{ name: 'Webpage URL', value: url }] : [],
  });
  marketo.activities = [
    activity(1, 1, 12, start),
    activity(2, 2, 12, start),
    activity(3, 1, 1, start + day, 'https://acme.example/pricing'),
    activity(4, 1, 2, start + day + 60_000),
    activity(5, 2, 1, start + day, 'https://acme.example/blog'),
  ];
  return { hubspot, salesforce, marketo };
}

type Fakes = Awaited<ReturnType<typeof fakes>>;

function connectors(f: Fakes): Record<string, Connector> {
  return {
    hubspot: new HubSpotConnector({
      baseUrl: f.hubspot.url,
      token: new Secret(f.hubspot.token),
      retry: quickRetries,
      searchLagMs: 0,
      historyDays: 60,
      tenSecondlyWaitMs: 10,
    }),
    salesforce: new SalesforceConnector({
      loginUrl: f.salesforce.url,
      apiVersion: 'v60.0',
      clientId: f.salesforce.clientId,
      clientSecret: new Secret(f.salesforce.clientSecret),
      refreshToken: new Secret(f.salesforce.refreshToken),
      retry: quickRetries,
      slowDownAt: 0.8,
      stopAt: 0.95,
      slowDownMs: 10,
    }),
    marketo: new MarketoConnector({
      baseUrl: f.marketo.url,
      clientId: f.marketo.clientId,
      clientSecret: new Secret(f.marketo.clientSecret),
      retry: quickRetries,
      historyDays: 60,
    }),
  };
}

async function everyone(store: TenantStore) {
  const people = await store.db
    .selectFrom('people')
    .select(['id', 'email', 'account_id', 'title'])
    .orderBy('email')
    .execute();
  const identities = await store.db
    .selectFrom('person_identities')
    .select(['person_id', 'system', 'object_type'])
    .execute();
  const touches = await store.db
    .selectFrom('touches')
    .select(['person_id', 'source_system', 'account_id'])
    .execute();
  const activities = await store.db.selectFrom('activities').select(['person_id', 'source_system']).execute();
  const accounts = await store.db.selectFrom('accounts').select(['id', 'domain']).execute();
  return people
    .map((person) => ({
      email: person.email,
      title: person.title,
      sameAccount: person.account_id === accounts[0]?.id,
      identities: identities
        .filter((i) => i.person_id === person.id)
        .map((i) => `${i.system} ${i.object_type}`)
        .sort(),
      touches: touches
        .filter((t) => t.person_id === person.id)
        .map((t) => t.source_system)
        .sort(),
      activities: activities
        .filter((a) => a.person_id === person.id)
        .map((a) => a.source_system)
        .sort(),
    }))
    .concat([{ accounts: accounts.map((a) => a.domain) } as never]);
}

const expected = [
  {
    email: 'jane@acme-robotics.com',
    title: 'VP Marketing',
    sameAccount: true,
    identities: ['hubspot contact', 'marketo ma_lead', 'salesforce contact', 'salesforce lead'],
    touches: ['hubspot', 'marketo', 'marketo'],
    activities: ['hubspot', 'salesforce', 'salesforce'],
  },
  {
    email: 'john.roe@acme-robotics.com',
    title: null,
    sameAccount: true,
    identities: ['hubspot contact', 'marketo ma_lead'],
    touches: ['marketo'],
    activities: [],
  },
  { accounts: ['acme-robotics.com'] },
];

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`one person across sources on ${dialect.name}`, () => {
    let f: Fakes;
    beforeAll(async () => {
      f = await fakes();
    });
    afterAll(async () => {
      await Promise.all([f.hubspot.close(), f.salesforce.close(), f.marketo.close()]);
    });

    for (const order of [
      ['marketo', 'hubspot', 'salesforce'],
      ['salesforce', 'hubspot', 'marketo'],
    ]) {
      it(`merges Jane and keeps John apart, syncing ${order.join(' → ')}`, async () => {
        const test = await sourceTestDatabase(dialect.name);
        try {
          const all = connectors(f);
          for (const source of order) await runSync(test.acme, all[source]!);
          expect(await everyone(test.acme)).toEqual(expected);
          // Running everything again changes nothing.
          const again = connectors(f);
          for (const source of order) await runSync(test.acme, again[source]!, { full: true });
          expect(await everyone(test.acme)).toEqual(expected);
        } finally {
          await test.drop();
        }
      });
    }
  });
}
