/**
 * `tandem start` on an old demo: it says when the demo data ends, and `--refresh-demo` re-seeds
 * the tenants the seed made (recorded by its marker) so their history ends now, leaving every
 * other tenant's rows alone. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDemo, seedDemo, staleDemoNotice } from '../../gateway/cli/seed.js';
import { seededDemos } from '../../gateway/seed/demo-marker.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

const DAY = 86_400_000;
const oldEnd = new Date('2026-10-01T12:00:00Z');
const refreshedAt = new Date('2026-11-20T15:30:00Z');

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`demo refresh on ${dialect.name}`, () => {
    let test: TestDatabase;
    const newestTouch = async (tenantId: string) =>
      Number(
        (
          await new TenantStore(test.database, tenantId).db
            .selectFrom('touches')
            .select((eb) => eb.fn.max('occurred_at').as('at'))
            .executeTakeFirstOrThrow()
        ).at,
      );

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      const plan = { people: 60, touches: 3_000, seed: 5, tenants: 1, years: 1, progress: false };
      await seedDemo(test.database, { ...plan, now: oldEnd });
      // A tenant of real data beside the demo, with one person of its own.
      await ensureTenant(test.database, { id: 'real', name: 'Real Co', timeZone: 'UTC', currency: 'USD' });
      await new TenantStore(test.database, 'real').db
        .insertInto('touches')
        .values({
          ...(await new TenantStore(test.database, 'acme').db
            .selectFrom('touches')
            .selectAll()
            .limit(1)
            .executeTakeFirstOrThrow()),
          tenant_id: 'real',
        })
        .execute();
    }, 120_000);
    afterAll(() => test?.drop());

    it('marks the demo tenant with its plan and no other', async () => {
      const demos = await seededDemos(test.database);
      expect(demos.map((demo) => demo.tenantId)).toEqual(['acme']);
      expect(demos[0]!.plan).toEqual({
        seed: 5,
        people: 60,
        touches: 3_000,
        years: 1,
        endsAt: oldEnd.getTime(),
      });
    });

    it('says nothing within a week of the end, and names the end date after it', async () => {
      expect(await staleDemoNotice(test.database, oldEnd.getTime() + 6 * DAY)).toBeNull();
      expect(await staleDemoNotice(test.database, refreshedAt.getTime())).toBe(
        'The demo data ends on 2026-10-01: `tandem start --refresh-demo` moves it to today.',
      );
    });

    it('moves the demo to the refresh instant with the same seed, and leaves the other tenant alone', async () => {
      const realBefore = await new TenantStore(test.database, 'real').db
        .selectFrom('touches')
        .selectAll()
        .execute();
      expect(await newestTouch('acme')).toBeLessThan(oldEnd.getTime());
      await refreshDemo(test.database, refreshedAt);
      const newest = await newestTouch('acme');
      expect(newest).toBeLessThan(refreshedAt.getTime());
      expect(newest).toBeGreaterThan(refreshedAt.getTime() - DAY);
      const people = await new TenantStore(test.database, 'acme').db
        .selectFrom('people')
        .select('id')
        .execute();
      expect(people).toHaveLength(60);
      expect((await seededDemos(test.database))[0]!.plan.endsAt).toBe(refreshedAt.getTime());
      expect(await staleDemoNotice(test.database, refreshedAt.getTime())).toBeNull();
      expect(
        await new TenantStore(test.database, 'real').db.selectFrom('touches').selectAll().execute(),
      ).toEqual(realBefore);
    });
  });
}
