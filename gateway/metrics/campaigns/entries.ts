/**
 * When people became leads and MQLs, and which campaign's touch created each: the milestones
 * campaign ROI counts leads and MQLs by, and attribution dates its lead-creation touch by. Also
 * how the filter's people slices apply to campaign metrics (channel and campaign pick campaigns).
 */
import { type RawBuilder, sql } from 'kysely';
import type { StageDefinition } from '../../domain/stages.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { type MetricsFilter, personMatches, type Range } from '../filter.js';
import { stagesAtOrBeyond } from '../lead-matrix/score.js';

/**
 * When the person `personId` first entered `lead` or any later stage: their earliest stage
 * transition there or, for someone created at such a stage who never moved, when they entered it;
 * null when never. A correlated lookup on the (person, time) index: one seek per person asked about.
 */
export function leadEntryOf(
  store: TenantStore,
  stages: StageDefinition[],
  personId: PersonIdRef,
): RawBuilder<number | null> {
  const keys = stagesAtOrBeyond(stages, 'lead');
  if (keys.length === 0) return sql<number | null>`cast(null as bigint)`;
  const firstMove = store.db
    .selectFrom('stage_transitions as st')
    .select((eb) => eb.fn.min('st.occurred_at').as('at'))
    .where('st.person_id', '=', sql.ref<string>(personId))
    .where('st.to_stage', 'in', keys);
  const createdThere = store.db
    .selectFrom('people as pe')
    .select('pe.stage_entered_at')
    .where('pe.id', '=', sql.ref<string>(personId))
    .where('pe.stage', 'in', keys);
  return sql<number | null>`coalesce(${firstMove}, ${createdThere})`;
}

/** When the person `personId` was first handed off to sales as an MQL; a person recycled and handed off again counts once. */
export function mqlEntryOf(store: TenantStore, personId: PersonIdRef): RawBuilder<number | null> {
  const firstHandoff = store.db
    .selectFrom('handoffs as h')
    .select((eb) => eb.fn.min('h.handed_off_at').as('at'))
    .where('h.person_id', '=', sql.ref<string>(personId));
  return sql<number | null>`${firstHandoff}`;
}

/** A column holding a person id, in the query the entry expression is used in. */
type PersonIdRef = 'p.id' | 'o.primary_person_id';

/** The filter's people slices (segment, region, owner, team, stage, lead source); channel and campaign pick campaigns instead. */
export function peopleSlices(filter: MetricsFilter): MetricsFilter {
  return { ...filter, channel: null, campaignId: null };
}

/** Whether the filter slices people at all (else deals without a primary person count too). */
export function slicesPeople(filter: MetricsFilter): boolean {
  return !!(
    filter.segment ||
    filter.region ||
    filter.ownerId ||
    filter.teamId ||
    filter.stage ||
    filter.leadSource
  );
}

/** The ids of the people the filter's slices keep: a set for `IN`, built once rather than probed per row. */
export function peopleMatching(store: TenantStore, filter: MetricsFilter) {
  return store.db
    .selectFrom('people as p')
    .select('p.id')
    .where(personMatches(peopleSlices(filter)));
}

/**
 * Per campaign, how many people matching the slices entered (`entryOf` their id `p.id`) in the
 * range with that campaign's touch as their entry touch: their latest touch at or before the entry
 * (attribution.ts milestoneTouches; ties broken by touch id). People with no touch before
 * entering count nowhere. Correlated LIMIT 1 lookups on the (person, time) index, once per
 * person: ranking every touch with a window function would sort them all.
 */
export function entriesByCampaign(
  store: TenantStore,
  entryOf: RawBuilder<number | null>,
  filter: MetricsFilter,
  range: Range,
) {
  return store.db
    .selectFrom(entryTouches(store, entryOf, { filter, range }).as('r'))
    .select(['r.campaign_id', (eb) => eb.fn.countAll<number>().as('people')])
    .where('r.campaign_id', 'is not', null)
    .groupBy('r.campaign_id');
}

/**
 * Per campaign, the MQL handoffs made in the range whose person's LEAD-CREATION campaign it is (the
 * campaign of their lead-creation touch, as entriesByCampaign and the attribution models define
 * it), and how many of those sales sent back: each handoff counts for one campaign at most, so the
 * campaigns' handoffs add up to the handoffs with a lead-creation campaign (docs/domain.md
 * "Handoffs by campaign"). A person touched by several campaigns counts for one only.
 */
export function handoffsByCampaign(
  store: TenantStore,
  stages: StageDefinition[],
  filter: MetricsFilter,
  range: Range,
) {
  const leadCampaigns = entryTouches(store, leadEntryOf(store, stages, 'p.id'), {
    filter,
    handedOffIn: range,
  });
  return store.db
    .selectFrom('handoffs as h')
    .innerJoin(leadCampaigns.as('lc'), 'lc.person_id', 'h.person_id')
    .where('h.handed_off_at', '>=', range.fromMs)
    .where('h.handed_off_at', '<', range.toMs)
    .where('lc.campaign_id', 'is not', null)
    .select((eb) => [
      'lc.campaign_id',
      eb.fn.countAll<number>().as('handoffs'),
      sql<number>`sum(case when ${sql.ref('h.sent_back_at')} is not null then 1 else 0 end)`.as('sent_back'),
    ])
    .groupBy('lc.campaign_id');
}

/**
 * Per person (matching the slices, or among `personIds`, or handed off in `handedOffIn`) who
 * entered in the range (any time when absent): when (`entered_at`) and the campaign of their entry
 * touch (`campaign_id`, null without one). What entriesByCampaign counts, and what the rollups keep
 * per person.
 */
export function entryTouches(
  store: TenantStore,
  entryOf: RawBuilder<number | null>,
  scope: { filter: MetricsFilter; range?: Range; personIds?: string[]; handedOffIn?: Range },
) {
  const { filter, range, personIds, handedOffIn } = scope;
  const entered = fence(
    store,
    store.db
      .selectFrom('people as p')
      .select(['p.id as person_id', entryOf.as('entered_at')])
      .where(personMatches(peopleSlices(filter)))
      .$if(!!personIds, (q) => q.where('p.id', 'in', personIds!.length ? personIds! : ['']))
      .$if(!!handedOffIn, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('handoffs as ho')
              .select('ho.id')
              .whereRef('ho.person_id', '=', 'p.id')
              .where('ho.handed_off_at', '>=', handedOffIn!.fromMs)
              .where('ho.handed_off_at', '<', handedOffIn!.toMs),
          ),
        ),
      ),
  );
  return fence(
    store,
    store.db
      .selectFrom(entered.as('e'))
      .select((eb) => [
        'e.person_id',
        'e.entered_at',
        eb
          .selectFrom('touches as t')
          .select('t.campaign_id')
          .whereRef('t.person_id', '=', 'e.person_id')
          .whereRef('t.occurred_at', '<=', 'e.entered_at')
          .orderBy('t.occurred_at', 'desc')
          .orderBy('t.id', 'desc')
          .limit(1)
          .as('campaign_id'),
      ])
      .where('e.entered_at', 'is not', null)
      .$if(!!range, (q) =>
        q.where('e.entered_at', '>=', range!.fromMs).where('e.entered_at', '<', range!.toMs),
      ),
  );
}

/**
 * Keeps a subquery from being merged into the query around it. Both planners otherwise inline its
 * computed columns, and a correlated lookup then runs once per mention (range test, GROUP BY,
 * IS NOT NULL) instead of once per row. A LIMIT or OFFSET is the documented fence of each engine
 * (SQLite "LIMIT -1" = no limit; PostgreSQL "OFFSET 0" = skip none).
 */
function fence<Q extends { limit(n: number): Q; offset(n: number): Q }>(store: TenantStore, query: Q): Q {
  return store.dialect === 'postgres' ? query.offset(0) : query.limit(-1);
}
