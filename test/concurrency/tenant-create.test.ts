/**
 * `tandem tenant create` run twice at once for the same id (two operators, a retried script), on
 * SQLite and PostgreSQL: one creates the tenant with one set of default definitions, the others
 * are told in words that it exists, never a database error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantSettingError } from '../../gateway/domain/tenant-settings.js';
import { createTenant } from '../../gateway/loop/tenant-settings.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`tenants created at once on ${dialect.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
    });
    afterAll(() => test?.drop());

    it('eight creates of one id: one tenant, one ladder, seven clear refusals', async () => {
      const settings = { id: 'fjord-co', name: 'Fjord Co', timeZone: 'Europe/Oslo', currency: 'NOK' };
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => createTenant(test.database, settings)),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(refusals).toHaveLength(7);
      for (const refusal of refusals) {
        expect(refusal).toBeInstanceOf(TenantSettingError);
        expect((refusal as TenantSettingError).code).toBe('TENANT_EXISTS');
      }
      const tenants = await test.database.db.selectFrom('tenants').select('id').execute();
      expect(tenants).toEqual([{ id: 'fjord-co' }]);
      const versions = await test.database.db
        .selectFrom('lifecycle_stages')
        .select('version')
        .distinct()
        .where('tenant_id', '=', 'fjord-co')
        .execute();
      expect(versions.map((v) => Number(v.version))).toEqual([1]);
      const policies = await test.database.db
        .selectFrom('sla_policies')
        .select('version')
        .where('tenant_id', '=', 'fjord-co')
        .execute();
      expect(policies).toHaveLength(1);
    });
  });
}
