/**
 * People with their engagement score decayed to one instant and their band, computed in SQL, so
 * the scoring matrix and its drill-down count and page the same people the same way.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { StageDefinition } from '../../domain/stages.js';
import type { ScoringModel } from '../../store/definitions.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { type MetricsFilter, personMatches, type Range } from '../filter.js';

/**
 * `p.engagement_score` decayed from `p.scored_at` to `asOf` (docs/domain.md "Decay"):
 * score × exp(ln(0.5) × age / half-life), age never below 0, no decay when the half-life is null.
 * Rounded to 2 decimals and floored at 0 exactly like Person.engagementScore (schema/entities.ts
 * currentScore), so a person sits in the same band here as on their own record.
 */
export function scoreAsOf(halfLifeDays: number | null, asOf: number): RawBuilder<number> {
  // Casts keep PostgreSQL from inferring bigint for the parameters and dividing as integers.
  const decayed =
    halfLifeDays === null
      ? sql`p.engagement_score`
      : sql`case when p.scored_at >= ${asOf} then p.engagement_score else p.engagement_score * exp(ln(0.5) * (cast(${asOf} as double precision) - p.scored_at) / (cast(${halfLifeDays} as double precision) * 86400000)) end`;
  return sql<number>`case when ${decayed} <= 0 then 0 else floor(${decayed} * 100 + 0.5) / 100 end`;
}

/** Engagement band 1 (score ≥ t[2]) … 4 (score < t[0]), as gateway/domain/scoring.ts engagementBand. */
export function bandOf(score: RawBuilder<number>, t: [number, number, number]): RawBuilder<number> {
  const at = (threshold: number) => sql`cast(${threshold} as double precision)`;
  return sql<number>`case when ${score} >= ${at(t[2])} then 1 when ${score} >= ${at(t[1])} then 2 when ${score} >= ${at(t[0])} then 3 else 4 end`;
}

/** Keys of the stages at or beyond `key` on the ladder; empty when the tenant has no such stage. */
export function stagesAtOrBeyond(stages: StageDefinition[], key: string): string[] {
  const position = stages.find((stage) => stage.key === key)?.position;
  return position === undefined
    ? []
    : stages.filter((stage) => stage.position >= position).map((stage) => stage.key);
}

export interface ScoredPeopleOptions {
  filter: MetricsFilter;
  /** Applied to people.created_at. */
  range: Range;
  scoring: ScoringModel;
  stages: StageDefinition[];
  /** The instant scores are decayed to. */
  asOf: number;
}

/**
 * Every person the filter matches (created in the range), with `score` (decayed to asOf), `band`,
 * `conversion_grade` and `conversion_band` (the cell of their first handoff, else their cell now:
 * where the matrix counts their conversion, docs/domain.md "The scoring matrix"),
 * `reached_sql` (1 when their highest stage ever, by transitions or current stage, is at or
 * beyond `sql`) and `won` (1 when primary person of a won deal, or ever at `customer` or beyond).
 * A subquery to select from as `s`.
 */
export function scoredPeople(store: TenantStore, options: ScoredPeopleOptions) {
  const { filter, range, scoring, stages, asOf } = options;
  const score = scoreAsOf(scoring.rules.halfLifeDays, asOf);
  const sqlKeys = stagesAtOrBeyond(stages, 'sql');
  const customerKeys = stagesAtOrBeyond(stages, 'customer');
  return store.db
    .selectFrom('people as p')
    .selectAll('p')
    .select((eb) => {
      // Uncorrelated IN-lists: both engines build each set once, where EXISTS would probe per person
      // (opportunities has no index on primary_person_id).
      const everReached = (keys: string[]) =>
        keys.length === 0
          ? sql<SqlBool>`1 = 0`
          : eb.or([
              eb('p.stage', 'in', keys),
              eb(
                'p.id',
                'in',
                eb
                  .selectFrom('stage_transitions as st')
                  .select('st.person_id')
                  .where('st.to_stage', 'in', keys),
              ),
            ]);
      const wonDeal = eb(
        'p.id',
        'in',
        eb
          .selectFrom('opportunities as o')
          .select('o.primary_person_id')
          .where('o.is_won', '=', 1)
          .where('o.primary_person_id', 'is not', null),
      );
      // The conversion cell: the cell of the person's first handoff, else their cell now.
      const firstHandoff = <C extends 'fit_grade_at_handoff' | 'band_at_handoff'>(column: C) =>
        eb
          .selectFrom('handoffs as h')
          .select(`h.${column}` as `h.${C}`)
          .whereRef('h.person_id', '=', 'p.id')
          .orderBy('h.handed_off_at')
          .limit(1);
      const band = bandOf(score, scoring.bandThresholds);
      return [
        score.as('score'),
        band.as('band'),
        sql<string>`coalesce((${firstHandoff('fit_grade_at_handoff')}), p.fit_grade)`.as('conversion_grade'),
        sql<number>`coalesce((${firstHandoff('band_at_handoff')}), ${band})`.as('conversion_band'),
        eb.case().when(everReached(sqlKeys)).then(1).else(0).end().as('reached_sql'),
        eb
          .case()
          .when(eb.or([wonDeal, everReached(customerKeys)]))
          .then(1)
          .else(0)
          .end()
          .as('won'),
      ];
    })
    .where(personMatches(filter))
    .where('p.created_at', '>=', range.fromMs)
    .where('p.created_at', '<', range.toMs);
}
