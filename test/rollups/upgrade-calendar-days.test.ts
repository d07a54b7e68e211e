/**
 * Upgrading a database whose velocity histograms hold days by the old rule (each 24-hour span
 * rounded): 0005_calendar_days marks the cohort family unbuilt, so the first reader rebuilds it in
 * calendar days and the funnel answers as the raw rows do, the old histograms never read. The data
 * is written by today's ingest, which needs today's tables, so the database is at the latest
 * migration with histograms by the old rule, and 0005 is run on it again.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { IngestCaches } from '../../gateway/ingest/caches.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { refreshRollups } from '../../gateway/metrics/refresh.js';
import { generateDemoRecords } from '../../gateway/seed/generate.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { migrations } from '../../gateway/store/migrate.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { askAsAdmin, testKeys, testTenants } from '../support/gateway.js';

const now = new Date();
const funnel = /* GraphQL */ `
  query ($filter: MetricsFilter) { funnel(filter: $filter) { stages { key reached medianDaysToNext meanDaysToNext } } }
`;

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`upgrading velocity histograms to calendar days, on ${dialect.name}`, () => {
    let test: TestDatabase;
    const yoga = (rollups: boolean): TandemYoga =>
      createTandemYoga(test.database, { keys: testKeys, security: new TenantSecuritySettings({}), rollups });

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      await ensureTenant(test.database, testTenants[0]!, Date.parse('2023-01-01T00:00:00Z'));
      const store = new TenantStore(test.database, 'acme');
      const records = generateDemoRecords({
        tenantId: 'acme',
        seed: 7,
        people: 80,
        touches: 800,
        now,
        years: 1,
      });
      const report = await ingestRecords(store, records, { caches: new IngestCaches(), rollups: 'defer' });
      expect(report.rejectedCount).toBe(0);
      await refreshRollups(store, { now: now.getTime(), rebuild: true });
      // Histograms by another rule, under a state that says the family is built and current.
      const db = store.db as never as Kysely<Record<string, Record<string, unknown>>>;
      await db.updateTable('rollup_velocity').set({ days: sql`days + 100` }).execute();
      await db.deleteFrom('rollup_velocity_month').execute();
    });
    afterAll(() => test?.drop());

    it('marks the cohort family unbuilt, and the first reader rebuilds it in calendar days', async () => {
      // Unmigrated, the stored histograms are trusted and the funnel disagrees with the raw rows.
      expect(await askAsAdmin(yoga(true), funnel, { filter: {} })).not.toEqual(
        await askAsAdmin(yoga(false), funnel, { filter: {} }),
      );
      await migrations['0005_calendar_days']!.up(test.database.db);
      const state = await test.database.db.selectFrom('rollup_state').select('family').execute();
      expect(state.map((row) => row.family)).not.toContain('cohort');
      const thisYear = { from: `${now.getUTCFullYear() - 1}-01-01`, to: `${now.getUTCFullYear()}-12-31` };
      for (const filter of [{}, thisYear]) {
        expect(await askAsAdmin(yoga(true), funnel, { filter })).toEqual(
          await askAsAdmin(yoga(false), funnel, { filter }),
        );
      }
    });
  });
}
