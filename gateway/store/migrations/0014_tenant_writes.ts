/**
 * How many writes each tenant has committed (store/write.ts counts one per write transaction, in
 * the transaction, under the tenant's write lock). A writer that finds the count where its own
 * last write left it knows nobody wrote the tenant in between: an import keeps the people it
 * loaded from one batch to the next instead of reading them again (ingest/carried.ts).
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('writes', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('writes').execute();
}
