/**
 * Shared definitions with a visible history and a two-team sign-off (issue 14):
 *
 * - `definition_settings`: per tenant, whether a change to the stage ladder, scoring model or SLA
 *   policy needs the other team's approval (`needs_approval`, 0 or 1; no row = off).
 * - `definition_changes`: one row per change of a definition: applied at once (`applied`), or
 *   proposed (`pending`) and then `approved`, `rejected` or `superseded`. It holds the whole
 *   proposed definition (JSON), the version it was based on and the version it became, who
 *   proposed it with their team function, and who decided, when and why.
 *
 * Versions written before this migration have no row: their author's name stays on the version,
 * their team function is unknown.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('definition_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('needs_approval', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('definition_changes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('based_on_version', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('proposed_function', 'text')
    .addColumn('proposed_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_function', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('definition_changes_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('definition_changes_kind')
    .on('definition_changes')
    .columns(['tenant_id', 'kind', 'status'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('definition_changes').execute();
  await db.schema.dropTable('definition_settings').execute();
}
