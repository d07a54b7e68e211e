/**
 * The tenant plugin scopes only the tables it knows (gateway/store/tenant-scope.ts): a table a
 * migration creates but the list misses is read across tenants. The type check covers the
 * Database interface; this covers what the migrations really create, on both dialects: every
 * table of the migrated schema is classified, and every tenant table has a `tenant_id` column.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../gateway/store/tables.js';
import { tableScopes, tenantTables } from '../../gateway/store/tenant-scope.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

/** Tables of the schema with their columns, the migrator's own bookkeeping aside. */
async function liveTables(test: TestDatabase): Promise<Map<string, string[]>> {
  const db = test.database.db;
  const rows =
    test.database.dialect === 'sqlite'
      ? await sql<{ table: string; column: string }>`
          select m.name as "table", c.name as "column"
          from sqlite_master m, pragma_table_info(m.name) c
          where m.type = 'table' and m.name not like 'sqlite_%'`.execute(db)
      : await sql<{ table: string; column: string }>`
          select c.table_name as "table", c.column_name as "column"
          from information_schema.columns c
          join information_schema.tables t using (table_schema, table_name)
          where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'`.execute(db);
  const tables = new Map<string, string[]>();
  for (const { table, column } of rows.rows) {
    if (table.startsWith('kysely_migration')) continue;
    tables.set(table, [...(tables.get(table) ?? []), column]);
  }
  return tables;
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(
    `every table of the migrated schema is tenant-scoped, on ${dialect.name}`,
    () => {
      let test: TestDatabase;
      let tables: Map<string, string[]>;

      beforeAll(async () => {
        test = await createTestDatabase(dialect.name);
        tables = await liveTables(test);
      });
      afterAll(() => test?.drop());

      it('classifies every table the migrations create', () => {
        const unclassified = [...tables.keys()].filter((table) => !Object.hasOwn(tableScopes, table));
        expect(unclassified).toEqual([]);
        expect(tables.size).toBeGreaterThan(40);
      });

      it('gives every tenant table a tenant_id column', () => {
        const without = [...tables].filter(
          ([table, columns]) => tenantTables.has(table) && !columns.includes('tenant_id'),
        );
        expect(without.map(([table]) => table)).toEqual([]);
      });

      it('leaves only the tenants themselves unscoped', () => {
        const unscoped = [...tables.keys()].filter((table) => !tenantTables.has(table));
        expect(unscoped).toEqual(['tenants']);
      });

      it("reads every table of the schema through a tenant's store with that tenant's filter", () => {
        const store = new TenantStore(test.database, 'acme');
        const unfiltered = [...tables.keys()]
          .filter((table) => table !== 'tenants')
          .filter((table) => {
            const query = store.db
              .selectFrom(table as keyof Database)
              .selectAll()
              .compile();
            return !(/"tenant_id" = /.test(query.sql) && query.parameters.includes('acme'));
          });
        expect(unfiltered).toEqual([]);
      });

      it('lists no table the schema lacks', () => {
        expect(Object.keys(tableScopes).filter((table) => !tables.has(table))).toEqual([]);
      });
    },
  );
}
