/**
 * Migration 0004 on a database written before it, on SQLite and PostgreSQL: a person with several
 * open handoffs keeps the newest (accepted and sent-back ones stay), the rollups built from
 * handoffs are marked for a rebuild, and from then on the database itself refuses a second open
 * handoff and a second score event for one touch.
 */
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrations } from '../../gateway/store/migrate.js';
import type { HandoffTable } from '../../gateway/store/tables.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { t0 } from './support.js';

const hour = 3_600_000;

function handoff(id: string, at: number, closed: Partial<HandoffTable> = {}): HandoffTable {
  return {
    tenant_id: 'acme',
    id,
    person_id: 'per_1',
    owner_id: null,
    handed_off_at: at,
    deadline_at: at + 4 * hour,
    first_touch_at: null,
    response_hours: null,
    accepted_at: null,
    sent_back_at: null,
    sent_back_reason: null,
    policy_version: 1,
    ...closed,
  };
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`write constraints (migration 0004) on ${dialect.name}`, () => {
    let test: TestDatabase;
    let acme: TenantStore;

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name, { migrate: false });
      const migrator = new Migrator({
        db: test.database.db,
        provider: { getMigrations: async () => migrations },
      });
      expect((await migrator.migrateTo('0003_packed_distributions')).error).toBeUndefined();
      await ensureTenant(test.database, { id: 'acme', name: 'Acme', timeZone: 'UTC', currency: 'USD' });
      acme = new TenantStore(test.database, 'acme');
      await acme.db
        .insertInto('handoffs')
        .values([
          handoff('hnd_accepted', t0, { accepted_at: t0 + hour }),
          handoff('hnd_open_old', t0 + 2 * hour),
          handoff('hnd_sent_back', t0 + 3 * hour, {
            sent_back_at: t0 + 4 * hour,
            sent_back_reason: 'no_budget',
          }),
          handoff('hnd_open_new', t0 + 5 * hour),
        ])
        .execute();
      await sql`insert into rollup_state (tenant_id, family, signature, built_at) values ('acme', 'handoffs', 'x', 1)`.execute(
        test.database.db,
      );
    });
    afterAll(async () => {
      await test?.drop();
    });

    it('keeps the newest open handoff of a person, and marks the handoff rollups for a rebuild', async () => {
      const report = await migrateToLatest(test.database.db);
      expect(report.applied[0]).toBe('0004_write_constraints');
      const ids = await acme.db.selectFrom('handoffs').select('id').orderBy('handed_off_at').execute();
      expect(ids.map((row) => row.id)).toEqual(['hnd_accepted', 'hnd_sent_back', 'hnd_open_new']);
      const state = await acme.db.selectFrom('rollup_state').select('family').execute();
      expect(state).toEqual([]);
    });

    it('refuses a second open handoff of a person, and allows one after it is answered', async () => {
      await expect(
        acme.db
          .insertInto('handoffs')
          .values(handoff('hnd_second', t0 + 6 * hour))
          .execute(),
      ).rejects.toThrow(/unique/i);
      await acme.db
        .updateTable('handoffs')
        .set({ accepted_at: t0 + 7 * hour })
        .where('id', '=', 'hnd_open_new')
        .execute();
      await acme.db
        .insertInto('handoffs')
        .values(handoff('hnd_second', t0 + 8 * hour))
        .execute();
    });

    it('refuses a second score event for one touch; events without a touch stay free', async () => {
      const event = {
        tenant_id: 'acme',
        person_id: 'per_1',
        occurred_at: t0,
        delta: 5,
        reason: 'form_submit',
        model_version: 1,
      };
      const keyed = { ...event, touch_id: 'tch_csv:1' } as typeof event;
      await acme.db.insertInto('score_events').values([keyed, event, event]).execute();
      await expect(acme.db.insertInto('score_events').values(keyed).execute()).rejects.toThrow(/unique/i);
    });
  });
}
