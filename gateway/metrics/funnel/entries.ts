/**
 * Every entry of a set of people into a stage of the current ladder: the rows the funnel and the
 * SLA's marketing side count. `entries` yields (person_id, position, at) for each stage
 * transition, for the current stage (at stage_entered_at), and for creation: created_at counts as
 * the entry into the person's first stage (the `from` of their earliest transition, or their
 * current stage when they never moved). A stage no longer on the ladder has a null position,
 * which every `position >= n` comparison leaves out.
 *
 * "Reached stage N" is then "has an entry at a position ≥ N" and "first reached N" is the
 * earliest such entry: an entity that skipped a stage still counts as having passed it (docs/domain.md
 * "Lifecycle stages", conversion by entry cohort).
 *
 * Each branch joins the people table itself rather than a common table expression of the people
 * in scope: PostgreSQL materialises a CTE used twice, and a materialised CTE has no index, so a
 * planner with stale statistics (right after a bulk load) nested-looped transitions against it
 * in O(people × transitions): 170 s for 20 000 people. Joined to the table, the worst plan is an
 * index lookup per row.
 */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { StageDefinition } from '../../domain/stages.js';
import type { Database, PersonTable } from '../../store/tables.js';
import { type MetricsFilter, personMatches, type Range } from '../filter.js';

export interface EntryScope {
  filter: MetricsFilter;
  /** The current ladder: positions come from here. */
  stages: StageDefinition[];
  /** Only people created in this range (the funnel's entry cohort); all matching people when absent. */
  createdIn?: Range;
  /** Only these people (the rollups recompute the people a write changed). */
  personIds?: string[];
}

/** The people in scope, as a condition on a person aliased `p`. */
export function peopleInScope({ filter, createdIn, personIds }: EntryScope) {
  return (eb: ExpressionBuilder<Database & { p: PersonTable }, 'p'>): Expression<SqlBool> => {
    const conditions = [personMatches(filter)(eb)];
    if (createdIn) {
      conditions.push(eb('p.created_at', '>=', createdIn.fromMs), eb('p.created_at', '<', createdIn.toMs));
    }
    if (personIds) conditions.push(eb('p.id', 'in', personIds.length ? personIds : ['']));
    return eb.and(conditions);
  };
}

/** A stage key's position on the ladder, null for a key not on it. */
export function ladderPosition(stages: StageDefinition[], key: Expression<string | null>) {
  if (stages.length === 0) return sql<number | null>`null`;
  const whens = stages.map((s) => sql`when ${s.key} then ${sql.lit(s.position)}`);
  return sql<number | null>`case ${key} ${sql.join(whens, sql` `)} end`;
}

/** The entries subquery (person_id, position, at), to use as a common table expression. */
export function stageEntries(db: Kysely<Database>, scope: EntryScope) {
  const inScope = peopleInScope(scope);
  const keys = scope.stages.map((s) => s.key);
  const position = (key: Expression<string | null>) => ladderPosition(scope.stages, key);
  return db
    .selectFrom('stage_transitions as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .where(inScope)
    .where('t.to_stage', 'in', keys.length ? keys : [''])
    .select((eb) => ['t.person_id', position(eb.ref('t.to_stage')).as('position'), 't.occurred_at as at'])
    .unionAll(
      db
        .selectFrom('people as p')
        .where(inScope)
        .select((eb) => [
          'p.id as person_id',
          position(eb.ref('p.stage')).as('position'),
          'p.stage_entered_at as at',
        ]),
    )
    .unionAll(
      db
        .selectFrom('people as p')
        .where(inScope)
        .select((eb) => [
          'p.id as person_id',
          position(
            eb.fn.coalesce(
              eb
                .selectFrom('stage_transitions as ft')
                .select('ft.from_stage')
                .whereRef('ft.person_id', '=', 'p.id')
                .orderBy('ft.occurred_at')
                .orderBy('ft.id')
                .limit(1),
              'p.stage',
            ),
          ).as('position'),
          'p.created_at as at',
        ]),
    );
}
