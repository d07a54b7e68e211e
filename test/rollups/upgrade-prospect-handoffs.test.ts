/**
 * Upgrading to 0007_prospect_handoffs: handoffs made before it recorded no flags, so each is
 * back-filled from its person's flags as they are when the migration runs (a prospect's handoff
 * when all four are set), and the handoff family of rollups is marked unbuilt so that its first
 * reader counts prospects too.
 */
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrations } from '../../gateway/store/migrate.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { testTenants } from '../support/gateway.js';

const at = Date.parse('2026-02-03T15:00:00Z');

/** A person as 0005 stores one, with the given four flags. */
function personRow(id: string, flags: [number, number, number, number]) {
  const [icp_fit, has_budget, has_timeframe, willing_to_engage] = flags;
  return {
    tenant_id: 'acme',
    id,
    stage: 'mql',
    stage_entered_at: at,
    fit_grade: 'B',
    engagement_score: 0,
    scored_at: at,
    icp_fit,
    has_budget,
    has_timeframe,
    willing_to_engage,
    created_at: at - 86_400_000,
    updated_at: at,
    provenance: '{}',
  };
}

function handoffRow(id: string, personId: string) {
  return {
    tenant_id: 'acme',
    id,
    person_id: personId,
    handed_off_at: at,
    deadline_at: at + 4 * 3_600_000,
    policy_version: 1,
  };
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`upgrading handoffs to record prospects, on ${dialect.name}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(dialect.name, { migrate: false });
      const migrator = new Migrator({
        db: test.database.db,
        provider: { getMigrations: async () => migrations },
      });
      expect((await migrator.migrateTo('0005_calendar_days')).error).toBeUndefined();
      await ensureTenant(test.database, testTenants[0]!, Date.parse('2023-01-01T00:00:00Z'));
      const db = test.database.db as never as Kysely<Record<string, Record<string, unknown>>>;
      await db
        .insertInto('people')
        .values([
          personRow('per_all', [1, 1, 1, 1]),
          personRow('per_three', [1, 1, 0, 1]),
          personRow('per_none', [0, 0, 0, 0]),
        ])
        .execute();
      await db
        .insertInto('handoffs')
        .values([
          handoffRow('hnd_all', 'per_all'),
          handoffRow('hnd_three', 'per_three'),
          handoffRow('hnd_none', 'per_none'),
        ])
        .execute();
      await db
        .insertInto('rollup_state')
        .values({ tenant_id: 'acme', family: 'handoffs', signature: 'before 0007', built_at: at })
        .execute();
    });
    afterAll(() => test?.drop());

    it("back-fills each handoff from its person's current flags and marks the handoff rollups unbuilt", async () => {
      const report = await migrateToLatest(test.database.db);
      expect(report.applied).toContain('0007_prospect_handoffs');
      const db = test.database.db;
      const rows = await db.selectFrom('handoffs').select(['id', 'is_prospect']).orderBy('id').execute();
      expect(rows.map((row) => [row.id, Number(row.is_prospect)])).toEqual([
        ['hnd_all', 1],
        ['hnd_none', 0],
        ['hnd_three', 0],
      ]);
      const state = await db.selectFrom('rollup_state').select('family').execute();
      expect(state.map((row) => row.family)).not.toContain('handoffs');
    });
  });
}
