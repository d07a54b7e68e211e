/**
 * Revenue and gross profit of won deals credited to campaigns under an attribution model
 * (docs/domain.md "Campaign ROI and attribution").
 *
 * The touch rows of the won deals in the range come back in ONE query and the credits are
 * computed in JavaScript with attributeDeal. That is the one place rows leave SQL: the credit
 * formula is per deal (milestone touches, normalised shares, time decay between touches), it has
 * one tested implementation, and only the columns it needs travel (ids, campaign, instants).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import {
  type AttributableTouch,
  type AttributionModel,
  attributeDeal,
  touchesOnPath,
} from '../../domain/attribution.js';
import type { StageDefinition } from '../../domain/stages.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { MetricsFilter, Range } from '../filter.js';
import { leadEntryOf, peopleMatching, slicesPeople } from './entries.js';

export interface CampaignCredit {
  attributedRevenue: number;
  attributedGrossProfit: number;
  /** Won deals whose first touch on the path belongs to the campaign (the CAC denominator). */
  newCustomers: number;
}

export interface Attribution {
  byCampaign: Map<string, CampaignCredit>;
  /** Amount of won deals with no touch on their path (the unattributed bucket). */
  unattributedRevenue: number;
  /** Amount credited to touches outside any campaign (organic, direct...). */
  nonCampaignRevenue: number;
  /** Amount of every won deal counted. */
  wonRevenue: number;
}

export interface WonDeal {
  closedAt: number;
  amount: number;
  grossProfit: number;
  milestones: Parameters<typeof attributeDeal>[1];
  touches: Map<string, AttributableTouch>;
}

export async function attributeWonDeals(
  store: TenantStore,
  options: { filter: MetricsFilter; range: Range; stages: StageDefinition[]; model: AttributionModel },
): Promise<Attribution> {
  const deals = await loadWonDeals(store, options);
  const result = noCredits();
  const yieldNow = turns();
  for (const deal of deals) {
    creditDeal(result, deal, options.model);
    const turn = yieldNow();
    if (turn) await turn;
  }
  return result;
}

/**
 * What a long loop asks on each row: once `sliceMs` have passed, a turn to await while the event
 * loop serves other requests. The won deals of a range are thousands of rows per report, fifteen
 * reports per analyst query; at 100,000 touches their JavaScript took about 7 ms a report, ten
 * times that at a million, in one stretch each. On PostgreSQL (one event loop, asynchronous I/O)
 * that held up every other request, cached widgets included (issue 13). The clock is read every
 * 256 rows only.
 */
export function turns(sliceMs = 8): () => Promise<void> | undefined {
  let rows = 0;
  let since = performance.now();
  return () => {
    if ((++rows & 255) !== 0 || performance.now() - since < sliceMs) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}

/** The deals won in the range (by close), each with its milestones and the touches on its path. */
export async function loadWonDeals(
  store: TenantStore,
  options: { filter: MetricsFilter; range: Range; stages: StageDefinition[] },
): Promise<WonDeal[]> {
  const { filter, range, stages } = options;
  // Each use is its own scope (the outer query, or a derived table), so all may call the deal `o`.
  const wonInRange = () =>
    store.db
      .selectFrom('opportunities as o')
      .where('o.is_won', '=', 1)
      .where('o.closed_at', '>=', range.fromMs)
      .where('o.closed_at', '<', range.toMs)
      .$if(slicesPeople(filter), (q) => q.where('o.primary_person_id', 'in', peopleMatching(store, filter)));
  // One row per deal and person on its path: its primary person, then everyone else of its
  // account. Two plain joins stacked with UNION ALL (disjoint by construction), because one join
  // ON a OR b makes SQLite scan every person per deal. The deal drives the touch lookups, so
  // neither engine needs statistics to pick index seeks.
  const dealColumns = [
    'o.id as deal_id',
    'o.amount',
    'o.gross_profit',
    'o.created_at',
    'o.closed_at',
  ] as const;
  const dealPeople = wonInRange()
    .select([
      ...dealColumns,
      leadEntryOf(store, stages, 'o.primary_person_id').as('lead_created_at'),
      'o.primary_person_id as person_id',
    ])
    .unionAll(
      wonInRange()
        .innerJoin('people as ap', 'ap.account_id', 'o.account_id')
        .select([
          ...dealColumns,
          sql<number | null>`cast(null as bigint)`.as('lead_created_at'),
          sql.ref<string | null>('ap.id').as('person_id'),
        ])
        .where((eb) =>
          eb.or([eb('o.primary_person_id', 'is', null), eb('ap.id', '<>', eb.ref('o.primary_person_id'))]),
        ),
    );
  // A deal's path: the touches of its people up to the close.
  const rows = await store.db
    .selectFrom(dealPeople.as('dp'))
    .leftJoin('touches as t', (join) =>
      join.onRef('t.person_id', '=', 'dp.person_id').onRef('t.occurred_at', '<=', 'dp.closed_at'),
    )
    .select([
      'dp.deal_id',
      'dp.amount',
      'dp.gross_profit',
      'dp.created_at',
      'dp.closed_at',
      'dp.lead_created_at',
      't.id as touch_id',
      't.campaign_id',
      't.occurred_at',
    ])
    .execute();

  const deals = new Map<string, WonDeal>();
  const yieldNow = turns();
  for (const row of rows) {
    const turn = yieldNow();
    if (turn) await turn;
    let deal = deals.get(row.deal_id);
    if (!deal) {
      const at = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
      deal = {
        closedAt: Number(row.closed_at),
        amount: Number(row.amount),
        grossProfit: Number(row.gross_profit ?? 0),
        milestones: {
          leadCreatedAt: at(row.lead_created_at),
          opportunityCreatedAt: at(row.created_at),
          closedWonAt: at(row.closed_at),
          closedAt: at(row.closed_at),
        },
        touches: new Map(),
      };
      deals.set(row.deal_id, deal);
    }
    if (row.lead_created_at !== null) deal.milestones.leadCreatedAt = new Date(Number(row.lead_created_at));
    if (row.touch_id !== null && row.occurred_at !== null) {
      deal.touches.set(row.touch_id, {
        id: row.touch_id,
        campaignId: row.campaign_id,
        occurredAt: new Date(Number(row.occurred_at)),
      });
    }
  }

  return [...deals.values()];
}

/** The credits of `deals` under `model`, summed per campaign (attributeDeal per deal). */
export function creditDeals(deals: Iterable<WonDeal>, model: AttributionModel): Attribution {
  const result = noCredits();
  for (const deal of deals) creditDeal(result, deal, model);
  return result;
}

function noCredits(): Attribution {
  return { byCampaign: new Map(), unattributedRevenue: 0, nonCampaignRevenue: 0, wonRevenue: 0 };
}

/** Adds one deal's credits under `model` to `result`. */
function creditDeal(result: Attribution, deal: WonDeal, model: AttributionModel): void {
  const creditOf = (campaignId: string) => {
    let credit = result.byCampaign.get(campaignId);
    if (!credit) {
      credit = { attributedRevenue: 0, attributedGrossProfit: 0, newCustomers: 0 };
      result.byCampaign.set(campaignId, credit);
    }
    return credit;
  };
  result.wonRevenue += deal.amount;
  const touches = [...deal.touches.values()];
  const credits = attributeDeal(touches, deal.milestones, model);
  // Lead creation alone can leave a deal with touches uncredited; it is then unattributed too.
  if (credits.length === 0) result.unattributedRevenue += deal.amount;
  for (const { campaignId, credit } of credits) {
    if (campaignId === null) {
      result.nonCampaignRevenue += deal.amount * credit;
      continue;
    }
    const campaign = creditOf(campaignId);
    campaign.attributedRevenue += deal.amount * credit;
    campaign.attributedGrossProfit += deal.grossProfit * credit;
  }
  const firstCampaign = touchesOnPath(touches, deal.milestones.closedAt)[0]?.campaignId;
  if (firstCampaign) creditOf(firstCampaign).newCustomers++;
}
