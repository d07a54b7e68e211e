/**
 * The marketing side of the SLA (docs/domain.md "The service level agreement"): lead and MQL volume
 * against the policy's monthly goals, and the quality of what was handed to sales (accepted, not
 * sent back, qualified), for prospects' handoffs apart. One statement: first entries per person
 * (funnel-entries.ts) counted in the range, with the handoff outcomes as a second common table
 * expression.
 */
import { type AliasableExpression, type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import { handoffStage, type StageDefinition } from '../../domain/stages.js';
import { localDayOf } from '../../domain/time-zone.js';
import type { Database, HandoffTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { MetricsFilter, Range } from '../filter.js';
import { stageEntries } from '../funnel/entries.js';
import { handoffsInScope } from './sales.js';

/** Days per average month (365.25 ÷ 12): what turns a monthly goal into a goal for any range. */
export const daysPerMonth = 30.44;

/** Handoffs of one kind (prospects' or the others') made in the range, and their outcomes so far. */
export interface HandoffQuality {
  handoffs: number;
  /** Accepted and not sent back. */
  accepted: number;
  /** Accepted or sent back: the acceptance rate's denominator. */
  outcomeKnown: number;
  /** The person reached the qualified stage (SQL) at or after the handoff. */
  qualified: number;
}

export interface MarketingCommitmentResult {
  /** Months the goals cover, 2 decimals (range days ÷ 30.44). */
  months: number;
  leads: number;
  mqls: number;
  /** Handoffs made in the range, and their outcomes so far. */
  handoffs: number;
  accepted: number;
  sentBack: number;
  outcomeKnown: number;
  qualified: number;
  /** The handoffs of prospects: all four flags set when handed off (handoffs.is_prospect). */
  prospects: HandoffQuality;
}

/** The handoffs that were not prospects': the totals less the prospects'. */
export function nonProspects(result: MarketingCommitmentResult): HandoffQuality {
  const { prospects } = result;
  return {
    handoffs: result.handoffs - prospects.handoffs,
    accepted: result.accepted - prospects.accepted,
    outcomeKnown: result.outcomeKnown - prospects.outcomeKnown,
    qualified: result.qualified - prospects.qualified,
  };
}

/** The stage whose entry counts a lead: `lead`, else the ladder's second stage. */
export function leadStage(stages: StageDefinition[]): StageDefinition | undefined {
  return stages.find((s) => s.key === 'lead') ?? stages[1] ?? stages[0];
}

/**
 * 1 when the handoff aliased `h` was followed, at or after it, by a move to one of `qualifiedKeys`
 * (its person reached the qualified stage), else 0. Raw metrics and rollups count it alike. Built
 * with the query builder, not raw SQL, so the tenant scope reaches the subquery.
 */
export function qualifiedAfterHandoff(
  eb: ExpressionBuilder<Database & { h: HandoffTable }, 'h'>,
  qualifiedKeys: string[],
): AliasableExpression<number> {
  if (qualifiedKeys.length === 0) return sql<number>`0`;
  return eb
    .case()
    .when(
      eb.exists(
        eb
          .selectFrom('stage_transitions as qt')
          .select('qt.id')
          .whereRef('qt.person_id', '=', 'h.person_id')
          .whereRef('qt.occurred_at', '>=', 'h.handed_off_at')
          .where('qt.to_stage', 'in', qualifiedKeys),
      ),
    )
    .then(1)
    .else(0)
    .end();
}

/** Ladder positions whose first entry makes a lead and an MQL; one nobody reaches when the ladder lacks the stage. */
export function milestonePositions(stages: StageDefinition[]) {
  const never = Number.MAX_SAFE_INTEGER;
  return {
    leadPosition: leadStage(stages)?.position ?? never,
    mqlPosition: stages.find((s) => s.key === handoffStage(stages))?.position ?? never,
  };
}

/** A person's first entry at `position` or beyond, over stage entries aliased `e` grouped by person. */
export function firstAt(position: number) {
  return sql<
    number | null
  >`min(case when ${sql.ref('e.position')} >= ${sql.lit(position)} then ${sql.ref('e.at')} end)`;
}

/** Keys of the qualified stage and every stage after it: a handoff is qualified when its person moves there. */
export function qualifiedStageKeys(stages: StageDefinition[]): string[] {
  const position = qualifiedStage(stages)?.position ?? Number.MAX_SAFE_INTEGER;
  return stages.filter((s) => s.position >= position).map((s) => s.key);
}

/** The stage that counts as sales-qualified: `sql`, else the second sales-owned stage. */
export function qualifiedStage(stages: StageDefinition[]): StageDefinition | undefined {
  return stages.find((s) => s.key === 'sql') ?? stages.filter((s) => s.ownerTeam === 'sales')[1];
}

export async function marketingCommitment(
  store: TenantStore,
  filter: MetricsFilter,
  range: Range,
  stages: StageDefinition[],
  calendar: { timeZone: string; now: number },
): Promise<MarketingCommitmentResult> {
  const { leadPosition, mqlPosition } = milestonePositions(stages);
  const qualifiedKeys = qualifiedStageKeys(stages);

  const inRange = (column: string) =>
    sql<number>`sum(case when ${sql.ref(column)} >= ${range.fromMs} and ${sql.ref(column)} < ${range.toMs} then 1 else 0 end)`;
  const flag = (condition: RawBuilder<unknown>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  const accepted = sql`${sql.ref('o.accepted_at')} is not null and ${sql.ref('o.sent_back_at')} is null`;
  const known = sql`${sql.ref('o.accepted_at')} is not null or ${sql.ref('o.sent_back_at')} is not null`;
  const prospect = sql`${sql.ref('o.is_prospect')} = 1`;

  const row = await store.db
    .with('entries', () => stageEntries(store.db, { filter, stages }))
    .with('firsts', (qc) =>
      qc
        .selectFrom('entries as e')
        .select(['e.person_id', firstAt(leadPosition).as('lead_at'), firstAt(mqlPosition).as('mql_at')])
        .groupBy('e.person_id'),
    )
    .with('outcomes', () =>
      handoffsInScope(store, filter, range).select((eb) => [
        'h.accepted_at',
        'h.sent_back_at',
        'h.is_prospect',
        qualifiedAfterHandoff(eb, qualifiedKeys).as('qualified'),
      ]),
    )
    .with('quality', (qc) =>
      qc
        .selectFrom('outcomes as o')
        .select((eb) => [
          eb.fn.countAll<number>().as('handoffs'),
          flag(accepted).as('accepted'),
          flag(sql`${sql.ref('o.sent_back_at')} is not null`).as('sent_back'),
          flag(known).as('known'),
          eb.fn.sum<number>('o.qualified').as('qualified'),
          flag(sql`${prospect}`).as('prospects'),
          flag(sql`${prospect} and ${accepted}`).as('prospects_accepted'),
          flag(sql`${prospect} and (${known})`).as('prospects_known'),
          flag(sql`${prospect} and ${sql.ref('o.qualified')} = 1`).as('prospects_qualified'),
        ]),
    )
    .with('volume', (qc) =>
      qc
        .selectFrom('firsts as f')
        .select((eb) => [
          inRange('f.lead_at').as('leads'),
          inRange('f.mql_at').as('mqls'),
          eb.fn.min('f.lead_at').as('first_lead_at'),
        ]),
    )
    // Two one-row aggregates side by side.
    .selectFrom('volume as v')
    .crossJoin('quality as q')
    .selectAll()
    .executeTakeFirstOrThrow();

  return {
    months: monthsCovered(range, row.first_lead_at == null ? null : Number(row.first_lead_at), calendar),
    leads: Number(row.leads ?? 0),
    mqls: Number(row.mqls ?? 0),
    handoffs: Number(row.handoffs ?? 0),
    accepted: Number(row.accepted ?? 0),
    sentBack: Number(row.sent_back ?? 0),
    outcomeKnown: Number(row.known ?? 0),
    qualified: Number(row.qualified ?? 0),
    prospects: {
      handoffs: Number(row.prospects ?? 0),
      accepted: Number(row.prospects_accepted ?? 0),
      outcomeKnown: Number(row.prospects_known ?? 0),
      qualified: Number(row.prospects_qualified ?? 0),
    },
  };
}

/**
 * Months the range covers, in local calendar days ÷ 30.44, rounded to 2 decimals. An open start
 * is the local day of the first lead ever (0 months when there is none); an open end is today.
 */
export function monthsCovered(
  range: Range,
  firstLeadAt: number | null,
  calendar: { timeZone: string; now: number },
): number {
  const { timeZone, now } = calendar;
  const lastDay = localDayOf(range.toMs === Number.MAX_SAFE_INTEGER ? now : range.toMs - 1, timeZone);
  const firstAt = range.fromMs > 0 ? range.fromMs : firstLeadAt;
  if (firstAt === null) return 0;
  const days = lastDay - localDayOf(firstAt, timeZone) + 1;
  return Math.max(0, Math.round((days / daysPerMonth) * 100) / 100);
}
