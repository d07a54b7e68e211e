/**
 * Prospects in the funnel (docs/domain.md "Prospects and their four flags"): the cohort's handoffs
 * split by whether the person was a prospect when handed off (all four flags set, handoffs.is_prospect),
 * with their acceptance and how many reached SQL. The SLA counts the same for handoffs made in its
 * range (../sla/marketing.ts); the funnel counts them for the people created in its range, so the
 * claim that prospects convert better is read beside the stages it is about. Always raw: a few
 * thousand handoffs per cohort, asked for only when a client selects it.
 */
import { sql } from 'kysely';
import type { StageDefinition } from '../../domain/stages.js';
import { personMatches } from '../../store/person-slices.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { MetricsFilter, Range } from '../filter.js';
import { type HandoffQuality, qualifiedAfterHandoff, qualifiedStageKeys } from '../sla/marketing.js';

export interface CohortHandoffQuality {
  prospects: HandoffQuality;
  nonProspects: HandoffQuality;
}

export async function cohortHandoffQuality(
  store: TenantStore,
  filter: MetricsFilter,
  range: Range,
  stages: StageDefinition[],
): Promise<CohortHandoffQuality> {
  const qualifiedKeys = qualifiedStageKeys(stages);
  const flag = (condition: ReturnType<typeof sql>) =>
    sql<number>`cast(sum(case when ${condition} then 1 else 0 end) as integer)`;
  const rows = await store.db
    .selectFrom(
      store.db
        .selectFrom('handoffs as h')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .where('p.created_at', '>=', range.fromMs)
        .where('p.created_at', '<', range.toMs)
        .where(personMatches(filter))
        .select((eb) => [
          'h.is_prospect',
          'h.accepted_at',
          'h.sent_back_at',
          qualifiedAfterHandoff(eb, qualifiedKeys).as('qualified'),
        ])
        .as('o'),
    )
    .select([
      'o.is_prospect',
      sql<number>`cast(count(*) as integer)`.as('handoffs'),
      flag(sql`o.accepted_at is not null and o.sent_back_at is null`).as('accepted'),
      flag(sql`o.accepted_at is not null or o.sent_back_at is not null`).as('outcome_known'),
      flag(sql`o.qualified = 1`).as('qualified'),
    ])
    .groupBy('o.is_prospect')
    .execute();
  const quality = (prospect: boolean): HandoffQuality => {
    const row = rows.find((r) => Number(r.is_prospect) === (prospect ? 1 : 0));
    return {
      handoffs: Number(row?.handoffs ?? 0),
      accepted: Number(row?.accepted ?? 0),
      outcomeKnown: Number(row?.outcome_known ?? 0),
      qualified: Number(row?.qualified ?? 0),
    };
  };
  return { prospects: quality(true), nonProspects: quality(false) };
}
