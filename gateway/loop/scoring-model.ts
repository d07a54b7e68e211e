/**
 * A new version of the scoring model, and the rescoring it implies (docs/domain.md, "Lead scoring":
 * changing rules rescores everyone). Fields left out keep the current version's values.
 */
import { sql } from 'kysely';
import { type FitGrade, fitGrades, type ScoringRules, type TouchType } from '../domain/scoring.js';
import { touchTypes } from '../ingest/records.js';
import { markChange } from '../metrics/mark-change.js';
import { emptyChange } from '../store/changes.js';
import { loadScoringModel, type ScoringModel } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';
import { writeTransaction } from '../store/write.js';
import type { LoopContext } from './context.js';
import { saveOrPropose } from './definition-changes.js';
import { LoopError } from './errors.js';
import { cellsBeforeHandoff, promoteCrossings } from './mql-promotion.js';

export interface ScoringModelChange {
  /** The whole points table: behaviours left out earn 0. */
  rules?: { touchType: string; points: number }[] | null;
  firstEmailOpenOnly?: boolean | null;
  /** Days; null = no decay. Leave undefined to keep the current half-life. */
  halfLifeDays?: number | null;
  bandThresholds?: number[] | null;
  mqlMinGrade?: FitGrade | null;
  mqlMaxBand?: number | null;
}

const dayMs = 86_400_000;

/** A whole scoring model as a version stores it (what a proposal holds until approved). */
export type ScoringDefinition = Omit<ScoringModel, 'version' | 'createdAt'>;

/**
 * Inserts the next version and rescores every person; returns the new version number. One write
 * transaction (store/write.ts): the version is numbered, and scores recomputed, with no other
 * writer of the tenant in between. When the tenant needs the other team's approval
 * (definition-changes.ts), the version is proposed instead and its number returned.
 */
export async function updateScoringModel(
  store: TenantStore,
  change: ScoringModelChange,
  ctx: LoopContext,
): Promise<number> {
  return writeTransaction(store, null, async (trx) => {
    const current = await loadScoringModel(trx);
    const next = nextScoringModel(current, change);
    const saved = await saveOrPropose(trx, 'scoring_model', current.version, next, ctx, () =>
      insertScoringModel(trx, next, ctx),
    );
    return {
      value: saved.version,
      change: { ...emptyChange(store.tenantId, 'definitions'), definitions: saved.applied },
    };
  });
}

/** The current model with `change` applied, validated; fields left out keep their values. */
export function nextScoringModel(current: ScoringModel, change: ScoringModelChange): ScoringDefinition {
  const rules: ScoringRules = {
    points: change.rules ? pointsTable(change.rules) : current.rules.points,
    firstEmailOpenOnly: change.firstEmailOpenOnly ?? current.rules.firstEmailOpenOnly,
    halfLifeDays: change.halfLifeDays === undefined ? current.rules.halfLifeDays : change.halfLifeDays,
  };
  if (rules.halfLifeDays !== null && !(rules.halfLifeDays > 0)) {
    throw new LoopError(
      'BAD_HALF_LIFE',
      `halfLifeDays must be more than 0 (or null for no decay), got ${rules.halfLifeDays}`,
    );
  }
  const thresholds = change.bandThresholds ?? current.bandThresholds;
  if (thresholds.length !== 3 || !(thresholds[0]! < thresholds[1]! && thresholds[1]! < thresholds[2]!)) {
    throw new LoopError(
      'BAD_THRESHOLDS',
      `bandThresholds must be 3 ascending numbers [band 3, band 2, band 1], got [${thresholds.join(', ')}]`,
    );
  }
  const minGrade = change.mqlMinGrade ?? current.mqlThreshold.minGrade;
  const maxBand = change.mqlMaxBand ?? current.mqlThreshold.maxBand;
  if (!fitGrades.includes(minGrade) || !Number.isInteger(maxBand) || maxBand < 1 || maxBand > 4) {
    throw new LoopError(
      'BAD_MQL_THRESHOLD',
      `the MQL threshold needs a grade A–D and a band 1–4, got ${minGrade} and ${maxBand}`,
    );
  }
  return {
    rules,
    fitCriteria: current.fitCriteria,
    bandThresholds: thresholds as [number, number, number],
    mqlThreshold: { minGrade, maxBand: maxBand as 1 | 2 | 3 | 4 },
  };
}

/**
 * Inserts `next` as the version after the current one and rescores everyone: the effects of an
 * update, also those of an approved proposal (definition-approvals.ts). Inside a write transaction.
 */
export async function insertScoringModel(
  store: TenantStore,
  next: ScoringDefinition,
  ctx: LoopContext,
): Promise<number> {
  const current = await loadScoringModel(store);
  const { rules } = next;
  const version = current.version + 1;
  const cellsBefore = await cellsBeforeHandoff(store, current);
  await store.db
    .insertInto('scoring_models')
    .values({
      tenant_id: store.tenantId,
      version,
      rules: JSON.stringify(rules),
      fit_criteria: JSON.stringify(next.fitCriteria),
      band_thresholds: JSON.stringify(next.bandThresholds),
      mql_min_grade: next.mqlThreshold.minGrade,
      mql_max_band: next.mqlThreshold.maxBand,
      created_at: ctx.now,
      created_by: ctx.actor.name,
    })
    .execute();
  await rescoreEveryone(store, rules, ctx.now);
  // Then the MQL threshold, re-evaluated for everyone; the new version's signature covers the
  // scores, not the stage changes and handoffs the promotions write, so those are marked.
  await markChange(store, await promoteCrossings(store, cellsBefore, ctx.now));
  return version;
}

function pointsTable(rules: { touchType: string; points: number }[]): ScoringRules['points'] {
  const points: ScoringRules['points'] = {};
  for (const rule of rules) {
    if (!(touchTypes as readonly string[]).includes(rule.touchType)) {
      throw new LoopError(
        'BAD_TOUCH_TYPE',
        `unknown touch type '${rule.touchType}' (types: ${touchTypes.join(', ')})`,
      );
    }
    if (rule.touchType in points)
      throw new LoopError('BAD_TOUCH_TYPE', `touch type '${rule.touchType}' is listed twice`);
    points[rule.touchType as TouchType] = rule.points;
  }
  return points;
}

/**
 * Every person's engagement score recomputed from their touches as of `now`, in one UPDATE:
 * Σ points(type) × 0.5^(age / half-life), the same sum gateway/domain/scoring.ts engagementScore
 * takes (an email open counts only when it is the person's first, by MIN(occurred_at); two
 * opens in the same millisecond would both count). The sum is stored unclamped and unrounded
 * with scored_at = now, as the ingest path stores it; readers clamp at 0 and round.
 */
export async function rescoreEveryone(store: TenantStore, rules: ScoringRules, now: number): Promise<void> {
  const cases = Object.entries(rules.points)
    .filter(([, points]) => points)
    .map(([type, points]) => sql`when ${sql.lit(type)} then ${sql.lit(Number(points))}`);
  const points = cases.length
    ? sql<number>`case t.type ${sql.join(cases, sql` `)} else 0 end`
    : sql<number>`0`;
  // Literals, not parameters: PostgreSQL cannot type a parameter inside CASE or exp(), and all are validated numbers.
  // A touch dated after now keeps its full points (as decayFactor clamps the age at 0); one older than
  // 1,000 half-lives is worth 0, which PostgreSQL's exp() would otherwise refuse as an underflow.
  const halfLifeMs = (rules.halfLifeDays ?? 0) * dayMs;
  const decay =
    rules.halfLifeDays === null
      ? sql<number>`1`
      : sql<number>`case when t.occurred_at >= ${sql.lit(now)} then 1
          when ${sql.lit(now)} - t.occurred_at > ${sql.lit(1000 * halfLifeMs)} then 0
          else exp(ln(0.5) * cast(${sql.lit(now)} - t.occurred_at as double precision) / ${sql.lit(halfLifeMs)}) end`;
  await store.db
    .updateTable('people')
    .set((eb) => ({
      engagement_score: eb.fn.coalesce(
        eb
          .selectFrom('touches as t')
          .select(sql<number>`sum(${points} * ${decay})`.as('score'))
          .whereRef('t.person_id', '=', 'people.id')
          .$if(rules.firstEmailOpenOnly, (q) =>
            q.where((w) =>
              w.or([
                w('t.type', '<>', 'email_open'),
                w(
                  't.occurred_at',
                  '=',
                  w
                    .selectFrom('touches as fo')
                    .select((s) => s.fn.min('fo.occurred_at').as('first'))
                    .whereRef('fo.person_id', '=', 'people.id')
                    .where('fo.type', '=', 'email_open'),
                ),
              ]),
            ),
          ),
        sql.lit(0),
      ),
      scored_at: now,
    }))
    .execute();
}
