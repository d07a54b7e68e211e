/**
 * `tandem rollups rebuild`: recompute every tenant's rollups (or one tenant's) from the raw rows,
 * e.g. after restoring a backup or editing rows by hand outside Tandem. Writes through Tandem
 * never need it: they keep the rollups current themselves.
 */
import { type StoreOptions, UsageError } from '../config.js';
import { isRollupFamily } from '../metrics/families.js';
import { refreshRollups } from '../metrics/refresh.js';
import { familyNames } from '../rollups/marks.js';
import { TenantStore } from '../store/tenant-store.js';
import { listTenants } from '../store/tenants.js';
import { openMigratedDatabase } from './open-store.js';

export interface RollupsOptions extends StoreOptions {
  tenant?: string;
  family?: string[];
}

export async function rollupsRebuildCommand(options: RollupsOptions): Promise<void> {
  const wanted = options.family ?? [];
  const unknown = wanted.filter((name) => !isRollupFamily(name));
  if (unknown.length) {
    throw new UsageError(`unknown rollup family ${unknown.join(', ')} (families: ${familyNames.join(', ')})`);
  }
  const database = await openMigratedDatabase(options);
  try {
    const tenants = (await listTenants(database)).filter((t) => !options.tenant || t.id === options.tenant);
    if (options.tenant && tenants.length === 0) {
      throw new UsageError(`no tenant '${options.tenant}' in ${database.location}`);
    }
    for (const tenant of tenants) {
      const started = performance.now();
      const reports = await refreshRollups(new TenantStore(database, tenant.id), {
        now: Date.now(),
        rebuild: true,
        families: wanted.length ? wanted.filter(isRollupFamily) : undefined,
      });
      const done = reports.map((r) => `${r.family} ${r.days} days`).join(', ');
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${tenant.id}: rebuilt ${done} in ${seconds} s`);
    }
  } finally {
    await database.close();
  }
}
