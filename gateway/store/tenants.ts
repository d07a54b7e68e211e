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
  /** Month the fiscal year starts in, 1–12 (default 1, January). */
  fiscalYearStart?: number;
  /** The SLA policy's version 1 business hours (default weekdays 9–17) and holidays (default none). */
  businessHours?: { days: number[]; startHour: number; endHour: number };
  holidays?: string[];
}

/** What `updateTenantRow` may change; what is left out stays. */
export type TenantRowChange = Partial<
  Pick<TenantTable, 'name' | 'time_zone' | 'currency' | 'fiscal_year_start'>
>;

export async function listTenants(database: RevenueDatabase): Promise<TenantTable[]> {
  return database.db.selectFrom('tenants').selectAll().orderBy('id').execute();
}

export async function findTenant(database: RevenueDatabase, id: string): Promise<TenantTable | undefined> {
  return database.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Creates the tenant with default definitions unless it exists; returns whether it was created.
 * The id's primary key decides between two creators at once: the loser inserts nothing (on
 * PostgreSQL it waits for the winner's commit) and writes no definitions.
 */
export async function ensureTenant(database: RevenueDatabase, settings: TenantSettings, now = Date.now()) {
  if (await findTenant(database, settings.id)) return false;
  return database.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('tenants')
      .values({
        id: settings.id,
        name: settings.name,
        time_zone: settings.timeZone,
        currency: settings.currency,
        ...(settings.fiscalYearStart === undefined ? {} : { fiscal_year_start: settings.fiscalYearStart }),
        created_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    const store = new TenantStore({ ...database, db: trx }, settings.id);
    const tenant_id = settings.id;
    const hours = settings.businessHours ?? defaultBusinessCalendar;
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
        business_days: JSON.stringify(hours.days),
        start_hour: hours.startHour,
        end_hour: hours.endHour,
        holidays: JSON.stringify(settings.holidays ?? []),
        monthly_lead_goal: 300,
        monthly_mql_goal: 60,
        red_below: 0.7,
        amber_below: 0.9,
        created_at: now,
        created_by: null,
      })
      .execute();
    return true;
  });
}

/**
 * Changes the tenant's own row (name, time zone, currency, fiscal year start); returns whether it
 * exists. Its definitions are versioned and change through loop/ (an SLA policy version).
 */
export async function updateTenantRow(
  database: RevenueDatabase,
  id: string,
  change: TenantRowChange,
): Promise<boolean> {
  if (Object.keys(change).length === 0) return (await findTenant(database, id)) !== undefined;
  const result = await database.db.updateTable('tenants').set(change).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
