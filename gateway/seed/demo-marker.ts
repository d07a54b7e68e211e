/**
 * Which tenants the demo seed made, and from what: a row in the tenant's own sync cursors
 * (source `tandem-seed`), written when the seed finishes. `tandem start --refresh-demo` moves only
 * those tenants forward, re-seeding each from the same plan: a tenant without the marker (real
 * data, or a demo tenant someone has since filled by hand) is never touched.
 */
import type { RevenueDatabase } from '../store/database.js';
import { tenantTables } from '../store/tenant-scope.js';
import type { TenantStore } from '../store/tenant-store.js';
import { listTenants } from '../store/tenants.js';

const source = 'tandem-seed';
const stream = 'demo';

/** What a demo tenant was seeded from: enough to seed it again with a later end. */
export interface DemoPlan {
  seed: number;
  people: number;
  touches: number;
  years: number;
  /** The end of its history (epoch ms): nothing in it happens later. */
  endsAt: number;
}

export async function markDemo(store: TenantStore, plan: DemoPlan): Promise<void> {
  const cursor = JSON.stringify(plan);
  await store.db
    .insertInto('sync_cursors')
    .values({ tenant_id: store.tenantId, source, stream, cursor, updated_at: plan.endsAt })
    .onConflict((oc) => oc.columns(['tenant_id', 'source', 'stream']).doUpdateSet({ cursor }))
    .execute();
}

/** The demo tenants in the database with the plan each was seeded from. */
export async function seededDemos(
  database: RevenueDatabase,
): Promise<{ tenantId: string; plan: DemoPlan }[]> {
  const known = new Set((await listTenants(database)).map((tenant) => tenant.id));
  const rows = await database.db
    .selectFrom('sync_cursors')
    .select(['tenant_id', 'cursor'])
    .where('source', '=', source)
    .where('stream', '=', stream)
    .orderBy('tenant_id')
    .execute();
  return rows
    .filter((row) => known.has(row.tenant_id))
    .map((row) => ({ tenantId: row.tenant_id, plan: JSON.parse(row.cursor) as DemoPlan }));
}

/**
 * Deletes everything of one demo tenant, its definitions and the tenant row included, in one
 * transaction, so the seed can create it afresh. Refuses a tenant the seed did not mark.
 */
export async function dropDemoTenant(database: RevenueDatabase, tenantId: string): Promise<void> {
  const demos = await seededDemos(database);
  if (!demos.some((demo) => demo.tenantId === tenantId)) {
    throw new Error(`tenant ${tenantId} was not created by the demo seed: refusing to delete it`);
  }
  await database.db.transaction().execute(async (trx) => {
    for (const table of tenantTables) {
      await trx
        .deleteFrom(table as 'people')
        .where('tenant_id', '=', tenantId)
        .execute();
    }
    await trx.deleteFrom('tenants').where('id', '=', tenantId).execute();
  });
}
