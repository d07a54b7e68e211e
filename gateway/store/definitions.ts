/**
 * The current version of a tenant's shared definitions (stage ladder, scoring model, SLA policy),
 * read from the database and turned into the domain's types.
 */
import type { BusinessCalendar } from '../domain/business-hours.js';
import type { FitCriterion, FitGrade, ScoringRules } from '../domain/scoring.js';
import type { StageDefinition } from '../domain/stages.js';
import type { ScoringModelTable, SlaPolicyTable } from './tables.js';
import type { TenantStore } from './tenant-store.js';

export interface ScoringModel {
  version: number;
  rules: ScoringRules;
  fitCriteria: FitCriterion[];
  bandThresholds: [number, number, number];
  mqlThreshold: { minGrade: FitGrade; maxBand: 1 | 2 | 3 | 4 };
  createdAt: number;
}

export interface SlaPolicy {
  version: number;
  targetHours: number;
  calendar: BusinessCalendar;
  monthlyLeadGoal: number;
  monthlyMqlGoal: number;
  redBelow: number;
  amberBelow: number;
  createdAt: number;
}

export interface Definitions {
  stagesVersion: number;
  stages: StageDefinition[];
  scoring: ScoringModel;
  sla: SlaPolicy;
}

export async function loadStages(
  store: TenantStore,
): Promise<{ version: number; stages: StageDefinition[] }> {
  const rows = await store.db
    .selectFrom('lifecycle_stages')
    .selectAll()
    .where('version', '=', (eb) =>
      eb.selectFrom('lifecycle_stages').select((s) => s.fn.max('version').as('v')),
    )
    .orderBy('position')
    .execute();
  const stages = rows.map((row) => ({
    key: row.key,
    label: row.label,
    position: row.position,
    ownerTeam: row.owner_team as StageDefinition['ownerTeam'],
    entryCriteria: row.entry_criteria,
  }));
  return { version: rows[0]?.version ?? 0, stages };
}

export async function loadScoringModel(store: TenantStore): Promise<ScoringModel> {
  const row = await store.db
    .selectFrom('scoring_models')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow(() => new Error(`tenant ${store.tenantId} has no scoring model`));
  return scoringModelOf(row);
}

/** A stored scoring model row in the domain's shape (also used to list every version). */
export function scoringModelOf(row: ScoringModelTable): ScoringModel {
  return {
    version: row.version,
    rules: JSON.parse(row.rules),
    fitCriteria: JSON.parse(row.fit_criteria),
    bandThresholds: JSON.parse(row.band_thresholds),
    mqlThreshold: { minGrade: row.mql_min_grade as FitGrade, maxBand: row.mql_max_band as 1 | 2 | 3 | 4 },
    createdAt: Number(row.created_at),
  };
}

export async function loadSlaPolicy(store: TenantStore): Promise<SlaPolicy> {
  const row = await store.db
    .selectFrom('sla_policies')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow(() => new Error(`tenant ${store.tenantId} has no SLA policy`));
  return slaPolicyOf(row);
}

/** A stored policy row in the domain's shape (also used to list every version). */
export function slaPolicyOf(row: SlaPolicyTable): SlaPolicy & { createdBy: string | null } {
  return {
    version: row.version,
    targetHours: row.target_hours,
    calendar: {
      timeZone: row.time_zone,
      days: JSON.parse(row.business_days),
      startHour: row.start_hour,
      endHour: row.end_hour,
      holidays: JSON.parse(row.holidays),
    },
    monthlyLeadGoal: row.monthly_lead_goal,
    monthlyMqlGoal: row.monthly_mql_goal,
    redBelow: row.red_below,
    amberBelow: row.amber_below,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export async function loadDefinitions(store: TenantStore): Promise<Definitions> {
  const [{ version, stages }, scoring, sla] = await Promise.all([
    loadStages(store),
    loadScoringModel(store),
    loadSlaPolicy(store),
  ]);
  return { stagesVersion: version, stages, scoring, sla };
}
