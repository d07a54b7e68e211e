/**
 * insertRows (gateway/store/insert-rows.ts) runs the statement Kysely built for a call's first
 * full chunk again for its next full chunks: the rows written must be exactly the rows given,
 * upserts must update, and a row of another tenant must still be refused, on both dialects.
 * person_emails has three columns, so a chunk is 10,000 rows: 25,000 rows are two full chunks
 * (the second reusing the first's statement) and a last, shorter one built afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../gateway/store/insert-rows.js';
import type { PersonEmailTable } from '../../gateway/store/tables.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

const rows = (tenant: string, from: number, count: number, person: string): PersonEmailTable[] =>
  Array.from({ length: count }, (_, i) => ({
    tenant_id: tenant,
    email: `p${from + i}@example.com`,
    person_id: `${person}${from + i}`,
  }));

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`insertRows over several chunks, on ${dialect.name}`, () => {
    let test: TestDatabase;
    let acme: TenantStore;
    const stored = async () =>
      await acme.db.selectFrom('person_emails').select(['email', 'person_id']).orderBy('email').execute();

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      acme = new TenantStore(test.database, 'acme');
    });
    afterAll(() => test?.drop());

    it('writes every row of every chunk with its own values', async () => {
      const given = rows('acme', 0, 25_000, 'per_');
      await insertRows(acme.db, 'person_emails', given, 'fail');
      const expected = given.map(({ email, person_id }) => ({ email, person_id }));
      expected.sort((a, b) => (a.email < b.email ? -1 : 1));
      expect(await stored()).toEqual(expected);
    });

    it('upserts: rows already there are updated, new ones added, in every chunk', async () => {
      // Keys in another order in the middle chunk: Kysely's own path, same result.
      const given = rows('acme', 5_000, 25_000, 'new_').map((row, i) =>
        i >= 10_000 && i < 20_000
          ? { person_id: row.person_id, email: row.email, tenant_id: row.tenant_id }
          : row,
      );
      await insertRows(acme.db, 'person_emails', given, {
        columns: ['tenant_id', 'email'],
        update: ['person_id'],
      });
      const all = await stored();
      expect(all).toHaveLength(30_000);
      const byEmail = new Map(all.map((row) => [row.email, row.person_id]));
      expect(byEmail.get('p0@example.com')).toBe('per_0');
      expect(byEmail.get('p4999@example.com')).toBe('per_4999');
      for (const i of [5_000, 14_999, 15_000, 24_999, 25_000, 29_999])
        expect(byEmail.get(`p${i}@example.com`)).toBe(`new_${i}`);
    });

    it('refuses a row of another tenant in a reused chunk, and writes none of that chunk', async () => {
      const given = rows('acme', 100_000, 25_000, 'per_');
      given[15_000] = { ...given[15_000]!, tenant_id: 'globex' };
      await expect(insertRows(acme.db, 'person_emails', given, 'ignore')).rejects.toThrow(/another tenant/);
      const written = await acme.db
        .selectFrom('person_emails')
        .select(['email'])
        .where('email', 'like', 'p1_____@example.com')
        .execute();
      // The first chunk went in before the refusal (callers run inside a transaction), the second did not.
      expect(written).toHaveLength(10_000);
      const globex = await new TenantStore(test.database, 'globex').db
        .selectFrom('person_emails')
        .select('email')
        .execute();
      expect(globex).toEqual([]);
    });
  });
}
