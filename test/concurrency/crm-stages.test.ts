/**
 * The tenant's CRM stage map saved by several admins at once (`tandem crm-stages --file`), on
 * SQLite and PostgreSQL: every save succeeds, and the map left is one of them whole, never a
 * mix of two and never a duplicate-key error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCrmSettings, saveCrmSettings } from '../../gateway/store/crm-stages.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`CRM stage maps saved at once on ${dialect.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      await ensureTenant(test.database, { id: 'acme', name: 'Acme', timeZone: 'UTC', currency: 'USD' });
    });
    afterAll(() => test?.drop());

    it('six saves of different maps: all succeed, one map stands whole', async () => {
      const store = new TenantStore(test.database, 'acme');
      const mapOf = (i: number) => [
        { name: 'Closed Won', status: 'won' as const, probability: 1 },
        { name: 'Closed Lost', status: 'lost' as const, probability: 0 },
        { name: `Stage ${i}`, status: 'open' as const, probability: i / 10 },
      ];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          saveCrmSettings(store, { stages: mapOf(i), lostDealMovesTo: i % 2 ? 'stay' : 'nurture' }, i),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('fulfilled'));
      const saved = await loadCrmSettings(store);
      const names = saved.stages.map((s) => s.name).sort();
      expect(names).toHaveLength(3);
      const own = names.find((n) => n.startsWith('Stage '))!;
      const i = Number(own.slice('Stage '.length));
      expect(names).toEqual(
        mapOf(i)
          .map((s) => s.name)
          .sort(),
      );
    });
  });
}
