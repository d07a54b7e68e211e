/**
 * The slices family (issue 16, performance): the metrics query's people and deal measures kept
 * per local day and per person's slice (lead source, segment, region, fit grade), so that
 * "conversion by lead source by month" and "win rate by region by quarter" read a few thousand
 * rows instead of every person and deal. person_slices and deal_slices hold what each person and
 * deal adds, as last counted, so a write that moves a person to another slice recounts the days
 * they leave and the days they join (gateway/metrics/breakdown/slices-rollup.ts). The family has
 * no rows yet: its first reader builds it (metrics/refresh.ts).
 */
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, sql } from 'kysely';

type Db = Kysely<unknown>;
type Column = [name: string, type: 'text' | 'integer' | 'double precision', nullable?: 'null'];

/** The pre-aggregated dimensions, '' for none: every slice table's key columns. */
const slices: Column[] = [
  ['lead_source', 'text'],
  ['segment', 'text'],
  ['region', 'text'],
  ['fit_grade', 'text'],
];

/**
 * The rollup rows are kept by grouping: per dimension alone (the others '') and for all four
 * together ('*'), so a breakdown by one dimension reads its few rows, not every slice.
 */
const grouped: Column[] = [['grouping', 'text'], ...slices];

const daily: { table: string; keys: Column[]; measures: Column[] }[] = [
  {
    table: 'rollup_slice_people',
    keys: grouped,
    measures: [
      ['leads', 'integer'],
      ['mqls', 'integer'],
      ['sqls', 'integer'],
    ],
  },
  { table: 'rollup_slice_cohort', keys: [...grouped, ['top', 'integer']], measures: [['people', 'integer']] },
  {
    table: 'rollup_slice_deals',
    keys: grouped,
    measures: [
      ['won', 'integer'],
      ['lost', 'integer'],
      ['revenue', 'double precision'],
      ['cycle_days', 'integer'],
    ],
  },
];

function addColumns<T extends string>(create: CreateTableBuilder<T>, columns: Column[]) {
  let table = create;
  for (const [name, type, nullable] of columns) {
    table = table.addColumn(name, type, (c: ColumnDefinitionBuilder) => (nullable ? c : c.notNull()));
  }
  return table;
}

export async function up(db: Db): Promise<void> {
  await addColumns(db.schema.createTable('person_slices'), [
    ['tenant_id', 'text'],
    ['person_id', 'text'],
    ...slices,
    ['created_day', 'integer'],
    ['lead_day', 'integer', 'null'],
    ['mql_day', 'integer', 'null'],
    ['sql_day', 'integer', 'null'],
    ['top', 'integer', 'null'],
  ])
    .addPrimaryKeyConstraint('person_slices_pk', ['tenant_id', 'person_id'] as never[])
    .execute();
  await addColumns(db.schema.createTable('deal_slices'), [
    ['tenant_id', 'text'],
    ['deal_id', 'text'],
    ['person_id', 'text', 'null'],
    ['person_day', 'integer', 'null'],
    ...slices,
    ['day', 'integer'],
    ['won', 'integer'],
    ['lost', 'integer'],
    ['revenue', 'double precision'],
    ['cycle_days', 'integer'],
  ])
    .addPrimaryKeyConstraint('deal_slices_pk', ['tenant_id', 'deal_id'] as never[])
    .execute();
  // A refresh finds the snapshots of its days by these.
  await db.schema
    .createIndex('person_slices_created')
    .on('person_slices')
    .columns(['tenant_id', 'created_day'])
    .execute();
  await db.schema.createIndex('deal_slices_day').on('deal_slices').columns(['tenant_id', 'day']).execute();
  await db.schema
    .createIndex('deal_slices_person')
    .on('deal_slices')
    .columns(['tenant_id', 'person_day'])
    .execute();

  for (const { table, keys, measures } of daily) {
    for (const [name, period] of [
      [table, 'day'],
      [`${table}_month`, 'month'],
    ] as const) {
      await addColumns(db.schema.createTable(name), [
        ['tenant_id', 'text'],
        [period, 'integer'],
        ...keys,
        ...measures,
      ])
        // Grouping first: a reader seeks its grouping's months, not every slice of them.
        .addPrimaryKeyConstraint(`${name}_pk`, [
          'tenant_id',
          'grouping',
          period,
          ...keys.slice(1).map(([key]) => key),
        ] as never[])
        .execute();
      // A refresh deletes and re-sums a run of days (months) across groupings.
      await db.schema.createIndex(`${name}_${period}`).on(name).columns(['tenant_id', period]).execute();
    }
  }
  await sql`delete from rollup_state where family = 'slices'`.execute(db);
}

export async function down(db: Db): Promise<void> {
  for (const { table } of daily) {
    await db.schema.dropTable(`${table}_month`).execute();
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropTable('deal_slices').execute();
  await db.schema.dropTable('person_slices').execute();
  await sql`delete from rollup_state where family = 'slices'`.execute(db);
  await sql`delete from rollup_dirty where family = 'slices'`.execute(db);
}
