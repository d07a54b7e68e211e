/**
 * What each campaign cost and produced in a range, in ONE statement: spend, touches, leads, MQLs,
 * opportunities, open pipeline and handoffs (by lead-creation campaign) are grouped per campaign in their own branches, stacked with
 * UNION ALL and summed per campaign, then joined to the campaign itself.
 */
import { type Expression, type SelectQueryBuilder, sql } from 'kysely';
import type { AttributionModel } from '../../domain/attribution.js';
import type { StageDefinition } from '../../domain/stages.js';
import type { CampaignTable, Database } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { MetricsFilter, Range } from '../filter.js';
import type { Attribution } from './attribution.js';
import {
  entriesByCampaign,
  handoffsByCampaign,
  leadEntryOf,
  mqlEntryOf,
  peopleMatching,
  slicesPeople,
} from './entries.js';

const measures = [
  'spend',
  'touches',
  'leads',
  'mqls',
  'opportunities',
  'pipeline',
  'handoffs',
  'sentBack',
] as const;
type Measure = (typeof measures)[number];

export type CampaignFunnelRow = CampaignTable & Record<Measure, number>;

export interface CampaignFunnelOptions {
  filter: MetricsFilter;
  range: Range;
  stages: StageDefinition[];
  /** Campaigns to list even without spend or activity in the range (those credited with revenue). */
  alsoCampaignIds: string[];
  /** Read touches, leads and MQLs from the rollups (of the range's days) instead of raw rows. */
  rollups?: CampaignRollups;
}

/**
 * What the campaign metrics read when the rollups answer. The rollups layer, above this one,
 * provides it (metrics/campaigns/rollup-reader.ts) and the schema passes it in, so the metrics need not
 * import the rollups that are built from them.
 */
export interface CampaignRollups {
  /** The range's rows of a campaign rollup (whole months from its twin), to select from. */
  rows(
    table: 'rollup_campaign_touches' | 'rollup_campaign_entries',
  ): SelectQueryBuilder<Database, never, Record<string, unknown>>;
  /** Won deals' credits by campaign under `model`, summed over the range's days. */
  attribution(model: AttributionModel): Promise<Attribution>;
}

/**
 * Every branch selects the same columns in the same order (a UNION's rule), each cast to double
 * precision so PostgreSQL does not meet integer, bigint and numeric columns at the same position.
 */
function branch(campaignId: string, values: Partial<Record<Measure, Expression<unknown>>>) {
  return [
    sql.ref<string | null>(campaignId).as('campaign_id'),
    ...measures.map((measure) => {
      const value = values[measure] ?? sql`0`;
      return sql<number>`cast(${value} as double precision)`.as(measure);
    }),
  ];
}

export async function campaignFunnel(
  store: TenantStore,
  options: CampaignFunnelOptions,
): Promise<CampaignFunnelRow[]> {
  const { filter, range, stages } = options;
  const { db } = store;
  // Spend is booked per month (YYYY-MM): a month counts when it overlaps the range, whatever people slices say.
  const fromPeriod = filter.from?.slice(0, 7);
  const toPeriod = filter.to?.slice(0, 7);
  const spend = db
    .selectFrom('campaign_costs as cc')
    .select((eb) => branch('cc.campaign_id', { spend: eb.fn.sum('cc.amount') }))
    .$if(!!fromPeriod, (q) => q.where('cc.period', '>=', fromPeriod!))
    .$if(!!toPeriod, (q) => q.where('cc.period', '<=', toPeriod!))
    .groupBy('cc.campaign_id');
  const { rollups } = options;
  const touches = rollups
    ? db
        .selectFrom(rollups.rows('rollup_campaign_touches').as('rt'))
        .select(branch('rt.campaign_id', { touches: sql`sum(rt.touches)` }))
        .groupBy(sql`rt.campaign_id`)
    : db
        .selectFrom('touches as t')
        .select((eb) => branch('t.campaign_id', { touches: eb.fn.countAll() }))
        .where('t.occurred_at', '>=', range.fromMs)
        .where('t.occurred_at', '<', range.toMs)
        .where('t.campaign_id', 'is not', null)
        .$if(slicesPeople(filter), (q) => q.where('t.person_id', 'in', peopleMatching(store, filter)))
        .groupBy('t.campaign_id');
  const entries = (kind: 'leads' | 'mqls') =>
    rollups
      ? db
          .selectFrom(rollups.rows('rollup_campaign_entries').as('re'))
          .select(branch('re.campaign_id', { [kind]: sql`sum(${sql.ref(`re.${kind}`)})` }))
          .where(sql.ref(`re.${kind}`), '>', 0)
          .groupBy(sql`re.campaign_id`)
      : db
          .selectFrom(
            entriesByCampaign(
              store,
              kind === 'leads' ? leadEntryOf(store, stages, 'p.id') : mqlEntryOf(store, 'p.id'),
              filter,
              range,
            ).as('x'),
          )
          .select((eb) => branch('x.campaign_id', { [kind]: eb.ref('x.people') }));
  // A deal counts for its primary campaign (opportunities.campaign_id, the CRM's "primary campaign source").
  const opportunities = db
    .selectFrom('opportunities as o')
    .select((eb) =>
      branch('o.campaign_id', {
        opportunities: eb.fn.countAll(),
        pipeline: eb.fn.sum(eb.case().when('o.is_closed', '=', 0).then(eb.ref('o.amount')).else(0).end()),
      }),
    )
    .where('o.created_at', '>=', range.fromMs)
    .where('o.created_at', '<', range.toMs)
    .$if(slicesPeople(filter), (q) => q.where('o.primary_person_id', 'in', peopleMatching(store, filter)))
    .groupBy('o.campaign_id');

  // Handoffs by their person's lead-creation campaign (entries.ts handoffsByCampaign),
  // kept per handoff day and campaign in rollup_campaign_entries.
  const handoffs = rollups
    ? db
        .selectFrom(rollups.rows('rollup_campaign_entries').as('rh'))
        .select(
          branch('rh.campaign_id', { handoffs: sql`sum(rh.handoffs)`, sentBack: sql`sum(rh.sent_back)` }),
        )
        .where('rh.handoffs', '>', 0)
        .groupBy(sql`rh.campaign_id`)
    : db
        .selectFrom(handoffsByCampaign(store, stages, filter, range).as('hc'))
        .select((eb) =>
          branch('hc.campaign_id', { handoffs: eb.ref('hc.handoffs'), sentBack: eb.ref('hc.sent_back') }),
        );

  const stacked = spend
    .unionAll(touches)
    .unionAll(entries('leads'))
    .unionAll(entries('mqls'))
    .unionAll(opportunities)
    .unionAll(handoffs);
  const perCampaign = db
    .selectFrom(stacked.as('m'))
    .select((eb) => [
      'm.campaign_id',
      ...measures.map((measure) => eb.fn.sum<number>(`m.${measure}`).as(measure)),
    ])
    .where('m.campaign_id', 'is not', null)
    .groupBy('m.campaign_id');

  const rows = await db
    .selectFrom('campaigns as c')
    .leftJoin(perCampaign.as('f'), 'f.campaign_id', 'c.id')
    .selectAll('c')
    .select(measures.map((measure) => sql.ref<number | null>(`f.${measure}`).as(measure)))
    .where((eb) =>
      eb.or([
        eb('f.campaign_id', 'is not', null),
        ...(options.alsoCampaignIds.length > 0 ? [eb('c.id', 'in', options.alsoCampaignIds)] : []),
      ]),
    )
    .$if(!!filter.campaignId, (q) => q.where('c.id', '=', filter.campaignId!))
    .$if(!!filter.channel, (q) => q.where('c.channel', '=', filter.channel!))
    .execute();
  return rows.map((row) => {
    const numbers = Object.fromEntries(measures.map((measure) => [measure, Number(row[measure] ?? 0)]));
    return { ...row, ...numbers } as CampaignFunnelRow;
  });
}
