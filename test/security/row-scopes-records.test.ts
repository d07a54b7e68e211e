/**
 * Row scopes and the locked record on customers and in the store, on both dialects over a seeded
 * demo: a team-scoped token finds its customers and no others (null, as for a missing id), a
 * record-locked token sees its customer and nothing else, and no table that hangs off a person
 * shows a row of someone out of scope. (Metrics under scopes: row-scopes.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenGrant } from '../../gateway/auth/claims.js';
import { seedDemo } from '../../gateway/cli/seed.js';
import type { RowScopes } from '../../gateway/store/row-scope.js';
import { customerOperation } from '../../widgets/customer-360/customer-360.query.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const metrics = {
  funnel: 'query ($filter: MetricsFilter) { funnel(filter: $filter) { stages { key reached } } }',
  leads: 'query ($filter: LeadFilter) { leads(filter: $filter, first: 200) { totalCount } }',
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`row scopes on customers and in the store on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      await seedDemo(gateway.database, {
        people: 300,
        touches: 3000,
        seed: 42,
        tenants: 2,
        years: 2,
        progress: false,
      });
    });
    afterAll(() => gateway?.drop());

    const as = async (grant: Omit<TokenGrant, 'tenant'>) => gateway.token({ tenant: 'acme', ...grant });
    const run = async <T = Record<string, unknown>>(
      query: string,
      variables: Record<string, unknown>,
      token: string,
    ) => {
      const result = await gateway.graphql<T>(query, variables, { token });
      expect(result.errors).toBeUndefined();
      return result.data!;
    };

    describe('a team-scoped token and customers', () => {
      it('finds an in-scope customer and answers null for an out-of-scope one, as for a missing id', async () => {
        const store = gateway.store('acme');
        const inScope = await store.db
          .selectFrom('people as p')
          .innerJoin('users as u', 'u.id', 'p.owner_id')
          .select(['p.id', 'p.email'])
          .where('u.team_id', '=', 'sales-enterprise')
          .orderBy('p.id')
          .executeTakeFirstOrThrow();
        const outOfScope = await store.db
          .selectFrom('people as p')
          .innerJoin('users as u', 'u.id', 'p.owner_id')
          .select(['p.id', 'p.email', 'p.account_id'])
          .where('u.team_id', '=', 'sales-mid-market')
          .orderBy('p.id')
          .executeTakeFirstOrThrow();
        const scoped = await as({ role: 'viewer', scopes: { team: 'sales-enterprise' } });
        const found = await run<{ customer: { focus: { id: string } } | null }>(
          customerOperation.query,
          { id: inScope.id },
          scoped,
        );
        expect(found.customer?.focus.id).toBe(inScope.id);
        for (const lookup of [
          { id: outOfScope.id },
          { email: outOfScope.email },
          { id: outOfScope.account_id },
          { id: 'per_does_not_exist' },
        ]) {
          expect(await run(customerOperation.query, lookup, scoped)).toEqual({ customer: null });
        }
      });

      it('refuses to move an out-of-scope lead as it refuses a missing one', async () => {
        const store = gateway.store('acme');
        const outOfScope = await store.db
          .selectFrom('people as p')
          .innerJoin('users as u', 'u.id', 'p.owner_id')
          .select('p.id')
          .where('u.team_id', '=', 'sales-mid-market')
          .orderBy('p.id')
          .executeTakeFirstOrThrow();
        const scoped = await as({ role: 'analyst', scopes: { team: 'sales-enterprise' } });
        const mutation = 'mutation ($id: ID!) { acceptLead(personId: $id) { id } }';
        const other = await gateway.graphql(mutation, { id: outOfScope.id }, { token: scoped });
        const missing = await gateway.graphql(mutation, { id: 'per_missing' }, { token: scoped });
        expect(other.errors?.[0]?.extensions?.code).toBe(missing.errors?.[0]?.extensions?.code);
        expect(other.errors?.[0]?.message.replace(outOfScope.id, 'ID')).toBe(
          missing.errors?.[0]?.message.replace('per_missing', 'ID'),
        );
      });
    });

    describe('a record-locked token', () => {
      let person: { id: string; account_id: string | null };
      let colleague: { id: string; email: string | null };
      beforeAll(async () => {
        const store = gateway.store('acme');
        const account = await store.db
          .selectFrom('people')
          .select((eb) => ['account_id', eb.fn.countAll().as('n')])
          .where('account_id', 'is not', null)
          .groupBy('account_id')
          .having((eb) => eb.fn.countAll(), '>', 1)
          .orderBy('account_id')
          .executeTakeFirstOrThrow();
        const people = await store.db
          .selectFrom('people')
          .select(['id', 'account_id', 'email'])
          .where('account_id', '=', account.account_id)
          .orderBy('id')
          .execute();
        [person, colleague] = [people[0], people[1]];
      });

      type Customer = {
        customer: { id: string; focus: { id: string } | null; people: { id: string }[] } | null;
      };

      it('returns its person, alone, and null for anyone else', async () => {
        const token = await as({ role: 'viewer', record: person.id, widgets: ['customer-360'] });
        const own = await run<Customer>(customerOperation.query, { id: person.id }, token);
        expect(own.customer?.focus?.id).toBe(person.id);
        expect(own.customer?.people.map((p) => p.id)).toEqual([person.id]);
        expect(await run(customerOperation.query, { id: colleague.id }, token)).toEqual({ customer: null });
        expect(await run(customerOperation.query, { email: colleague.email }, token)).toEqual({
          customer: null,
        });
        const viaAccount = await run<Customer>(customerOperation.query, { id: person.account_id }, token);
        expect(viaAccount.customer?.people.map((p) => p.id)).toEqual([person.id]);
      });

      it('locked to an account, returns the account with its people and nothing else', async () => {
        const token = await as({ role: 'viewer', record: person.account_id!, widgets: ['customer-360'] });
        const own = await run<Customer>(customerOperation.query, { id: person.account_id }, token);
        expect(own.customer?.people.map((p) => p.id)).toContain(colleague.id);
        const stranger = await gateway
          .store('acme')
          .db.selectFrom('people')
          .select('id')
          .where('account_id', '!=', person.account_id!)
          .orderBy('id')
          .executeTakeFirstOrThrow();
        expect(await run(customerOperation.query, { id: stranger.id }, token)).toEqual({ customer: null });
      });

      it('counts only its person in every metric', async () => {
        const token = await as({ role: 'analyst', record: person.id });
        const data = await run<{ funnel: { stages: { reached: number }[] } }>(
          metrics.funnel,
          { filter: {} },
          token,
        );
        expect(Math.max(...data.funnel.stages.map((s) => s.reached))).toBe(1);
        const leads = await run<{ leads: { totalCount: number } }>(metrics.leads, { filter: {} }, token);
        expect(leads.leads.totalCount).toBe(1);
      });
    });

    describe('in the store', () => {
      const personTables = [
        'touches',
        'activities',
        'stage_transitions',
        'handoffs',
        'score_events',
        'person_emails',
        'person_identities',
      ] as const;
      const scopes: RowScopes = { teamId: 'sales-enterprise' };

      it.each(personTables)('%s shows only rows of in-scope people', async (table) => {
        const inScope = new Set(
          (await gateway.store('acme', scopes).db.selectFrom('people').select('id').execute()).map(
            (p) => p.id,
          ),
        );
        expect(inScope.size).toBeGreaterThan(0);
        const rows = await gateway.store('acme', scopes).db.selectFrom(table).select('person_id').execute();
        const all = await gateway.store('acme').db.selectFrom(table).select('person_id').execute();
        expect(rows.every((r) => inScope.has(r.person_id))).toBe(true);
        expect(rows.length).toBe(all.filter((r) => inScope.has(r.person_id)).length);
      });

      it('narrows accounts, deals and deal stages to those of in-scope people', async () => {
        const scoped = gateway.store('acme', scopes).db;
        const people = await scoped.selectFrom('people').select(['id', 'account_id']).execute();
        const ids = new Set(people.map((p) => p.id));
        const accounts = new Set(people.map((p) => p.account_id));
        expect(
          (await scoped.selectFrom('accounts').select('id').execute()).every((a) => accounts.has(a.id)),
        ).toBe(true);
        expect(
          (await scoped.selectFrom('account_identities').select('account_id').execute()).every((a) =>
            accounts.has(a.account_id),
          ),
        ).toBe(true);
        const deals = await scoped.selectFrom('opportunities').select(['id', 'primary_person_id']).execute();
        expect(deals.every((d) => ids.has(d.primary_person_id!))).toBe(true);
        const dealIds = new Set(deals.map((d) => d.id));
        expect(
          (await scoped.selectFrom('opportunity_stages').select('opportunity_id').execute()).every((s) =>
            dealIds.has(s.opportunity_id),
          ),
        ).toBe(true);
      });

      it('narrows updates too: a scoped update cannot touch an out-of-scope person', async () => {
        const outsider = await gateway
          .store('acme')
          .db.selectFrom('people as p')
          .innerJoin('users as u', 'u.id', 'p.owner_id')
          .select(['p.id', 'p.title'])
          .where('u.team_id', '=', 'sales-mid-market')
          .orderBy('p.id')
          .executeTakeFirstOrThrow();
        const result = await gateway
          .store('acme', scopes)
          .db.updateTable('people')
          .set({ title: 'changed' })
          .where('id', '=', outsider.id)
          .executeTakeFirst();
        expect(Number(result.numUpdatedRows)).toBe(0);
        const after = await gateway
          .store('acme')
          .db.selectFrom('people')
          .select('title')
          .where('id', '=', outsider.id)
          .executeTakeFirstOrThrow();
        expect(after.title).toBe(outsider.title);
      });

      it('adds each condition once, however often a query passes through the plugins', () => {
        const { db } = gateway.store('acme', scopes);
        // The inner query is transformed when embedded, and again with the outer one.
        const { sql } = db
          .selectFrom('touches')
          .select('id')
          .where('person_id', 'in', db.selectFrom('people').select('id'))
          .compile();
        expect(sql.match(/tandem_row_scope/g)).toHaveLength(2); // touches and people, once each
        // touches, people, and in each scope subquery its people and the team's users.
        expect(sql.match(/"tenant_id" = (\?|\$\d+)/g)).toHaveLength(6);
      });

      it('keeps reference data and definitions tenant-wide', async () => {
        const scoped = gateway.store('acme', scopes).db;
        const all = gateway.store('acme').db;
        for (const table of [
          'teams',
          'users',
          'campaigns',
          'campaign_costs',
          'lifecycle_stages',
          'scoring_models',
          'sla_policies',
        ] as const) {
          const [a, b] = await Promise.all([
            scoped
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow(),
            all
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow(),
          ]);
          expect(Number(a.n)).toBe(Number(b.n));
        }
      });
    });
  });
}
