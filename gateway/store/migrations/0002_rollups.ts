/**
 * Pre-aggregated rollups (gateway/rollups/): the dashboard's metrics summed per local day of the
 * tenant's time zone, so a year of data is a few thousand small rows whatever the number of
 * touches. Writes mark days dirty in their own transaction; readers and the end of every ingest
 * recompute dirty days from the raw rows, so a rollup never answers differently from the raw
 * aggregate (test/rollups/equivalence.test.ts).
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  // Days (or people) whose rollups a committed write made stale, per family of rollups.
  await db.schema
    .createTable('rollup_dirty')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_dirty_pk', ['tenant_id', 'family', 'day'])
    .execute();
  await db.schema
    .createTable('rollup_dirty_people')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_dirty_people_pk', ['tenant_id', 'person_id'])
    .execute();

  // What each family was built with (ladder, scoring model, time zone, matrix instant): a change
  // of definitions rebuilds the family rather than mixing rows of two definitions.
  await db.schema
    .createTable('rollup_state')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('built_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_state_pk', ['tenant_id', 'family'])
    .execute();

  // Cohort family, by the local day people were created: the funnel and the scoring matrix.
  await db.schema
    .createTable('rollup_cohort')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('entered', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_cohort_pk', ['tenant_id', 'day'])
    .execute();
  await db.schema
    .createTable('rollup_funnel')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('reached', 'integer', (c) => c.notNull())
    .addColumn('recycled_back', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_funnel_pk', ['tenant_id', 'day', 'position'])
    .execute();
  // Days from first reaching a stage to first reaching the next, as a histogram of whole days.
  await db.schema
    .createTable('rollup_velocity')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_velocity_pk', ['tenant_id', 'day', 'position', 'days'])
    .execute();
  // The same histogram per local month (year × 12 + month − 1): a year is twelve months of it
  // rather than 365 days, and only a range's partial months read the daily rows.
  await db.schema
    .createTable('rollup_velocity_month')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_velocity_month_pk', ['tenant_id', 'month', 'position', 'days'])
    .execute();
  await db.schema
    .createTable('rollup_matrix')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('fit_grade', 'text', (c) => c.notNull())
    .addColumn('band', 'integer', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('reached_sql', 'integer', (c) => c.notNull())
    .addColumn('won', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_matrix_pk', ['tenant_id', 'day', 'fit_grade', 'band'])
    .execute();

  // Handoff family, by the local day of the handoff and its owner: the SLA, both sides.
  await db.schema
    .createTable('rollup_handoffs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('handoffs', 'integer', (c) => c.notNull())
    .addColumn('followed', 'integer', (c) => c.notNull())
    .addColumn('closed_breaches', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('sent_back', 'integer', (c) => c.notNull())
    .addColumn('outcome_known', 'integer', (c) => c.notNull())
    .addColumn('qualified', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_handoffs_pk', ['tenant_id', 'day', 'owner_id'])
    .execute();
  await db.schema
    .createTable('rollup_response')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('hours', 'double precision', (c) => c.notNull())
    .addColumn('handoffs', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_response_pk', ['tenant_id', 'day', 'owner_id', 'hours'])
    .execute();
  // The same response hours per local month and owner, as one sorted JSON array: a year of an
  // owner's responses is twelve rows, however many handoffs.
  await db.schema
    .createTable('rollup_response_month')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_response_month_pk', ['tenant_id', 'month', 'owner_id'])
    .execute();
  // Handoffs nobody has followed up yet: open breaches and pending ones depend on the clock.
  await db.schema
    .createIndex('handoffs_untouched')
    .on('handoffs')
    .columns(['tenant_id', 'first_touch_at', 'handed_off_at'])
    .execute();
  // The SLA watcher's question every few seconds: which untouched handoffs just passed their deadline.
  await db.schema
    .createIndex('handoffs_untouched_deadline')
    .on('handoffs')
    .columns(['tenant_id', 'first_touch_at', 'deadline_at'])
    .execute();

  // Milestone family: when each person became a lead and an MQL (marketing's and campaign ROI's
  // definitions), and the per-day counts by campaign.
  await db.schema
    .createTable('person_milestones')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('lead_at', 'bigint')
    .addColumn('mql_at', 'bigint')
    // Campaign ROI's definitions (metrics/campaigns/entries.ts): first move to lead or beyond, first
    // handoff, and the campaign of the touch that preceded each.
    .addColumn('campaign_lead_at', 'bigint')
    .addColumn('campaign_lead_id', 'text')
    .addColumn('campaign_mql_at', 'bigint')
    .addColumn('campaign_mql_id', 'text')
    .addPrimaryKeyConstraint('person_milestones_pk', ['tenant_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('person_milestones_lead')
    .on('person_milestones')
    .columns(['tenant_id', 'lead_at'])
    .execute();
  await db.schema
    .createTable('rollup_milestones')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('leads', 'integer', (c) => c.notNull())
    .addColumn('mqls', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_milestones_pk', ['tenant_id', 'day'])
    .execute();
  await db.schema
    .createTable('rollup_campaign_entries')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('leads', 'integer', (c) => c.notNull())
    .addColumn('mqls', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_campaign_entries_pk', ['tenant_id', 'day', 'campaign_id'])
    .execute();

  // Campaign family: touches per campaign by the touch's day, and won deals' attributed revenue
  // per attribution model and campaign by the deal's close day.
  await db.schema
    .createTable('rollup_campaign_touches')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('touches', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_campaign_touches_pk', ['tenant_id', 'day', 'campaign_id'])
    .execute();
  await db.schema
    .createTable('rollup_attribution')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('revenue', 'double precision', (c) => c.notNull())
    .addColumn('gross_profit', 'double precision', (c) => c.notNull())
    .addColumn('new_customers', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_attribution_pk', ['tenant_id', 'model', 'day', 'campaign_id'])
    .execute();
  await db.schema
    .createTable('rollup_won')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('won_revenue', 'double precision', (c) => c.notNull())
    .addColumn('unattributed_revenue', 'double precision', (c) => c.notNull())
    .addColumn('non_campaign_revenue', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_won_pk', ['tenant_id', 'model', 'day'])
    .execute();
  await createMonthlyTwins(db);
}

/**
 * Each daily rollup's monthly twin (gateway/rollups/months.ts): the same keys and measures per
 * local month (year × 12 + month − 1). Listed here rather than imported, so this migration stays
 * what it was when it ran.
 */
const monthlyTwins: {
  table: string;
  keys: [string, 'text' | 'integer'][];
  measures: [string, 'integer' | 'double precision'][];
}[] = [
  { table: 'rollup_cohort', keys: [], measures: [['entered', 'integer']] },
  {
    table: 'rollup_funnel',
    keys: [['position', 'integer']],
    measures: [
      ['reached', 'integer'],
      ['recycled_back', 'integer'],
    ],
  },
  {
    table: 'rollup_matrix',
    keys: [
      ['fit_grade', 'text'],
      ['band', 'integer'],
    ],
    measures: [
      ['people', 'integer'],
      ['reached_sql', 'integer'],
      ['won', 'integer'],
    ],
  },
  {
    table: 'rollup_handoffs',
    keys: [['owner_id', 'text']],
    measures: [
      'handoffs',
      'followed',
      'closed_breaches',
      'accepted',
      'sent_back',
      'outcome_known',
      'qualified',
    ].map((name) => [name, 'integer'] as [string, 'integer']),
  },
  {
    table: 'rollup_milestones',
    keys: [],
    measures: [
      ['leads', 'integer'],
      ['mqls', 'integer'],
    ],
  },
  {
    table: 'rollup_campaign_entries',
    keys: [['campaign_id', 'text']],
    measures: [
      ['leads', 'integer'],
      ['mqls', 'integer'],
    ],
  },
  { table: 'rollup_campaign_touches', keys: [['campaign_id', 'text']], measures: [['touches', 'integer']] },
  {
    table: 'rollup_attribution',
    keys: [
      ['model', 'text'],
      ['campaign_id', 'text'],
    ],
    measures: [
      ['revenue', 'double precision'],
      ['gross_profit', 'double precision'],
      ['new_customers', 'integer'],
    ],
  },
  {
    table: 'rollup_won',
    keys: [['model', 'text']],
    measures: [
      ['won_revenue', 'double precision'],
      ['unattributed_revenue', 'double precision'],
      ['non_campaign_revenue', 'double precision'],
    ],
  },
];

async function createMonthlyTwins(db: Db): Promise<void> {
  for (const { table, keys, measures } of monthlyTwins) {
    // Column names are data here, so the builder is typed loosely.
    let create = db.schema.createTable(`${table}_month`) as unknown as ReturnType<
      Db['schema']['createTable']
    >;
    for (const [name, type] of [['tenant_id', 'text'], ['month', 'integer'], ...keys, ...measures] as const) {
      create = create.addColumn(name, type, (c) => c.notNull()) as typeof create;
    }
    const primaryKey = ['tenant_id', 'month', ...keys.map(([name]) => name)] as never[];
    await create.addPrimaryKeyConstraint(`${table}_month_pk`, primaryKey).execute();
  }
}

export async function down(db: Db): Promise<void> {
  for (const { table } of monthlyTwins) await db.schema.dropTable(`${table}_month`).execute();
  for (const table of [
    'rollup_won',
    'rollup_attribution',
    'rollup_campaign_touches',
    'rollup_campaign_entries',
    'rollup_milestones',
    'person_milestones',
    'rollup_response_month',
    'rollup_response',
    'rollup_handoffs',
    'rollup_matrix',
    'rollup_velocity_month',
    'rollup_velocity',
    'rollup_funnel',
    'rollup_cohort',
    'rollup_state',
    'rollup_dirty_people',
    'rollup_dirty',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('handoffs_untouched').execute();
  await db.schema.dropIndex('handoffs_untouched_deadline').execute();
}
