/**
 * The one statement shape every family shares: the family's facts (one row per thing counted,
 * with its person, its local day and its figures) are stacked twice, once split by the asked
 * dimensions and period and once whole for the totals, and aggregated together; percentiles (a
 * median), when asked, are ranked over the same groups (percentile.ts) and joined back.
 */
import { type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { percentileCont, percentileWindow } from '../percentile.js';
import type { Dimension } from './catalog.js';
import { dealOwnDimensions, keyColumn, personKeys } from './dimensions.js';
import { periodSql, type TimeGrain } from './periods.js';

/** Tables named at run time (common table expressions): the tenant scope still reaches every real table. */
export type Loose = Record<string, Record<string, unknown>>;

export interface Split {
  dimensions: Dimension[];
  grain: TimeGrain | null;
  /** The periods the range can hold (periods.ts periodStarts); [] without a grain. */
  starts: number[];
}

export interface StackedRow {
  /** Null on the totals row. */
  period: number | null;
  keys: string[];
  /** The family's aggregates by alias. */
  figures: Record<string, number | null>;
  isTotal: boolean;
}

export interface StackOptions {
  /**
   * One row per thing counted: `person_id` (null for a deal without a person), `day` (its local
   * day, or null when it has none), `d<i>` for each deal dimension asked, and the family's figures.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the facts' columns differ by family; only their names are read here.
  facts: SelectQueryBuilder<Database, any, any>;
  /** Aggregates over the stacked rows aliased `g`, by output alias. */
  aggregates: Record<string, RawBuilder<unknown>>;
  /**
   * Percentiles per group of column `value` over the rows (aliased `r`) where `where` holds:
   * `levels` maps each output alias to its level (0.5 for a median).
   */
  median?: { value: string; where: RawBuilder<unknown>; levels: Record<string, number> };
}

/** Runs the stacked statement: the split rows and the one totals row. */
export async function runStacked(
  store: TenantStore,
  split: Split,
  options: StackOptions,
): Promise<StackedRow[]> {
  const { dimensions, grain, starts } = split;
  const db = store.db as unknown as Kysely<Loose>;
  const personDims = dimensions.filter((d) => !dealOwnDimensions.includes(d));
  const keyRefs = dimensions.map((_, i) => sql.ref(`g.${keyColumn(i)}`));
  const groupRefs = [sql.ref('g.kind'), sql.ref('g.period'), ...keyRefs];

  // person_keys is not read when no person dimension is asked; neither engine runs an unread CTE.
  const withStack = db
    .with('facts', () => options.facts as unknown as SelectQueryBuilder<Loose, string, Loose>)
    .with(
      'person_keys',
      () => personKeys(store.db, dimensions) as unknown as SelectQueryBuilder<Loose, string, Loose>,
    )
    .with('g', (qc) => {
      const key = (dimension: Dimension, index: number): Expression<unknown> =>
        dealOwnDimensions.includes(dimension)
          ? sql`coalesce(cast(${sql.ref(`f.d${index}`)} as text), '')`
          : sql.ref(`pk.${keyColumn(index)}`);
      const period = grain ? periodSql(grain, sql.ref('f.day'), starts) : sql<number>`-1`;
      const split = qc
        .selectFrom('facts as f')
        .$if(personDims.length > 0, (q) =>
          q.leftJoin('person_keys as pk', (join) => join.onRef('pk.person_id', '=', 'f.person_id')),
        )
        .selectAll('f')
        .select([
          sql<string>`'row'`.as('kind'),
          period.as('period'),
          ...dimensions.map((dimension, index) => sql`${key(dimension, index)}`.as(keyColumn(index))),
        ]);
      const whole = qc
        .selectFrom('facts as f')
        .selectAll('f')
        .select([
          sql<string>`'total'`.as('kind'),
          sql<number>`-1`.as('period'),
          ...dimensions.map((_, index) => sql<string>`''`.as(keyColumn(index))),
        ]);
      return split.unionAll(whole);
    });

  const median = options.median;
  const withMedian = median
    ? withStack
        .with('ranked', (qc) => {
          const window = percentileWindow(
            ['r.kind', 'r.period', ...dimensions.map((_, i) => `r.${keyColumn(i)}`)],
            `r.${median.value}`,
          );
          return qc
            .selectFrom('g as r')
            .where(sql<boolean>`${median.where}`)
            .select([
              'r.kind',
              'r.period',
              ...dimensions.map((_, i) => `r.${keyColumn(i)}`),
              sql.ref(`r.${median.value}`).as('v'),
              window.rn.as('rn'),
              window.n.as('n'),
              window.nextV.as('next_v'),
            ]);
        })
        .with('medians', (qc) =>
          qc
            .selectFrom('ranked')
            .select([
              'ranked.kind',
              'ranked.period',
              ...dimensions.map((_, i) => `ranked.${keyColumn(i)}`),
              ...Object.entries(median.levels).map(([alias, p]) => percentileCont(p, 'ranked').as(alias)),
            ])
            .groupBy(['ranked.kind', 'ranked.period', ...dimensions.map((_, i) => `ranked.${keyColumn(i)}`)]),
        )
    : withStack;
  // Both shapes read as the stack: the medians are named through the loose tables.
  const statement = withMedian as typeof withStack;

  const rows = await statement
    .selectFrom('g')
    .$if(!!median, (q) =>
      q.leftJoin('medians as m', (join) =>
        dimensions.reduce(
          (on, _, i) => on.onRef(`m.${keyColumn(i)}`, '=', `g.${keyColumn(i)}`),
          join.onRef('m.kind', '=', 'g.kind').onRef('m.period', '=', 'g.period'),
        ),
      ),
    )
    .select([
      ...groupRefs.map((ref, i) => sql`${ref}`.as(i === 0 ? 'kind' : i === 1 ? 'period' : keyColumn(i - 2))),
      ...Object.entries(options.aggregates).map(([alias, aggregate]) => aggregate.as(alias)),
      ...Object.keys(median?.levels ?? {}).map((alias) => sql`max(${sql.ref(`m.${alias}`)})`.as(alias)),
    ])
    .groupBy(groupRefs)
    .execute();

  return rows.map((row) => {
    const figures: Record<string, number | null> = {};
    for (const alias of [...Object.keys(options.aggregates), ...Object.keys(median?.levels ?? {})]) {
      const value = row[alias];
      figures[alias] = value == null ? null : Number(value);
    }
    const isTotal = row.kind === 'total';
    return {
      isTotal,
      period: isTotal || !grain ? null : Number(row.period),
      keys: dimensions.map((_, i) => String(row[keyColumn(i)] ?? '')),
      figures,
    };
  });
}
