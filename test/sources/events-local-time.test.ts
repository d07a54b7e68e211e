/**
 * The events endpoint's `occurredAt` without an offset is the tenant's local time (the CSV
 * import's rule, gateway/domain/local-date-text.ts), whatever the gateway process's zone; with
 * `Z` or an offset it is that instant. On SQLite and PostgreSQL, for New York and Berlin tenants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../../gateway/sources/events/events.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { dialects } from '../support/databases.js';
import { type SourceTestDatabase, sourceTestDatabase } from './support.js';

/** In March 2026 New York is UTC-5 (DST starts 8 March), Berlin UTC+1. */
const offsetHours = { acme: -5, globex: 1 };

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`events without an offset on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
    });
    afterAll(() => test?.drop());

    for (const tenant of ['acme', 'globex'] as const) {
      it(`reads them in ${tenant}'s zone`, async () => {
        const store = new TenantStore(test.database, tenant);
        const local = (wall: string) => Date.parse(`${wall}Z`) - offsetHours[tenant] * 3_600_000;
        const touch = (key: string, occurredAt: string) => ({
          idempotencyKey: key,
          kind: 'touch',
          type: 'page_view',
          email: 'ada@example.org',
          channel: 'organic_search',
          occurredAt,
        });
        const report = await ingestEvents(store, {
          source: 'website',
          events: [
            touch('naive', '2026-03-02T10:00:00'),
            touch('minutes', '2026-03-02 23:30'),
            touch('day', '2026-03-03'),
            touch('utc', '2026-03-02T10:00:00Z'),
            touch('offset', '2026-03-02T10:00:00+02:00'),
            touch('no-day', '2026-02-31T10:00'),
          ],
        });
        expect(report).toMatchObject({ received: 6, written: 5, newPeople: 1 });
        expect(report.rejected).toEqual([
          { index: 5, idempotencyKey: 'no-day', reason: expect.stringContaining('2026-02-31 is not a date') },
        ]);
        const rows = await store.db.selectFrom('touches').select(['source_id', 'occurred_at']).execute();
        const at = Object.fromEntries(rows.map((row) => [row.source_id, Number(row.occurred_at)]));
        expect(at).toEqual({
          naive: local('2026-03-02T10:00:00'),
          minutes: local('2026-03-02T23:30:00'),
          day: local('2026-03-03T00:00:00'),
          utc: Date.parse('2026-03-02T10:00:00Z'),
          offset: Date.parse('2026-03-02T08:00:00Z'),
        });
        // The person the first event made exists from its local time.
        const person = await store.db.selectFrom('people').select('created_at').executeTakeFirstOrThrow();
        expect(Number(person.created_at)).toBe(local('2026-03-02T10:00:00'));
      });
    }
  });
}
