/**
 * No account is derived from a free-mail or disposable domain, on SQLite and PostgreSQL:
 * alice@gmail.com and bob@gmail.com are not colleagues, and Alice's customer view does not list
 * Bob; two CRM accounts on gmail.com stay two; colleagues on a company domain still share one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const at = '2026-03-02T10:00:00Z';
const person = (sourceId: string, email: string, firstName: string): SourceRecordInput => ({
  kind: 'person',
  system: 'crm',
  objectType: 'lead',
  sourceId,
  email,
  firstName,
  lastName: 'Test',
  createdAt: at,
  updatedAt: at,
});
const account = (sourceId: string, name: string, domain: string): SourceRecordInput => ({
  kind: 'account',
  system: 'crm',
  sourceId,
  name,
  domain,
  updatedAt: at,
});

const customerQuery = `query ($email: String) { customer(email: $email) {
  account { name } people { email }
} }`;
type Customer = { account: { name: string } | null; people: { email: string }[] };

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`accounts from email domains on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const report = await gateway.ingest('acme', [
        account('A-1', 'Sole trader one', 'gmail.com'),
        account('A-2', 'Sole trader two', 'https://www.gmail.com/'),
        person('L-1', 'alice@gmail.com', 'Alice'),
        person('L-2', 'Bob@GMail.com', 'Bob'),
        person('L-3', 'zed@mailinator.com', 'Zed'),
        person('L-4', 'carol@globex-industries.com', 'Carol'),
        person('L-5', 'dave@globex-industries.com', 'Dave'),
      ]);
      expect(report.rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    const accountOf = async (email: string) =>
      (
        await gateway
          .store('acme')
          .db.selectFrom('people')
          .select('account_id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).account_id;
    const customer = async (email: string) => {
      const result = await gateway.graphql<{ customer: Customer }>(customerQuery, { email });
      expect(result.errors).toBeUndefined();
      return result.data!.customer;
    };

    it('leaves people on free-mail and disposable domains without a shared account', async () => {
      expect(await accountOf('alice@gmail.com')).toBeNull();
      expect(await accountOf('bob@gmail.com')).toBeNull();
      expect(await accountOf('zed@mailinator.com')).toBeNull();
      const accounts = await gateway
        .store('acme')
        .db.selectFrom('accounts')
        .select(['name', 'domain'])
        .execute();
      // The two sole traders' accounts stay two, and no "gmail.com" account is made up.
      expect(accounts.map((a) => a.name).sort()).toEqual([
        'Sole trader one',
        'Sole trader two',
        'globex-industries.com',
      ]);
    });

    it("lists only Alice in Alice's customer view", async () => {
      expect(await customer('alice@gmail.com')).toEqual({
        account: null,
        people: [{ email: 'alice@gmail.com' }],
      });
    });

    it('still groups colleagues on a company domain', async () => {
      const carol = await accountOf('carol@globex-industries.com');
      expect(carol).not.toBeNull();
      expect(await accountOf('dave@globex-industries.com')).toBe(carol);
      const view = await customer('carol@globex-industries.com');
      expect(view.people.map((p) => p.email).sort()).toEqual([
        'carol@globex-industries.com',
        'dave@globex-industries.com',
      ]);
    });
  });
}
