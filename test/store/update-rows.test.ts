/**
 * updateRows (gateway/store/insert-rows.ts) sets the given columns of stored rows, found by tenant
 * and id, over several chunks (15,000 people at two columns is two chunks, the second shorter):
 * every row gets its own values, the other columns and the same ids of another tenant are left
 * alone, and a row of another tenant in the write is refused, on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows, updateRows } from '../../gateway/store/insert-rows.js';
import type { PersonTable } from '../../gateway/store/tables.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

const count = 15_000;

function people(tenant: string): PersonTable[] {
  return Array.from({ length: count }, (_, i) => ({
    tenant_id: tenant,
    id: `per_${i}`,
    account_id: null,
    email: `p${i}@${tenant}.example`,
    first_name: `First ${i}`,
    last_name: null,
    title: null,
    department: null,
    region: null,
    lead_source: null,
    owner_id: null,
    stage: 'subscriber',
    stage_entered_at: 0,
    engagement_score: 0,
    scored_at: 0,
    fit_grade: 'D',
    icp_fit: 0,
    has_budget: 0,
    has_timeframe: 0,
    willing_to_engage: 0,
    created_at: 0,
    updated_at: 0,
    provenance: '{}',
  }));
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`updateRows on ${dialect.name}`, () => {
    let test: TestDatabase;
    let acme: TenantStore;
    let globex: TenantStore;

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      acme = new TenantStore(test.database, 'acme');
      globex = new TenantStore(test.database, 'globex');
      await insertRows(acme.db, 'people', people('acme'));
      await insertRows(globex.db, 'people', people('globex'));
    });
    afterAll(() => test?.drop());

    it('sets each row its own values, only the columns named, only in its tenant', async () => {
      const changed = people('acme').map((person, i) => ({
        ...person,
        engagement_score: i + 0.5,
        scored_at: 1_000 + i,
        first_name: 'not written',
      }));
      await updateRows(acme.db, test.database.dialect, 'acme', 'people', changed, [
        'engagement_score',
        'scored_at',
      ]);
      const read = async (store: TenantStore) =>
        await store.db
          .selectFrom('people')
          .select(['id', 'engagement_score', 'scored_at', 'first_name'])
          .execute();
      const byId = new Map((await read(acme)).map((row) => [row.id, row]));
      for (const i of [0, 1, 9_999, 10_000, 14_999]) {
        expect(byId.get(`per_${i}`)).toEqual({
          id: `per_${i}`,
          engagement_score: i + 0.5,
          scored_at: 1_000 + i,
          first_name: `First ${i}`,
        });
      }
      const others = await read(globex);
      expect(others.every((row) => Number(row.engagement_score) === 0 && Number(row.scored_at) === 0)).toBe(
        true,
      );
    });

    it('refuses a row of another tenant in the write', async () => {
      const row = { ...people('globex')[0]!, engagement_score: 99 };
      await expect(
        updateRows(acme.db, test.database.dialect, 'acme', 'people', [row], ['engagement_score']),
      ).rejects.toThrow();
    });
  });
}
