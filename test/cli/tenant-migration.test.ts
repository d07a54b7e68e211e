/**
 * Migration 0009 (tenants.fiscal_year_start) was committed after 0010–0012: a database migrated
 * in between has the later ones and not it. Starting on it runs 0009 late instead of refusing
 * to start ("corrupted migrations"), on SQLite and PostgreSQL.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrations } from '../../gateway/store/migrate.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`migration 0009 landing late on ${dialect.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(dialect.name, { migrate: false });
    });
    afterAll(() => test.drop());

    it('runs on a database that has every migration but it', async () => {
      const without = Object.fromEntries(
        Object.entries(migrations).filter(([name]) => name !== '0009_tenant_settings'),
      );
      const before = await new Migrator({
        db: test.database.db,
        provider: { getMigrations: async () => without },
      }).migrateToLatest();
      expect(before.error).toBeUndefined();
      await test.database.db
        .insertInto('tenants')
        .values({ id: 'acme', name: 'Acme', time_zone: 'UTC', currency: 'USD', created_at: 0 })
        .execute();

      const report = await migrateToLatest(test.database.db);
      expect(report.applied).toEqual(['0009_tenant_settings']);
      const tenant = await test.database.db.selectFrom('tenants').selectAll().executeTakeFirstOrThrow();
      expect(Number(tenant.fiscal_year_start)).toBe(1);
      expect((await migrateToLatest(test.database.db)).applied).toEqual([]);
    });
  });
}
