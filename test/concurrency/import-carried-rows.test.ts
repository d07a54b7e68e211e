/**
 * An import keeps the people it wrote from one batch to the next (ingest/carried.ts) only while
 * nobody else writes the tenant: on SQLite and PostgreSQL, a write between two of its batches,
 * or several imports of the same people at once, lose no score (the stored score is the sum of
 * the score events), and an import left alone reads each person once, not once per batch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IngestCaches } from '../../gateway/ingest/caches.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { testTenants } from '../support/gateway.js';
import { atOnce, personRecord, t0 } from './support.js';

const at = t0 + 3_600_000; // one instant: no decay between touches, so scores simply add up
const people = ['Carry-1', 'Carry-2', 'Carry-3'];

function touch(prefix: string, i: number, person = people[i % people.length]!): SourceRecordInput {
  return {
    kind: 'touch',
    system: 'csv',
    sourceId: `${prefix}-${i}`,
    person: { system: 'csv', objectType: 'record', sourceId: person },
    type: 'form_submit',
    channel: 'content',
    occurredAt: at,
  } as SourceRecordInput;
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`an import's people between its batches on ${dialect.name}`, () => {
    let test: TestDatabase | undefined;
    afterEach(async () => {
      await test?.drop();
      test = undefined;
    });

    async function tenant(): Promise<TenantStore> {
      test = await createTestDatabase(dialect.name);
      for (const t of testTenants) await ensureTenant(test.database, t, Date.parse('2023-01-01T00:00:00Z'));
      const acme = new TenantStore(test.database, 'acme');
      await ingestRecords(
        acme,
        people.map((id) => personRecord(id)),
      );
      return acme;
    }

    async function scores(acme: TenantStore) {
      const stored = await acme.db
        .selectFrom('people')
        .select(['id', 'engagement_score'])
        .where(
          'id',
          'in',
          people.map((id) => `per_csv:record:${id}`),
        )
        .orderBy('id')
        .execute();
      const events = await acme.db
        .selectFrom('score_events')
        .select((eb) => ['person_id', eb.fn.sum<number>('delta').as('sum'), eb.fn.countAll<number>().as('n')])
        .groupBy('person_id')
        .orderBy('person_id')
        .execute();
      return { stored, events };
    }

    it('a write between two batches is kept: the next batch reads the people again', async () => {
      const acme = await tenant();
      const caches = new IngestCaches();
      // Pulled again only once the batch before has committed: the other writer goes in between.
      const records = async function* () {
        for (let i = 0; i < 60; i++) {
          if (i > 0 && i % 10 === 0)
            await ingestRecords(
              acme,
              people.map((person, j) => touch(`other-${i}`, j, person)),
            );
          yield touch('import', i);
        }
      };
      const report = await ingestRecords(acme, records(), { batchSize: 10, caches });
      expect(report.written).toBe(60);
      const { stored, events } = await scores(acme);
      // 60 import touches and 5 × 3 from the other writer, 10 points each (form_submit).
      expect(events.map((e) => Number(e.n))).toEqual([25, 25, 25]);
      for (const [i, person] of stored.entries())
        expect(person.engagement_score).toBeCloseTo(Number(events[i]!.sum), 6);
    });

    it('left alone, it reads each person once, not once per batch', async () => {
      const acme = await tenant();
      const run = async (carry: boolean) => {
        const caches = new IngestCaches();
        let others = 0;
        const records = async function* () {
          for (let i = 0; i < 60; i++) {
            if (!carry && i > 0 && i % 10 === 0) {
              // Another writer in between makes every batch read its people again; its own
              // statements are not the import's.
              const before = test!.database.stats.queries;
              await ingestRecords(acme, [personRecord('Carry-1')]);
              others += test!.database.stats.queries - before;
            }
            yield touch(carry ? 'alone' : 'crowded', i);
          }
        };
        const before = test!.database.stats.queries;
        await ingestRecords(acme, records(), { batchSize: 10, caches });
        return {
          statements: test!.database.stats.queries - before - others,
          carried: caches.carried.people.size,
        };
      };
      const crowded = await run(false);
      const alone = await run(true);
      expect(alone.carried).toBe(3);
      // Each of the five later batches skips its people and handoffs look-ups.
      expect(crowded.statements - alone.statements).toBeGreaterThanOrEqual(10);
    });

    it('four imports of the same people at once: every touch scored once, no score lost', async () => {
      const acme = await tenant();
      await atOnce(4, (run) =>
        ingestRecords(
          acme,
          Array.from({ length: 90 }, (_, i) => touch(`run${run}`, i)),
          { batchSize: 7, caches: new IngestCaches() },
        ),
      );
      const { stored, events } = await scores(acme);
      expect(events.map((e) => Number(e.n))).toEqual([120, 120, 120]);
      for (const [i, person] of stored.entries())
        expect(person.engagement_score).toBeCloseTo(Number(events[i]!.sum), 6);
    });
  });
}
