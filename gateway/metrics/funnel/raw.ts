/**
 * The stage funnel by entry cohort (docs/domain.md "Lifecycle stages"): the people created in the
 * range, and for each stage of the current ladder how many of them reached it (skipping counts as
 * passing), how fast they moved on, and how many times sales sent them back from it.
 * One SQL statement for the whole funnel, whatever the number of stages or people; per-stage
 * figures are aggregated once each and joined to the ladder (no per-stage subquery).
 */
import { sql } from 'kysely';
import type { StageDefinition } from '../../domain/stages.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { MetricsFilter, Range } from '../filter.js';
import { percentileCont, percentileWindow } from '../percentile.js';
import { localDaySql } from './days.js';
import { peopleInScope, stageEntries } from './entries.js';

export interface FunnelStageRow {
  key: string;
  label: string;
  ownerTeam: StageDefinition['ownerTeam'];
  position: number;
  reached: number;
  /** reached(next) ÷ reached(this); null on the last stage or when nobody reached this one. */
  conversionToNext: number | null;
  /** Median calendar days (local dates in the tenant's zone) from first reaching this stage to first reaching the next; null on the last stage. */
  medianDaysToNext: number | null;
  /** Mean of the same calendar days; null when the median is. */
  meanDaysToNext: number | null;
  /** Recycle transitions out of this stage by cohort members. */
  recycledBack: number;
}

export interface FunnelResult {
  /** People in the cohort. */
  entered: number;
  stages: FunnelStageRow[];
}

export async function funnelMetrics(
  store: TenantStore,
  filter: MetricsFilter,
  range: Range,
  ladder: { version: number; stages: StageDefinition[] },
  /** Whose local dates count the days; UTC for callers without a tenant (the seed's economics check). */
  timeZone = 'UTC',
): Promise<FunnelResult> {
  const scope = { filter, stages: ladder.stages, createdIn: range };
  const rows = await store.db
    .with('ladder', (qc) =>
      qc
        .selectFrom('lifecycle_stages as s')
        .select(['s.key', 's.position'])
        .where('s.version', '=', ladder.version),
    )
    // Materialised: the ladder join below reads it once per stage, and an inlined subquery would be
    // re-run per stage when stale statistics hide its size from PostgreSQL (7 × 20 000 index scans).
    .with(
      (cte) => cte('entries').materialized(),
      () => stageEntries(store.db, scope),
    )
    // A person's first arrival at position N or beyond, for every N they reached.
    .with('reach', (qc) =>
      qc
        .selectFrom('entries as e')
        .innerJoin('ladder as l', (join) => join.onRef('e.position', '>=', 'l.position'))
        .select(['e.person_id', 'l.position', (eb) => eb.fn.min('e.at').as('first_at')])
        .groupBy(['e.person_id', 'l.position']),
    )
    .with('reached', (qc) =>
      qc
        .selectFrom('reach as r')
        .select(['r.position', (eb) => eb.fn.countAll<number>().as('people')])
        .groupBy('r.position'),
    )
    // The local date of each first arrival, once per row (the offset lookup is a CASE tree).
    .with('reach_day', (qc) =>
      qc
        .selectFrom('reach as r')
        .select(['r.person_id', 'r.position', localDaySql(sql.ref('r.first_at'), timeZone).as('day')]),
    )
    // A person reaches the ladder's positions without gaps, so the next row is the next stage.
    .with('steps', (qc) =>
      qc.selectFrom('reach_day as r').select([
        'r.position',
        // Calendar days (calendarDaysBetween): whole days, the unit the rollups keep a histogram of.
        sql<
          number | null
        >`lead(${sql.ref('r.day')}) over (partition by ${sql.ref('r.person_id')} order by ${sql.ref('r.position')}) - ${sql.ref('r.day')}`.as(
          'days',
        ),
      ]),
    )
    .with('ranked', (qc) => {
      const window = percentileWindow(['s.position'], 's.days');
      return qc
        .selectFrom('steps as s')
        .where('s.days', 'is not', null)
        .select([
          's.position',
          's.days as v',
          window.rn.as('rn'),
          window.n.as('n'),
          window.nextV.as('next_v'),
        ]);
    })
    .with('medians', (qc) =>
      qc
        .selectFrom('ranked')
        .select([
          'ranked.position',
          percentileCont(0.5, 'ranked').as('days'),
          sql<number | null>`avg(${sql.ref('ranked.v')})`.as('mean_days'),
        ])
        .groupBy('ranked.position'),
    )
    .with('recycles', () =>
      store.db
        .selectFrom('stage_transitions as t')
        .innerJoin('people as p', 'p.id', 't.person_id')
        .where(peopleInScope(scope))
        .where('t.is_recycle', '=', 1)
        .select(['t.from_stage', (eb) => eb.fn.countAll<number>().as('transitions')])
        .groupBy('t.from_stage'),
    )
    .selectFrom('ladder as l')
    .leftJoin('reached as rc', 'rc.position', 'l.position')
    .leftJoin('medians as m', 'm.position', 'l.position')
    .leftJoin('recycles as rb', 'rb.from_stage', 'l.key')
    .select((eb) => [
      'l.key',
      'rc.people as reached',
      'm.days as median_days',
      'm.mean_days',
      'rb.transitions as recycled_back',
      eb
        .selectFrom('people as p')
        .where(peopleInScope(scope))
        .select((s) => s.fn.countAll<number>().as('c'))
        .as('entered'),
    ])
    .execute();

  const byKey = new Map(
    rows.map((row) => [
      row.key,
      {
        reached: Number(row.reached ?? 0),
        medianDays: row.median_days == null ? null : Number(row.median_days),
        meanDays: row.mean_days == null ? null : Number(row.mean_days),
        recycledBack: Number(row.recycled_back ?? 0),
      },
    ]),
  );
  return funnelResult(ladder.stages, byKey, Number(rows[0]?.entered ?? 0));
}

/** Per-stage figures, by stage key, as both the raw query and the rollups produce them. */
export interface StageFigures {
  reached: number;
  medianDays: number | null;
  meanDays: number | null;
  recycledBack: number;
}

/** The funnel over the ladder from per-stage figures: conversions are derived here, once. */
export function funnelResult(
  ladder: StageDefinition[],
  byKey: Map<string, StageFigures>,
  entered: number,
): FunnelResult {
  const stages = ladder.map((stage, index) => {
    const figures = byKey.get(stage.key);
    const reached = figures?.reached ?? 0;
    const next = ladder[index + 1];
    const reachedNext = next ? (byKey.get(next.key)?.reached ?? 0) : 0;
    return {
      key: stage.key,
      label: stage.label,
      ownerTeam: stage.ownerTeam,
      position: stage.position,
      reached,
      conversionToNext: next && reached > 0 ? reachedNext / reached : null,
      medianDaysToNext: next && figures?.medianDays != null ? figures.medianDays : null,
      meanDaysToNext: next && figures?.meanDays != null ? figures.meanDays : null,
      recycledBack: figures?.recycledBack ?? 0,
    };
  });
  return { entered, stages };
}
