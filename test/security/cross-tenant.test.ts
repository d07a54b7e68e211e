/**
 * Another tenant's ids, guessed in every argument that takes an id (customer lookups, filter ids,
 * cursors, the closed-loop mutations): each is answered exactly as an id that exists nowhere —
 * not found, never "forbidden", which would confirm the id exists — and nothing of the other
 * tenant is read or changed. On both dialects. Tenant acme holds the funnel fixture, globex the
 * customer fixture with source ids of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { customerRecords } from '../schema/customer-fixture.js';
import { fixtureRecords } from '../schema/funnel-fixture.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';

/** The records with every source id prefixed, so globex's ids collide with none of acme's. */
function prefixed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prefixed) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === 'sourceId' && typeof v === 'string' ? `GX-${v}` : prefixed(v),
      ]),
    ) as T;
  return value;
}

const filterQueries = {
  funnel: 'query ($f: MetricsFilter) { funnel(filter: $f) { stages { key reached recycledBack } } }',
  sla: 'query ($f: MetricsFilter) { sla(filter: $f) { sales { handoffs openBreaches } marketing { leads mqls } } }',
  leadScoreMatrix: 'query ($f: MetricsFilter) { leadScoreMatrix(filter: $f) { total cells { count } } }',
  campaignRoi:
    'query ($f: MetricsFilter) { campaignRoi(filter: $f) { unattributedRevenue campaigns { campaign { id } leads attributedRevenue } } }',
  revenueMetrics: 'query ($f: MetricsFilter) { revenueMetrics(filter: $f) { won lost pipeline revenue } }',
  leads: 'query ($f: LeadFilter) { leads(filter: $f) { totalCount edges { node { id } } } }',
};

const customerQuery =
  'query ($id: ID, $email: String, $sourceId: String) { customer(id: $id, email: $email, sourceId: $sourceId) { id people { id } } }';

const mutations = {
  qualifyLead:
    'mutation ($id: ID!) { qualifyLead(personId: $id, icpFit: true, hasBudget: true, hasTimeframe: true, willingToEngage: true) { id } }',
  handOffLead: 'mutation ($id: ID!) { handOffLead(personId: $id) { id } }',
  acceptLead: 'mutation ($id: ID!) { acceptLead(personId: $id) { id } }',
  sendBackLead: 'mutation ($id: ID!) { sendBackLead(personId: $id, reason: NO_BUDGET) { id } }',
  recordDealOutcome: 'mutation ($id: ID!) { recordDealOutcome(opportunityId: $id, won: true) { id } }',
};

/** A response with the guessed value replaced, to compare it with the answer for a missing one. */
const normalised = (response: GraphQLResponse, value: string) =>
  JSON.parse(
    JSON.stringify({
      status: response.status,
      data: response.data ?? null,
      errors: response.errors ?? null,
    }).replaceAll(value, '<id>'),
  );

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`another tenant's ids on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const globex: Record<string, string[]> = {};

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      await gateway.ingest('acme', fixtureRecords());
      await gateway.ingest('globex', prefixed(customerRecords()) as SourceRecordInput[]);
      const db = gateway.store('globex').db;
      const acme = gateway.store('acme').db;
      const absentInAcme = async (
        table: 'people' | 'accounts' | 'opportunities' | 'campaigns' | 'users' | 'teams',
        ids: string[],
      ) => {
        const there = new Set(
          (await acme.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id),
        );
        return ids.filter((id) => !there.has(id));
      };
      globex.person = await absentInAcme(
        'people',
        (await db.selectFrom('people').select('id').execute()).map((r) => r.id),
      );
      globex.account = await absentInAcme(
        'accounts',
        (await db.selectFrom('accounts').select('id').execute()).map((r) => r.id),
      );
      globex.opportunity = await absentInAcme(
        'opportunities',
        (await db.selectFrom('opportunities').select('id').execute()).map((r) => r.id),
      );
      globex.campaign = await absentInAcme(
        'campaigns',
        (await db.selectFrom('campaigns').select('id').execute()).map((r) => r.id),
      );
      globex.user = await absentInAcme(
        'users',
        (await db.selectFrom('users').select('id').execute()).map((r) => r.id),
      );
      globex.team = await absentInAcme(
        'teams',
        (await db.selectFrom('teams').select('id').execute()).map((r) => r.id),
      );
      globex.email = (await db.selectFrom('person_emails').select('email').execute()).map((r) => r.email);
      globex.sourceId = [
        ...(await db.selectFrom('person_identities').select('source_id').execute()).map((r) => r.source_id),
        ...(await db.selectFrom('account_identities').select('source_id').execute()).map((r) => r.source_id),
      ];
      for (const [kind, ids] of Object.entries(globex))
        expect(ids.length, `globex ${kind}s to guess`).toBeGreaterThan(0);
    });
    afterAll(() => gateway?.drop());

    it.each([
      ['a person id', 'id', 'person', 'per_salesforce:lead:missing'],
      ['an account id', 'id', 'account', 'acc_salesforce:missing'],
      ['an email', 'email', 'email', 'nobody@missing.example'],
      ['a source id', 'sourceId', 'sourceId', 'GX-missing'],
    ] as const)('customer(%s) answers null, as for a missing one', async (_case, argument, kind, missing) => {
      const expected = normalised(await gateway.graphql(customerQuery, { [argument]: missing }), missing);
      expect(expected.data).toEqual({ customer: null });
      for (const value of globex[kind]) {
        expect(normalised(await gateway.graphql(customerQuery, { [argument]: value }), value)).toEqual(
          expected,
        );
      }
    });

    it.each(
      Object.entries(filterQueries).flatMap(([name, query]) =>
        (
          [
            ['campaignId', 'campaign', 'cmp_marketo:missing'],
            ['ownerId', 'user', 'usr_missing@nowhere.example'],
            ['teamId', 'team', 'missing-team'],
          ] as const
        ).map(([field, kind, missing]) => [name, field, query, kind, missing] as const),
      ),
    )('%s(filter: { %s }) answers as for a missing id', async (_name, field, query, kind, missing) => {
      const expected = normalised(await gateway.graphql(query, { f: { [field]: missing } }), missing);
      expect(expected.errors).toBeNull();
      for (const value of globex[kind]) {
        expect(normalised(await gateway.graphql(query, { f: { [field]: value } }), value)).toEqual(expected);
      }
    });

    it.each(Object.entries(mutations))(
      '%s answers NOT_FOUND for a person or deal of another tenant, and changes nothing',
      async (name, mutation) => {
        const kind = name === 'recordDealOutcome' ? 'opportunity' : 'person';
        const missing = kind === 'person' ? 'per_salesforce:lead:missing' : 'opp_salesforce:missing';
        const before = await gateway
          .store('globex')
          .db.selectFrom('people')
          .select(['id', 'stage', 'icp_fit', 'updated_at'])
          .orderBy('id')
          .execute();
        const expected = normalised(await gateway.graphql(mutation, { id: missing }), missing);
        expect(expected.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        for (const value of globex[kind]) {
          expect(normalised(await gateway.graphql(mutation, { id: value }), value)).toEqual(expected);
        }
        const after = await gateway
          .store('globex')
          .db.selectFrom('people')
          .select(['id', 'stage', 'icp_fit', 'updated_at'])
          .orderBy('id')
          .execute();
        expect(after).toEqual(before);
      },
    );

    it('reads no row of another tenant through its cursors', async () => {
      const leadsQuery =
        'query ($after: String) { leads(first: 50, after: $after) { edges { cursor node { id } } } }';
      const theirs = await gateway.graphql<{ leads: { edges: { cursor: string; node: { id: string } }[] } }>(
        leadsQuery,
        {},
        { tenant: 'globex' },
      );
      const cursor = theirs.data!.leads.edges[0]!.cursor;
      const mine = await gateway.graphql<{ leads: { edges: { node: { id: string } }[] } }>(leadsQuery, {
        after: cursor,
      });
      const globexIds = new Set(globex.person);
      expect(mine.data!.leads.edges.some((e) => globexIds.has(e.node.id))).toBe(false);

      const timeline =
        'query ($id: ID, $after: String) { customer(id: $id) { timeline(first: 50, after: $after) { edges { cursor node { id personId } } } } }';
      const theirTimeline = await gateway.graphql<{
        customer: { timeline: { edges: { cursor: string }[] } };
      }>(timeline, { id: globex.account[0] }, { tenant: 'globex' });
      const theirCursor = theirTimeline.data!.customer.timeline.edges[0]!.cursor;
      const acmePerson = (
        await gateway
          .store('acme')
          .db.selectFrom('people')
          .select('id')
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
      const ours = await gateway.graphql<{
        customer: { timeline: { edges: { node: { personId: string | null } }[] } };
      }>(timeline, { id: acmePerson, after: theirCursor });
      expect(ours.errors).toBeUndefined();
      expect(ours.data!.customer.timeline.edges.every((e) => !globexIds.has(e.node.personId ?? ''))).toBe(
        true,
      );
    });
  });
}
