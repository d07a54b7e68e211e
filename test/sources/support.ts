/** Shared by the connector tests: a fresh database with the test tenants, and row counts per table. */
import type { DialectName } from '../../gateway/store/database.js';
import type { TenantTableName } from '../../gateway/store/tables.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { testTenants } from '../support/gateway.js';

export interface SourceTestDatabase extends TestDatabase {
  acme: TenantStore;
}

export async function sourceTestDatabase(dialect: DialectName): Promise<SourceTestDatabase> {
  const test = await createTestDatabase(dialect);
  for (const tenant of testTenants)
    await ensureTenant(test.database, tenant, Date.parse('2023-01-01T00:00:00Z'));
  return { ...test, acme: new TenantStore(test.database, 'acme') };
}

const counted: TenantTableName[] = [
  'people',
  'person_identities',
  'accounts',
  'touches',
  'activities',
  'stage_transitions',
  'opportunities',
  'opportunity_stages',
  'campaigns',
  'campaign_costs',
  'score_events',
];

export async function rowCounts(store: TenantStore): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of counted) {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

/** A fast retry policy for tests: the same behaviour, milliseconds instead of seconds. */
export const quickRetries = {
  attempts: 6,
  baseDelayMs: 5,
  maxDelayMs: 50,
  timeoutMs: 2_000,
  longestWaitMs: 5_000,
};
