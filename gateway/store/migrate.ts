/**
 * Versioned migrations, run on start and by `tandem migrate`. Kysely's migrator records what ran
 * and takes a lock, so running it twice, or from two processes, is harmless.
 */
import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import * as revenueModel from './migrations/0001_revenue_model.js';
import * as rollups from './migrations/0002_rollups.js';
import * as packedDistributions from './migrations/0003_packed_distributions.js';
import * as writeConstraints from './migrations/0004_write_constraints.js';
import * as calendarDays from './migrations/0005_calendar_days.js';
import * as matrixMoment from './migrations/0006_matrix_moment.js';
import * as prospectHandoffs from './migrations/0007_prospect_handoffs.js';
import * as definitionApprovals from './migrations/0008_definition_approvals.js';
import * as tenantSettings from './migrations/0009_tenant_settings.js';
import * as crmExports from './migrations/0010_crm_exports.js';
import * as handoffRecordedAt from './migrations/0011_handoff_recorded_at.js';
import * as campaignHandoffs from './migrations/0012_campaign_handoffs.js';
import * as breakdownSlices from './migrations/0013_breakdown_slices.js';
import * as tenantWrites from './migrations/0014_tenant_writes.js';
import type { Database } from './tables.js';

/** Every migration by name, in the order they run. */
export const migrations: Record<string, Migration> = {
  '0001_revenue_model': revenueModel,
  '0002_rollups': rollups,
  '0003_packed_distributions': packedDistributions,
  '0004_write_constraints': writeConstraints,
  '0005_calendar_days': calendarDays,
  '0006_matrix_moment': matrixMoment,
  '0007_prospect_handoffs': prospectHandoffs,
  '0008_definition_approvals': definitionApprovals,
  '0009_tenant_settings': tenantSettings,
  '0010_crm_exports': crmExports,
  '0011_handoff_recorded_at': handoffRecordedAt,
  '0012_campaign_handoffs': campaignHandoffs,
  '0013_breakdown_slices': breakdownSlices,
  '0014_tenant_writes': tenantWrites,
};

/** The newest migration's name: where `tandem migrate` leaves a database. */
export const latestMigration = Object.keys(migrations).at(-1)!;

export interface MigrationReport {
  applied: string[];
  current: string | null;
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  // Migrations are numbered before they are written and may land out of order: 0009 (issue 15)
  // came after 0010–0012, so a database migrated in between lacks an earlier one. Each adds what
  // none numbered after it relies on, so it runs late rather than stopping the start.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed} failed: ${reason}`);
  }
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const all = await migrator.getMigrations();
  const executed = all.filter((m) => m.executedAt);
  return { applied, current: executed.at(-1)?.name ?? null };
}
