/**
 * The benchmarks' naive baseline (`createTandemYoga(database, { naive: true })`): the same schema
 * answering the same customer query with the same data, but with loaders that neither batch nor
 * cache, so its SQL statements grow with the account's people where the gateway's stay constant.
 * If naive stopped being naive, the benchmark's "naive ÷ Tandem" ratios would silently read 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway, testKeys, testToken } from '../support/gateway.js';
import { accountRecords, customerRecords } from './customer-fixture.js';

const customerQuery = `query ($id: ID) { customer(id: $id) {
  account { name owner { name } }
  people { name stage { key label } sla { status deadlineAt } identities { system sourceId } owner { name } account { name } }
  opportunities { name campaign { name } owner { name } account { name } }
  timeline(first: 50) { edges { node { title campaign { name } } } }
} }`;

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`naive loaders on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let naive: TandemYoga;

    /** The customer of the account with `domain`, through `yoga`, and the SQL statements it ran. */
    const customerOf = async (yoga: TandemYoga, domain: string) => {
      const { id } = await gateway
        .store('acme')
        .db.selectFrom('accounts')
        .select('id')
        .where('domain', '=', domain)
        .executeTakeFirstOrThrow();
      const token = await testToken({ tenant: 'acme', role: 'analyst', name: 'analyst' });
      const before = gateway.database.stats.queries;
      const response = await yoga.fetch('http://tandem.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: customerQuery, variables: { id } }),
      });
      const body = (await response.json()) as {
        data?: { customer: { people: unknown[] } };
        errors?: unknown;
      };
      expect(body.errors).toBeUndefined();
      return { customer: body.data!.customer, statements: gateway.database.stats.queries - before };
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      naive = createTandemYoga(gateway.database, { keys: testKeys, security: gateway.security, naive: true });
      for (const records of [
        customerRecords(),
        accountRecords('big.example', 20, 10),
        accountRecords('small.example', 3, 10),
      ]) {
        const report = await gateway.ingest('acme', records);
        expect(report.rejected).toEqual([]);
      }
      // Each yoga reads its tenant list on its first request: not a statement of the customer query.
      await customerOf(gateway.yoga, 'acme.com');
      await customerOf(naive, 'acme.com');
    });
    afterAll(() => gateway?.drop());

    it('answers the customer query with the same data as the batching gateway', async () => {
      for (const domain of ['acme.com', 'big.example', 'small.example']) {
        const batched = await customerOf(gateway.yoga, domain);
        const unbatched = await customerOf(naive, domain);
        expect(unbatched.customer).toEqual(batched.customer);
        expect(batched.customer.people.length).toBeGreaterThan(0);
      }
    });

    it('runs more SQL statements, growing with the account’s people where the gateway’s stay constant', async () => {
      const big = {
        batched: await customerOf(gateway.yoga, 'big.example'),
        naive: await customerOf(naive, 'big.example'),
      };
      const small = {
        batched: await customerOf(gateway.yoga, 'small.example'),
        naive: await customerOf(naive, 'small.example'),
      };
      expect(big.batched.customer.people).toHaveLength(20);
      expect(small.batched.customer.people).toHaveLength(3);
      expect(big.batched.statements).toBe(small.batched.statements);
      expect(small.naive.statements).toBeGreaterThan(small.batched.statements);
      // Per person at least its owner, its latest handoff and its identities, each on its own.
      expect(big.naive.statements - small.naive.statements).toBeGreaterThanOrEqual(3 * (20 - 3));
    });
  });
}
