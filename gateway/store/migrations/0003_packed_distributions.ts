/**
 * Distributions' monthly twins become one row per month and key, the month's histogram packed in
 * a binary column (gateway/rollups/distribution.ts): the velocity twin held one row per distinct
 * number of days and the response twin a JSON array of hours, and reading a year of either cost
 * the dashboard more than everything else it reads. Their families are marked unbuilt, so the
 * next refresh rebuilds them in the new shape. Opportunities created in a range are read by
 * campaign ROI on every request: their index now covers the columns it sums.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

type Db = Kysely<unknown>;

const twins = [
  { table: 'rollup_velocity_month', key: ['position', 'integer'] },
  { table: 'rollup_response_month', key: ['owner_id', 'text'] },
] as const;

export async function up(db: Db): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  for (const { table, key } of twins) {
    await db.schema.dropTable(table).execute();
    await db.schema
      .createTable(table)
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn(key[0], key[1], (c) => c.notNull())
      .addColumn('bins', binary, (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['tenant_id', 'month', key[0]])
      .execute();
  }
  await markUnbuilt(db);
  await db.schema.dropIndex('opportunities_created').execute();
  await db.schema
    .createIndex('opportunities_created')
    .on('opportunities')
    .columns(['tenant_id', 'created_at', 'campaign_id', 'is_closed', 'amount'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('opportunities_created').execute();
  await db.schema
    .createIndex('opportunities_created')
    .on('opportunities')
    .columns(['tenant_id', 'created_at'])
    .execute();
  await db.schema.dropTable('rollup_velocity_month').execute();
  await db.schema
    .createTable('rollup_velocity_month')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_velocity_month_pk', ['tenant_id', 'month', 'position', 'days'])
    .execute();
  await db.schema.dropTable('rollup_response_month').execute();
  await db.schema
    .createTable('rollup_response_month')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_response_month_pk', ['tenant_id', 'month', 'owner_id'])
    .execute();
  await markUnbuilt(db);
}

/** Every tenant's cohort and handoff rollups are rebuilt by the next refresh (refresh.ts). */
async function markUnbuilt(db: Db): Promise<void> {
  await sql`delete from rollup_state where family in ('cohort', 'handoffs')`.execute(db);
}
