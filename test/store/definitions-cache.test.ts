/**
 * A gateway's definitions (gateway/store/definitions-cache.ts): loaded once per version, checked
 * for newer versions on every request, so a definition changed by another replica or by the CLI
 * is in force on the next request, and never mixed up between tenants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateScoringModel } from '../../gateway/loop/scoring-model.js';
import { loadDefinitions } from '../../gateway/store/definitions.js';
import { DefinitionsCache } from '../../gateway/store/definitions-cache.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { testTenants } from '../support/gateway.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`definitions cache on ${dialect.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      for (const tenant of testTenants) await ensureTenant(test.database, tenant, Date.parse('2025-01-01'));
    });
    afterAll(() => test?.drop());

    const counted = async <T>(work: () => Promise<T>) => {
      const before = test.database.stats.queries;
      const value = await work();
      return { value, statements: test.database.stats.queries - before };
    };

    it('loads a version once, then only asks which versions are current', async () => {
      const cache = new DefinitionsCache();
      const acme = new TenantStore(test.database, 'acme');
      const first = await counted(() => cache.load(acme));
      const second = await counted(() => cache.load(acme));
      expect(first.statements).toBe(4);
      expect(second.statements).toBe(1);
      expect(second.value).toEqual(await loadDefinitions(acme));
    });

    it('answers with a new version written elsewhere on the next load', async () => {
      const cache = new DefinitionsCache();
      const acme = new TenantStore(test.database, 'acme');
      const before = await cache.load(acme);
      // Another gateway, or the CLI, writes a new scoring model through its own store.
      await updateScoringModel(
        new TenantStore(test.database, 'acme'),
        { mqlMinGrade: 'A', mqlMaxBand: 1 },
        { actor: { name: 'an admin', team: 'marketing' }, now: Date.now() },
      );
      const after = await counted(() => cache.load(acme));
      expect(after.value.scoring.version).toBe(before.scoring.version + 1);
      expect(after.value.scoring.mqlThreshold).toEqual({ minGrade: 'A', maxBand: 1 });
      expect(after.statements).toBe(4);
    });

    it('keeps tenants apart', async () => {
      const cache = new DefinitionsCache();
      const acme = await cache.load(new TenantStore(test.database, 'acme'));
      const globex = await cache.load(new TenantStore(test.database, 'globex'));
      expect(globex).toEqual(await loadDefinitions(new TenantStore(test.database, 'globex')));
      expect(globex).not.toBe(acme);
    });
  });
}
