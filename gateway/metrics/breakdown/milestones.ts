/**
 * LEADS, MQLS, SQLS, CONVERSION and REACHED split by dimensions and period, in one statement. A person's
 * first entries come from the funnel's and the SLA's own building blocks (funnel/entries.ts
 * stageEntries, sla/marketing.ts firstAt and milestonePositions), so the counts are
 * sla.marketing's for the same slice, and a conversion is the funnel's reached(to) ÷ reached(from)
 * for the cohort created in the period.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { StageDefinition } from '../../domain/stages.js';
import type { Database } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { MetricsFilter, Range } from '../filter.js';
import { localDaySql } from '../funnel/days.js';
import { type EntryScope, stageEntries } from '../funnel/entries.js';
import { firstAt, milestonePositions, qualifiedStage } from '../sla/marketing.js';
import type { Measure } from './catalog.js';
import { type Loose, runStacked, type Split, type StackedRow } from './stack.js';

export interface MilestoneAsk {
  /** Output alias of the measure (its index in the request). */
  alias: string;
  measure: Extract<Measure, 'LEADS' | 'MQLS' | 'SQLS' | 'CONVERSION' | 'REACHED'>;
  /** CONVERSION's stages; REACHED's `to`. */
  from?: StageDefinition;
  to?: StageDefinition;
}

export async function milestoneBreakdown(
  store: TenantStore,
  asks: MilestoneAsk[],
  query: { filter: MetricsFilter; range: Range; stages: StageDefinition[]; timeZone: string },
  split: Split,
): Promise<StackedRow[]> {
  const { filter, range, stages, timeZone } = query;
  const milestoneAt = { LEADS: 'lead_at', MQLS: 'mql_at', SQLS: 'sql_at' } as const;
  const inRange = (column: string) =>
    sql<boolean>`${sql.ref(column)} >= ${range.fromMs} and ${sql.ref(column)} < ${range.toMs}`;
  const reached = (position: number | undefined) =>
    sql<number>`case when ${sql.ref('fp.top')} >= ${sql.lit(position ?? Number.MAX_SAFE_INTEGER)} then 1 else 0 end`;

  // One branch per asked measure: (measure alias, person, instant, a, b); a counts, b ÷ a converts.
  const branch = (ask: MilestoneAsk) => {
    const base = (store.db as unknown as Kysely<Loose>).selectFrom('firsts as fp');
    const cohort = cohortStages(ask);
    if (cohort) {
      return base
        .where(inRange('fp.created_at'))
        .select([
          sql<string>`${sql.lit(ask.alias)}`.as('m'),
          'fp.person_id',
          'fp.created_at as at',
          reached(cohort.a?.position).as('a'),
          reached(cohort.b?.position).as('b'),
        ]);
    }
    const column = `fp.${milestoneAt[ask.measure as keyof typeof milestoneAt]}`;
    return base
      .where(inRange(column))
      .select([
        sql<string>`${sql.lit(ask.alias)}`.as('m'),
        'fp.person_id',
        sql<number>`${sql.ref(column)}`.as('at'),
        sql<number>`1`.as('a'),
        sql<number>`0`.as('b'),
      ]);
  };

  const branches = asks.map(branch);
  const stacked = branches.slice(1).reduce((all, next) => all.unionAll(next), branches[0]!);
  const facts = store.db
    .with('firsts', () => personFirsts(store.db, { filter, stages }))
    .with('milestones', () => stacked as never)
    .selectFrom('milestones' as never)
    .select([
      sql.ref('m').as('m'),
      sql.ref('person_id').as('person_id'),
      localDaySql(sql.ref('at'), timeZone).as('day'),
      sql.ref('a').as('a'),
      sql.ref('b').as('b'),
    ]);

  const aggregates: Record<string, RawBuilder<unknown>> = {};
  for (const ask of asks) {
    const of = (column: 'a' | 'b') =>
      sql`sum(case when ${sql.ref('g.m')} = ${sql.lit(ask.alias)} then ${sql.ref(`g.${column}`)} else 0 end)`;
    aggregates[`${ask.alias}_a`] = of('a');
    if (ask.measure === 'CONVERSION') aggregates[`${ask.alias}_b`] = of('b');
  }
  return runStacked(store, split, { facts: facts as never, aggregates });
}

/**
 * The stages a cohort measure counts (the people created in the range): `a` those who reached
 * stage a, `b` those who reached b; null for a measure counted by milestone day. REACHED counts
 * the cohort as CONVERSION's `from` does: reached(to) is CONVERSION's a for from = to.
 */
export function cohortStages(ask: MilestoneAsk): { a?: StageDefinition; b?: StageDefinition } | null {
  if (ask.measure === 'CONVERSION') return { a: ask.from, b: ask.to };
  if (ask.measure === 'REACHED') return { a: ask.to, b: ask.to };
  return null;
}

/**
 * Each person's first entries as the SLA's marketing side finds them (lead_at, mql_at, sql_at),
 * the highest ladder position they entered (`top`: reached(N) is top ≥ N, as the funnel counts)
 * and their creation instant: what the people measures count, raw here and per day in the
 * slices rollup (slices-rollup.ts).
 */
export function personFirsts(db: Kysely<Database>, scope: EntryScope) {
  const { leadPosition, mqlPosition } = milestonePositions(scope.stages);
  const sqlPosition = qualifiedStage(scope.stages)?.position ?? Number.MAX_SAFE_INTEGER;
  return db
    .selectFrom(stageEntries(db, scope).as('e'))
    .innerJoin('people as cp', 'cp.id', 'e.person_id')
    .select((eb) => [
      'e.person_id',
      firstAt(leadPosition).as('lead_at'),
      firstAt(mqlPosition).as('mql_at'),
      firstAt(sqlPosition).as('sql_at'),
      eb.fn.max('e.position').as('top'),
      eb.fn.max('cp.created_at').as('created_at'),
    ])
    .groupBy('e.person_id');
}
