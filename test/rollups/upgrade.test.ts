/**
 * Upgrading a database whose rollups were built before 0003_packed_distributions: the migration
 * reshapes the distributions' monthly twins and marks their families unbuilt, so the first
 * reader rebuilds them and the dashboard answers as the raw rows do, old rows never read.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { IngestCaches } from '../../gateway/ingest/caches.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { rollupDefinitions, signatureOf } from '../../gateway/metrics/refresh.js';
import { familyNames as families } from '../../gateway/rollups/marks.js';
import { generateDemoRecords } from '../../gateway/seed/generate.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { migrateToLatest, migrations } from '../../gateway/store/migrate.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { askAsAdmin, testKeys, testTenants } from '../support/gateway.js';

const now = new Date();
const dashboard = /* GraphQL */ `
  query Dashboard($filter: MetricsFilter) {
    funnel(filter: $filter) { stages { key reached medianDaysToNext } }
    sla(filter: $filter) {
      sales { handoffs medianResponseHours p90ResponseHours byRep { rep { id } medianResponseHours } }
    }
  }
`;

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`upgrading built rollups to packed distributions, on ${dialect.name}`, () => {
    let test: TestDatabase;
    const yoga = (rollups: boolean): TandemYoga =>
      createTandemYoga(test.database, { keys: testKeys, security: new TenantSecuritySettings({}), rollups });

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name, { migrate: false });
      const migrator = new Migrator({
        db: test.database.db,
        provider: { getMigrations: async () => migrations },
      });
      // Today's ingest writes columns later migrations add (0004's score_events.touch_id): the data
      // is loaded at the latest version, then the schema goes back down to 0002 around it.
      await migrateToLatest(test.database.db);
      await ensureTenant(test.database, testTenants[0]!, Date.parse('2023-01-01T00:00:00Z'));
      const store = new TenantStore(test.database, 'acme');
      const records = generateDemoRecords({
        tenantId: 'acme',
        seed: 5,
        people: 80,
        touches: 800,
        now,
        years: 1,
      });
      const report = await ingestRecords(store, records, { caches: new IngestCaches(), rollups: 'defer' });
      expect(report.rejectedCount).toBe(0);
      expect((await migrator.migrateTo('0002_rollups')).error).toBeUndefined();
      // Rows as 0002 kept them, under a state that says every family is built and current.
      const defs = await rollupDefinitions(store, now.getTime());
      const month = now.getUTCFullYear() * 12 + now.getUTCMonth();
      const db = store.db as never as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      await db
        .insertInto('rollup_velocity_month')
        .values({ tenant_id: 'acme', month, position: 1, days: 3, people: 999 })
        .execute();
      await db
        .insertInto('rollup_response_month')
        .values({ tenant_id: 'acme', month, owner_id: '', hours: '[1.5]' })
        .execute();
      await db
        .insertInto('rollup_state')
        .values(
          families.map((family) => ({
            tenant_id: 'acme',
            family,
            signature: signatureOf(family, defs),
            built_at: 0,
          })),
        )
        .execute();
      await db.deleteFrom('rollup_dirty').execute();
    });
    afterAll(() => test?.drop());

    // Percentiles of hours may differ in the last bit between PostgreSQL and JavaScript arithmetic.
    const ask = async (yoga: TandemYoga, filter: object) =>
      JSON.parse(
        JSON.stringify(await askAsAdmin(yoga, dashboard, { filter }), (_key, value) =>
          typeof value === 'number' ? Number(value.toPrecision(12)) : value,
        ),
      );

    it('marks the reshaped families unbuilt, and the first reader rebuilds them right', async () => {
      const report = await migrateToLatest(test.database.db);
      expect(report.applied).toEqual(Object.keys(migrations).slice(2));
      expect(report.applied[0]).toBe('0003_packed_distributions');
      const state = await test.database.db.selectFrom('rollup_state').select('family').execute();
      // 0006_matrix_moment marks the matrix unbuilt too (its cells gained conversion_base), and
      // 0012_campaign_handoffs the milestones (campaign entries gained handoffs).
      expect(state.map((row) => row.family).sort()).toEqual(['campaigns']);

      const thisYear = { from: `${now.getUTCFullYear() - 1}-01-01`, to: `${now.getUTCFullYear()}-12-31` };
      for (const filter of [{}, thisYear]) {
        expect(await ask(yoga(true), filter)).toEqual(await ask(yoga(false), filter));
      }
      const rebuilt = await test.database.db.selectFrom('rollup_state').select('family').execute();
      expect(rebuilt).toHaveLength(families.length);
      const packed = await test.database.db.selectFrom('rollup_velocity_month').select('bins').execute();
      expect(packed.length).toBeGreaterThan(0);
    });
  });
}
