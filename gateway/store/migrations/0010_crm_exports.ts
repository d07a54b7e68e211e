/**
 * The exports a company has (issue 15): users with their role, region and manager; products;
 * deals as CRMs export them; and how a tenant reads its CRM's stage names.
 *
 * - `users` gain `role` (the job, e.g. "SDR"), `region` (region or office) and `manager_id`.
 * - `products` (name, family, list price, with the source's ids) and `opportunities.product_id`.
 * - `opportunities.amount` (and `opportunity_stages.amount`) become nullable: an open deal
 *   without an amount has an unknown amount, not 0 (sums skip it, averages leave it out). `expected_close_at` is the close an
 *   open deal is forecast to have; `stage` stays the CRM's stage name as it was written.
 * - `crm_stages`: the tenant's own stage map (a CRM stage name → open, won or lost, and a
 *   probability), read before the built-in names (gateway/domain/crm-stages.ts).
 * - `crm_settings`: where a lost deal leaves its primary person (`nurture`, the default, or `stay`).
 *
 * SQLite cannot drop a NOT NULL, so there both tables are copied into tables of the new shape.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  for (const column of ['role', 'region', 'manager_id']) {
    await db.schema.alterTable('users').addColumn(column, 'text').execute();
  }

  await db.schema
    .createTable('products')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('family', 'text')
    .addColumn('list_price', 'double precision')
    .addColumn('source_system', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('products_pk', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('crm_stages')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('stage_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('probability', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_stages_pk', ['tenant_id', 'stage_key'])
    .execute();

  await db.schema
    .createTable('crm_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('lost_deal_moves_to', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table opportunities alter column amount drop not null`.execute(db);
    await sql`alter table opportunity_stages alter column amount drop not null`.execute(db);
    await db.schema.alterTable('opportunities').addColumn('product_id', 'text').execute();
    await db.schema.alterTable('opportunities').addColumn('expected_close_at', 'bigint').execute();
  } else {
    await rebuildOpportunitiesOnSqlite(db);
    await rebuildStagesOnSqlite(db);
  }
  await db.schema
    .createIndex('opportunities_product')
    .on('opportunities')
    .columns(['tenant_id', 'product_id'])
    .execute();
}

async function rebuildOpportunitiesOnSqlite(db: Db): Promise<void> {
  await db.schema
    .createTable('opportunities_0010')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('primary_person_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('amount', 'double precision')
    .addColumn('gross_profit', 'double precision')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('probability', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('is_closed', 'integer', (c) => c.notNull())
    .addColumn('is_won', 'integer', (c) => c.notNull())
    .addColumn('loss_reason', 'text')
    .addColumn('source_system', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text')
    .addColumn('expected_close_at', 'bigint')
    .addPrimaryKeyConstraint('opportunities_0010_pk', ['tenant_id', 'id'])
    .execute();
  await sql`
    insert into opportunities_0010 (tenant_id, id, account_id, primary_person_id, campaign_id, owner_id,
      name, amount, gross_profit, stage, probability, created_at, closed_at, is_closed, is_won,
      loss_reason, source_system, source_id)
    select tenant_id, id, account_id, primary_person_id, campaign_id, owner_id, name, amount,
      gross_profit, stage, probability, created_at, closed_at, is_closed, is_won, loss_reason,
      source_system, source_id
    from opportunities`.execute(db);
  await db.schema.dropTable('opportunities').execute();
  await sql`alter table opportunities_0010 rename to opportunities`.execute(db);
  await indexOpportunities(db);
}

async function rebuildStagesOnSqlite(db: Db): Promise<void> {
  await db.schema
    .createTable('opportunity_stages_0010')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('opportunity_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('amount', 'double precision')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('opportunity_stages_0010_pk', [
      'tenant_id',
      'opportunity_id',
      'occurred_at',
      'stage',
    ])
    .execute();
  await sql`
    insert into opportunity_stages_0010 (tenant_id, opportunity_id, stage, amount, occurred_at)
    select tenant_id, opportunity_id, stage, amount, occurred_at from opportunity_stages`.execute(db);
  await db.schema.dropTable('opportunity_stages').execute();
  await sql`alter table opportunity_stages_0010 rename to opportunity_stages`.execute(db);
}

/** The indexes migrations 0001 and 0003 gave the deals. */
async function indexOpportunities(db: Db): Promise<void> {
  await db.schema
    .createIndex('opportunities_account')
    .on('opportunities')
    .columns(['tenant_id', 'account_id'])
    .execute();
  await db.schema
    .createIndex('opportunities_person')
    .on('opportunities')
    .columns(['tenant_id', 'primary_person_id'])
    .execute();
  await db.schema
    .createIndex('opportunities_created')
    .on('opportunities')
    .columns(['tenant_id', 'created_at', 'campaign_id', 'is_closed', 'amount'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('opportunities_product').execute();
  await sql`update opportunities set amount = 0 where amount is null`.execute(db);
  await sql`update opportunity_stages set amount = 0 where amount is null`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table opportunities alter column amount set not null`.execute(db);
    await sql`alter table opportunity_stages alter column amount set not null`.execute(db);
  }
  // SQLite keeps the nullable column: a NOT NULL would need the copy again, and every row has an amount now.
  await db.schema.alterTable('opportunities').dropColumn('expected_close_at').execute();
  await db.schema.alterTable('opportunities').dropColumn('product_id').execute();
  await db.schema.dropTable('crm_settings').execute();
  await db.schema.dropTable('crm_stages').execute();
  await db.schema.dropTable('products').execute();
  for (const column of ['manager_id', 'region', 'role']) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}
