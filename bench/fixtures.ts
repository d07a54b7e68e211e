/**
 * Seeded databases shared by the benchmarks of one run: the seed benchmark's million-touch
 * database is the one the dashboard benchmark then queries. Removed when the run ends.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '../gateway/auth/mint.js';
import { TenantSecuritySettings } from '../gateway/auth/tenant-security.js';
import { IngestCaches } from '../gateway/ingest/caches.js';
import { ingestRecords } from '../gateway/ingest/ingest.js';
import { refreshRollups } from '../gateway/metrics/refresh.js';
import { demoTenants, generateDemoRecords } from '../gateway/seed/generate.js';
import { settingName } from '../gateway/sources/settings.js';
import { openDatabase } from '../gateway/store/database.js';
import { migrateToLatest } from '../gateway/store/migrate.js';
import { TenantStore } from '../gateway/store/tenant-store.js';
import { ensureTenant } from '../gateway/store/tenants.js';

export const benchNow = new Date('2026-11-01T00:00:00Z');
export const benchTenant = demoTenants()[0]!;

// Made on the first seed, not on import: the gateway processes import this module too.
let folder: string | undefined;
function seedFolder(): string {
  if (!folder) {
    const made = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    folder = made;
  }
  return folder;
}

export interface SeededDatabase {
  url: string;
  people: number;
  touches: number;
  records: number;
  ms: number;
  /** Building the dashboard's rollups after the load. */
  rollupMs: number;
  rejected: number;
}

const seeded = new Map<string, Promise<SeededDatabase>>();

/** A database with `people` and `touches` of demo data for one tenant; `url` may be PostgreSQL. */
export function seededDatabase(
  people: number,
  touches: number,
  options: { url?: string; batchSize?: number } = {},
) {
  const key = `${options.url ?? 'sqlite'}:${people}:${touches}:${options.batchSize ?? ''}`;
  let result = seeded.get(key);
  if (!result) {
    result = seed(
      options.url ?? join(seedFolder(), `${people}-${touches}-${options.batchSize ?? 'd'}.db`),
      people,
      touches,
      options.batchSize,
    );
    seeded.set(key, result);
  }
  return result;
}

async function seed(
  url: string,
  people: number,
  touches: number,
  batchSize?: number,
): Promise<SeededDatabase> {
  const database = await openDatabase({ url });
  await migrateToLatest(database.db);
  await ensureTenant(database, benchTenant, benchNow.getTime());
  const started = performance.now();
  const report = await ingestRecords(
    new TenantStore(database, benchTenant.id),
    generateDemoRecords({ tenantId: benchTenant.id, seed: 42, people, touches, now: benchNow }),
    // As `tandem seed` does: a bulk load, its rollups built once at the end (timed apart).
    { caches: new IngestCaches(), batchSize, rollups: 'defer' },
  );
  await database.analyze();
  const ms = performance.now() - started;
  const rollupsStarted = performance.now();
  await refreshRollups(new TenantStore(database, benchTenant.id), { now: benchNow.getTime() });
  const rollupMs = performance.now() - rollupsStarted;
  await database.close();
  return { url, people, touches, records: report.read, ms, rollupMs, rejected: report.rejectedCount };
}

/**
 * The gateway wants a token: benchmarks run it with a throwaway tenant secret and mint their own
 * tokens (an analyst for their queries, a viewer for widgets, as an embedding page has). A
 * gateway in another process is given the same `secret` (bench/gateway-process.ts).
 */
export function benchSecurity(secret = randomBytes(32).toString('base64url')) {
  const security = new TenantSecuritySettings({ [settingName(benchTenant.id, 'token', 'secret')]: secret });
  const token = (role: 'analyst' | 'viewer') =>
    mintToken({ tenant: benchTenant.id, role, name: 'bench' }, new TextEncoder().encode(secret));
  return { security, token, secret };
}
