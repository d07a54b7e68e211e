/**
 * PostgreSQL's connections are taken through a fair gate (gateway/store/lanes.ts FairGate): more
 * statements than connections wait their turn instead of running down the pool's connect timeout
 * (three fifteen-alias reports asked for 45 connections of 10, and aliases failed with "timeout
 * exceeded when trying to connect"), and a tenant's lane is served between another's backlog.
 * Order and counts are asserted, never durations.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type RevenueDatabase } from '../../gateway/store/database.js';
import { readLane } from '../../gateway/store/lanes.js';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/databases.js';

const available = await postgresReachable();

describe.skipIf(!available)('PostgreSQL connections through the fair gate', () => {
  let test: TestDatabase;
  let database: RevenueDatabase;

  beforeAll(async () => {
    test = await createTestDatabase('postgres', { migrate: false });
    // A connect timeout far shorter than the queue below takes to drain.
    database = await openDatabase({ url: test.url, postgresTimeouts: { connectMs: 300 } });
  });
  afterAll(async () => {
    await database?.close();
    await test?.drop();
  });

  const sleep = (lane: string, label: string) =>
    readLane.run(lane, async () => {
      await sql`select pg_sleep(0.2)`.execute(database.db);
      return label;
    });

  it('runs 40 statements on 10 connections, each waiting its turn, none failing', async () => {
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => sleep('acme', `a${i}`)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
  });

  it("serves another tenant's statement between one tenant's backlog", async () => {
    const finished: string[] = [];
    const track = (promise: Promise<string>) => promise.then((label) => void finished.push(label));
    const backlog = Array.from({ length: 30 }, (_, i) => track(sleep('acme', `acme ${i}`)));
    // Sent after all thirty: first-come would run it last, in the fourth round.
    const other = track(sleep('nordlicht', 'nordlicht'));
    await Promise.all([...backlog, other]);
    expect(finished).toHaveLength(31);
    expect(finished.indexOf('nordlicht')).toBeLessThan(20);
  });
});
