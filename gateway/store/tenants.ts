/**
 * Tenants and their starting definitions. A new tenant gets version 1 of the shared definitions
 * (docs/domain.md defaults): the stage ladder, the scoring model and the SLA policy.
 */
import { defaultBusinessCalendar } from '../domain/business-hours.js';
import {
  defaultBandThresholds,
  defaultFitCriteria,
  defaultMqlThreshold,
  defaultScoringRules,
} from '../domain/scoring.js';
import { defaultStages } from '../domain/stages.js';
import type { RevenueDatabase } from './database.js';
import type { TenantTable } from './tables.js';
import { TenantStore } from './tenant-store.js';

export interface TenantSettings {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
}

export async function listTenants(database: RevenueDatabase): Promise<TenantTable[]> {
  return database.db.selectFrom('tenants').selectAll().orderBy('id').execute();
}

export async function findTenant(database: RevenueDatabase, id: string): Promise<TenantTable | undefined> {
  return database.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Creates the tenant with default definitions unless it exists; returns whether it was created. */
export async function ensureTenant(database: RevenueDatabase, settings: TenantSettings, now = Date.now()) {
  if (await findTenant(database, settings.id)) return false;
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('tenants')
      .values({
        id: settings.id,
        name: settings.name,
        time_zone: settings.timeZone,
        currency: settings.currency,
        created_at: now,
      })
      .execute();
    const store = new TenantStore({ ...database, db: trx }, settings.id);
    const tenant_id = settings.id;
    await store.db
      .insertInto('lifecycle_stages')
      .values(
        defaultStages.map((stage) => ({
          tenant_id,
          version: 1,
          key: stage.key,
          label: stage.label,
          position: stage.position,
          owner_team: stage.ownerTeam,
          entry_criteria: stage.entryCriteria,
          created_at: now,
          created_by: null,
        })),
      )
      .execute();
    await store.db
      .insertInto('scoring_models')
      .values({
        tenant_id,
        version: 1,
        rules: JSON.stringify(defaultScoringRules),
        fit_criteria: JSON.stringify(defaultFitCriteria),
        band_thresholds: JSON.stringify(defaultBandThresholds),
        mql_min_grade: defaultMqlThreshold.minGrade,
        mql_max_band: defaultMqlThreshold.maxBand,
        created_at: now,
        created_by: null,
      })
      .execute();
    await store.db
      .insertInto('sla_policies')
      .values({
        tenant_id,
        version: 1,
        target_hours: 4,
        time_zone: settings.timeZone,
        business_days: JSON.stringify(defaultBusinessCalendar.days),
        start_hour: defaultBusinessCalendar.startHour,
        end_hour: defaultBusinessCalendar.endHour,
        holidays: JSON.stringify([]),
        monthly_lead_goal: 300,
        monthly_mql_goal: 60,
        red_below: 0.7,
        amber_below: 0.9,
        created_at: now,
        created_by: null,
      })
      .execute();
  });
  return true;
}
