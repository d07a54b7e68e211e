/**
 * Who may run what. Viewers: only the widgets' own documents (normalised text equal to one of them),
 * of the widgets their token names; no introspection, no other query, no mutation. Analysts: any
 * query, introspection, the lead and deal moves; not the shared definitions. Admins: everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetOperations } from '../../gateway/auth/widget-operations.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { expectAlive, expectRefused } from './support.js';

const operations = await widgetOperations();
const variablesOf: Record<string, Record<string, unknown>> = {
  TandemCampaignRoi: { filter: {}, model: 'W_SHAPED' },
  TandemCustomer: { email: 'nobody@example.com' },
  TandemLeads: { filter: {}, first: 5 },
  TandemTrend: {
    filter: {},
    measures: [{ measure: 'MQLS' }],
    dimensions: ['LEAD_SOURCE'],
    timeGrain: 'MONTH',
  },
};

describe('viewer tokens run only the widgets’ operations', () => {
  let gateway: TestGateway;
  let viewer: string;
  beforeAll(async () => {
    gateway = await createTestGateway();
    viewer = await gateway.token({ tenant: 'acme', role: 'viewer' });
  });
  afterAll(() => gateway.drop());

  it('knows every widget and its documents', () => {
    expect(operations.widgets).toEqual([
      'campaign-roi',
      'customer-360',
      'funnel',
      'lead-heatmap',
      'sla-gauge',
      'trend',
    ]);
    expect(operations.operations.map((o) => o.operationName).sort()).toEqual([
      'TandemCampaignRoi',
      'TandemCustomer',
      'TandemFunnel',
      'TandemLeadScoreMatrix',
      'TandemLeads',
      'TandemSla',
      'TandemTrend',
    ]);
  });

  it.each(operations.operations.map((o) => [o.operationName, o] as const))(
    'runs %s as the widget sends it',
    async (_name, operation) => {
      const result = await gateway.graphql(
        operation.query,
        variablesOf[operation.operationName] ?? { filter: {} },
        { token: viewer },
      );
      expect(result.errors).toBeUndefined();
      expect(result.status).toBe(200);
    },
  );

  it('accepts the same document with other whitespace, commas and comments', async () => {
    const funnel = operations.operations.find((o) => o.operationName === 'TandemFunnel')!;
    const reformatted = `# the funnel\n${funnel.query.replace(/\s+/g, '  ').replace(/ key /, ' key, ')}`;
    expect((await gateway.graphql(reformatted, { filter: {} }, { token: viewer })).errors).toBeUndefined();
  });

  it.each([
    ['another query', '{ tenant { id name } }'],
    ['the tenant list', '{ tenants { id name } }'],
    ['introspection', '{ __schema { types { name } } }'],
    [
      'a widget document with one field more',
      (q: string) => q.replace('recycledBack', 'recycledBack __typename'),
    ],
    [
      'a widget document with an alias bomb',
      (q: string) =>
        q.replace(
          'funnel(filter: $filter)',
          'a: funnel(filter: $filter) { from } b: funnel(filter: $filter)',
        ),
    ],
    ['a widget document plus a second operation', (q: string) => `${q}\nquery Other { tenants { id } }`],
    ['a mutation', 'mutation { acceptLead(personId: "per_x") { id } }'],
  ] as const)('refuses %s with 403', async (_case, document) => {
    const funnel = operations.operations.find((o) => o.operationName === 'TandemFunnel')!.query;
    const query = typeof document === 'function' ? document(funnel) : document;
    expectRefused(
      await gateway.graphql(query, { filter: {} }, { token: viewer }),
      403,
      'OPERATION_NOT_ALLOWED',
      /viewer token runs only/,
    );
    await expectAlive(gateway);
  });

  it('refuses a persisted-query hash without the text (there is no hash-only route)', async () => {
    const response = await gateway.yoga.fetch('http://tandem.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}` },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: operations.operations[0].hash } },
      }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { message: string }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].message).toBe('Must provide query string.');
    await expectAlive(gateway);
  });

  it('runs only the widgets the token names', async () => {
    const slaOnly = await gateway.token({ tenant: 'acme', role: 'viewer', widgets: ['sla-gauge'] });
    const sla = operations.operations.find((o) => o.operationName === 'TandemSla')!;
    const funnel = operations.operations.find((o) => o.operationName === 'TandemFunnel')!;
    expect((await gateway.graphql(sla.query, { filter: {} }, { token: slaOnly })).errors).toBeUndefined();
    expectRefused(
      await gateway.graphql(funnel.query, { filter: {} }, { token: slaOnly }),
      403,
      'OPERATION_NOT_ALLOWED',
      /\(sla-gauge\)/,
    );
  });
});

describe('roles', () => {
  let gateway: TestGateway;
  let analyst: string;
  let admin: string;
  beforeAll(async () => {
    gateway = await createTestGateway();
    analyst = await gateway.token({ tenant: 'acme', role: 'analyst', name: 'Ana' });
    admin = await gateway.token({ tenant: 'acme', role: 'admin', name: 'Ada' });
  });
  afterAll(() => gateway.drop());

  it('lets analysts send any query and introspect', async () => {
    const result = await gateway.graphql<{ __schema: { queryType: { name: string } } }>(
      '{ __schema { queryType { name } } }',
      {},
      { token: analyst },
    );
    expect(result.data?.__schema.queryType.name).toBe('Query');
  });

  it.each([
    ['updateScoringModel', 'mutation { updateScoringModel(input: { halfLifeDays: 30 }) }'],
    ['updateSlaPolicy', 'mutation { updateSlaPolicy(input: { targetHours: 8 }) }'],
    [
      'updateLifecycleStages',
      'mutation { updateLifecycleStages(stages: [{ key: "lead", label: "Lead", ownerTeam: MARKETING, entryCriteria: "x" }]) }',
    ],
  ])('refuses %s to an analyst with 403 FORBIDDEN, and lets an admin', async (field, mutation) => {
    expectRefused(
      await gateway.graphql(mutation, {}, { token: analyst }),
      403,
      'FORBIDDEN',
      /needs the role admin; Ana is analyst/,
    );
    const byAdmin = await gateway.graphql(mutation, {}, { token: admin });
    if (field !== 'updateLifecycleStages') expect(byAdmin.errors).toBeUndefined();
    else expect(byAdmin.errors?.[0]?.extensions?.code).not.toBe('FORBIDDEN'); // refused on its merits (the ladder), not the role
  });

  it('lets analysts move leads (the mutation reaches the closed loop)', async () => {
    const result = await gateway.graphql(
      'mutation { acceptLead(personId: "per_missing") { id } }',
      {},
      { token: analyst },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
