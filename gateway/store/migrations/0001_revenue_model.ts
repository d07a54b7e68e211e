/**
 * The unified revenue model (see tables.ts for what each column means).
 * Column types are the common ground of SQLite and PostgreSQL: text, integer, bigint (epoch ms)
 * and double precision; every index leads with tenant_id because every query filters on it.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('function', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('teams_pk', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('users_email_uq', ['tenant_id', 'email'])
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('industry', 'text')
    .addColumn('employees', 'integer')
    .addColumn('region', 'text')
    .addColumn('segment', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('accounts_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('accounts_domain').on('accounts').columns(['tenant_id', 'domain']).execute();

  await db.schema
    .createTable('account_identities')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_identities_pk', ['tenant_id', 'system', 'source_id'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('email', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('title', 'text')
    .addColumn('department', 'text')
    .addColumn('region', 'text')
    .addColumn('lead_source', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_entered_at', 'bigint', (c) => c.notNull())
    .addColumn('fit_grade', 'text', (c) => c.notNull())
    .addColumn('engagement_score', 'double precision', (c) => c.notNull())
    .addColumn('scored_at', 'bigint', (c) => c.notNull())
    .addColumn('icp_fit', 'integer', (c) => c.notNull())
    .addColumn('has_budget', 'integer', (c) => c.notNull())
    .addColumn('has_timeframe', 'integer', (c) => c.notNull())
    .addColumn('willing_to_engage', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('people_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('people_account').on('people').columns(['tenant_id', 'account_id']).execute();
  await db.schema.createIndex('people_created').on('people').columns(['tenant_id', 'created_at']).execute();

  await db.schema
    .createTable('person_identities')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_identities_pk', ['tenant_id', 'system', 'object_type', 'source_id'])
    .execute();
  await db.schema
    .createIndex('person_identities_person')
    .on('person_identities')
    .columns(['tenant_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('person_emails')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_emails_pk', ['tenant_id', 'email'])
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('source_system', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaigns_pk', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('campaign_costs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_costs_pk', ['tenant_id', 'campaign_id', 'period'])
    .execute();

  await db.schema
    .createTable('touches')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('source_system', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('touches_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('touches_person_time')
    .on('touches')
    .columns(['tenant_id', 'person_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('source_system', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activities_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('activities_person_time')
    .on('activities')
    .columns(['tenant_id', 'person_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('stage_transitions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('by_team', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_recycle', 'integer', (c) => c.notNull())
    .addColumn('source_system', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('stage_transitions_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('stage_transitions_person_time')
    .on('stage_transitions')
    .columns(['tenant_id', 'person_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('handoffs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('handed_off_at', 'bigint', (c) => c.notNull())
    .addColumn('deadline_at', 'bigint', (c) => c.notNull())
    .addColumn('first_touch_at', 'bigint')
    .addColumn('response_hours', 'double precision')
    .addColumn('accepted_at', 'bigint')
    .addColumn('sent_back_at', 'bigint')
    .addColumn('sent_back_reason', 'text')
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('handoffs_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('handoffs_time')
    .on('handoffs')
    .columns(['tenant_id', 'handed_off_at'])
    .execute();
  await db.schema
    .createIndex('handoffs_person')
    .on('handoffs')
    .columns(['tenant_id', 'person_id', 'handed_off_at'])
    .execute();

  await db.schema
    .createTable('opportunities')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('primary_person_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
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
    .addPrimaryKeyConstraint('opportunities_pk', ['tenant_id', 'id'])
    .execute();
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
    .columns(['tenant_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('opportunity_stages')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('opportunity_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('opportunity_stages_pk', ['tenant_id', 'opportunity_id', 'occurred_at', 'stage'])
    .execute();

  await db.schema
    .createTable('lifecycle_stages')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('owner_team', 'text', (c) => c.notNull())
    .addColumn('entry_criteria', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('lifecycle_stages_pk', ['tenant_id', 'version', 'key'])
    .execute();

  await db.schema
    .createTable('scoring_models')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('fit_criteria', 'text', (c) => c.notNull())
    .addColumn('band_thresholds', 'text', (c) => c.notNull())
    .addColumn('mql_min_grade', 'text', (c) => c.notNull())
    .addColumn('mql_max_band', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('scoring_models_pk', ['tenant_id', 'version'])
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('target_hours', 'double precision', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('business_days', 'text', (c) => c.notNull())
    .addColumn('start_hour', 'integer', (c) => c.notNull())
    .addColumn('end_hour', 'integer', (c) => c.notNull())
    .addColumn('holidays', 'text', (c) => c.notNull())
    .addColumn('monthly_lead_goal', 'integer', (c) => c.notNull())
    .addColumn('monthly_mql_goal', 'integer', (c) => c.notNull())
    .addColumn('red_below', 'double precision', (c) => c.notNull())
    .addColumn('amber_below', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('sla_policies_pk', ['tenant_id', 'version'])
    .execute();

  await db.schema
    .createTable('score_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('delta', 'double precision', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('score_events_person')
    .on('score_events')
    .columns(['tenant_id', 'person_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('sync_cursors')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_cursors_pk', ['tenant_id', 'source', 'stream'])
    .execute();

  // No (account_id, occurred_at) indexes on touches and activities: an account's timeline goes
  // through its people (person_id indexes), and each index costs every imported touch.
  // No unique index on (system, source_id): ids are derived from the source identity
  // (gateway/ingest/ids.ts), so the primary key already makes every write idempotent, and one
  // index fewer on the largest tables is a quarter less work per touch at import.
}

export async function down(db: Db): Promise<void> {
  const tables = [
    'sync_cursors',
    'score_events',
    'sla_policies',
    'scoring_models',
    'lifecycle_stages',
    'opportunity_stages',
    'opportunities',
    'handoffs',
    'stage_transitions',
    'activities',
    'touches',
    'campaign_costs',
    'campaigns',
    'person_emails',
    'person_identities',
    'people',
    'account_identities',
    'accounts',
    'users',
    'teams',
    'tenants',
  ];
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
