/**
 * Upgrading to 0010_crm_exports on SQLite and PostgreSQL with deals stored: every deal and its
 * history survive (SQLite copies both tables to drop their NOT NULL amounts), amounts may then be
 * unknown, users gain role, region and manager, and products, stage maps and CRM settings exist.
 */
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrations } from '../../gateway/store/migrate.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

const at = Date.parse('2026-02-03T15:00:00Z');

const deal = (id: string, amount: number) => ({
  tenant_id: 'acme',
  id,
  account_id: null,
  primary_person_id: null,
  campaign_id: null,
  owner_id: 'usr_ana@acme.example',
  name: `Deal ${id}`,
  amount,
  gross_profit: null,
  stage: 'Closed Won',
  probability: 1,
  created_at: at,
  closed_at: at + 86_400_000,
  is_closed: 1,
  is_won: 1,
  loss_reason: null,
  source_system: 'crm',
  source_id: id,
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`upgrading to CRM exports, on ${dialect.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(dialect.name, { migrate: false });
      const migrator = new Migrator({
        db: test.database.db,
        provider: { getMigrations: async () => migrations },
      });
      expect((await migrator.migrateTo('0009_tenant_settings')).error).toBeUndefined();
      const db = test.database.db as never as Kysely<Record<string, Record<string, unknown>>>;
      await db
        .insertInto('tenants')
        .values({ id: 'acme', name: 'Acme', time_zone: 'UTC', currency: 'USD', created_at: at })
        .execute();
      await db
        .insertInto('users')
        .values({
          tenant_id: 'acme',
          id: 'usr_ana@acme.example',
          team_id: null,
          name: 'Ana',
          email: 'ana@acme.example',
        })
        .execute();
      await db
        .insertInto('opportunities')
        .values([deal('opp_1', 1000), deal('opp_2', 2500.5)])
        .execute();
      await db
        .insertInto('opportunity_stages')
        .values({
          tenant_id: 'acme',
          opportunity_id: 'opp_1',
          stage: 'Closed Won',
          amount: 1000,
          occurred_at: at,
        })
        .execute();
      await migrateToLatest(test.database.db);
    });
    afterAll(() => test?.drop());

    it('keeps every deal and its history, and lets amounts be unknown from now on', async () => {
      const store = new TenantStore(test.database, 'acme');
      const deals = await store.db
        .selectFrom('opportunities')
        .select(['id', 'amount', 'owner_id', 'product_id', 'expected_close_at', 'closed_at'])
        .orderBy('id')
        .execute();
      expect(deals.map((row) => ({ ...row, closed_at: Number(row.closed_at) }))).toEqual([
        {
          id: 'opp_1',
          amount: 1000,
          owner_id: 'usr_ana@acme.example',
          product_id: null,
          expected_close_at: null,
          closed_at: at + 86_400_000,
        },
        {
          id: 'opp_2',
          amount: 2500.5,
          owner_id: 'usr_ana@acme.example',
          product_id: null,
          expected_close_at: null,
          closed_at: at + 86_400_000,
        },
      ]);
      const history = await store.db
        .selectFrom('opportunity_stages')
        .select(['opportunity_id', 'amount'])
        .execute();
      expect(history).toEqual([{ opportunity_id: 'opp_1', amount: 1000 }]);
      await store.db
        .insertInto('opportunities')
        .values({ ...deal('opp_3', 0), amount: null, is_closed: 0, is_won: 0 })
        .execute();
      await store.db
        .insertInto('opportunity_stages')
        .values({
          tenant_id: 'acme',
          opportunity_id: 'opp_3',
          stage: 'Prospecting',
          amount: null,
          occurred_at: at,
        })
        .execute();
      const unknown = await store.db
        .selectFrom('opportunities')
        .select('amount')
        .where('id', '=', 'opp_3')
        .executeTakeFirstOrThrow();
      expect(unknown.amount).toBeNull();
      // The primary key still holds: the same deal twice is refused.
      await expect(store.db.insertInto('opportunities').values(deal('opp_1', 5)).execute()).rejects.toThrow();
    });

    it('gives users their role, region and manager, and adds products and the CRM settings', async () => {
      const store = new TenantStore(test.database, 'acme');
      const user = await store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(user).toMatchObject({ role: null, region: null, manager_id: null });
      await store.db
        .insertInto('products')
        .values({
          tenant_id: 'acme',
          id: 'prd_crm:NP',
          name: 'Nova Pro',
          family: null,
          list_price: 10,
          source_system: 'crm',
          source_id: 'NP',
        })
        .execute();
      await store.db
        .insertInto('crm_stages')
        .values({
          tenant_id: 'acme',
          stage_key: 'verbalcommit',
          name: 'Verbal Commit',
          status: 'open',
          probability: 0.9,
        })
        .execute();
      await store.db
        .insertInto('crm_settings')
        .values({ tenant_id: 'acme', lost_deal_moves_to: 'stay', updated_at: at })
        .execute();
      expect(await store.db.selectFrom('products').select('name').execute()).toEqual([{ name: 'Nova Pro' }]);
    });
  });
}
