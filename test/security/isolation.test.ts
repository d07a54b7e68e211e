/**
 * A heavy request must not hold up light ones (issue 13), on SQLite and PostgreSQL: a cached
 * answer is served while a heavy statement is still running (on SQLite it runs on a reader
 * thread, not the event loop), a write is read back at once by the next request, and one
 * tenant's operations beyond its share wait or get 429 while another tenant is answered. Order and
 * counts are asserted, never durations.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { turns } from '../../gateway/metrics/campaigns/attribution.js';
import { createResponseCache, type ResponseCache } from '../../gateway/server/cache.js';
import { TenantConcurrency } from '../../gateway/server/plugins/use-tenant-concurrency.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway, testKeys, testToken } from '../support/gateway.js';

/** Rows a recursive CTE walks: seconds of work for either engine, in one statement. */
const heavyRows = { sqlite: 10_000_000, postgres: 2_000_000 };

const widgetQuery = '{ funnel(filter: { from: "2026-01-01", to: "2026-06-30" }) { entered } }';

describe('long JavaScript loops', () => {
  it('give other requests a turn of the event loop every 256 rows once their slice is spent', async () => {
    const yieldNow = turns(0);
    let others = 0;
    const order: string[] = [];
    for (let row = 1; row <= 1024; row++) {
      // Another request's callback, queued while the loop runs: it runs at the loop's next turn.
      setImmediate(() => others++);
      const turn = yieldNow();
      if (turn) {
        await turn;
        order.push(`row ${row}: ${others} served`);
      }
    }
    expect(order).toEqual([
      'row 256: 256 served',
      'row 512: 512 served',
      'row 768: 768 served',
      'row 1024: 1024 served',
    ]);
  });
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`isolation on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let cache: ResponseCache;
    let cached: TandemYoga;
    const limiter = new TenantConcurrency({ running: 1, waiting: 1 });

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name, { concurrency: limiter });
      cache = createResponseCache(gateway.database, { keyPrefix: '', ttlMs: 60_000, maxEntries: 100 });
      cached = createTandemYoga(gateway.database, { keys: testKeys, security: gateway.security, cache });
    });
    afterAll(async () => {
      await cache?.close();
      await gateway?.drop();
    });

    /** The widget's query through the gateway with a response cache: its outcome and statements. */
    async function askCached() {
      const token = await testToken({ tenant: 'acme', role: 'analyst' });
      const before = gateway.database.stats.queries;
      const response = await cached.fetch('http://tandem.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: widgetQuery }),
      });
      await response.json();
      return {
        status: response.status,
        cache: response.headers.get('x-tandem-cache'),
        statements: gateway.database.stats.queries - before,
      };
    }

    it('serves a cached answer while a heavy statement is still running', async () => {
      const rows = heavyRows[dialect.name];
      expect((await askCached()).cache).toBe('miss'); // computed and kept
      // Raw text starting with SELECT: on SQLite it goes to a reader thread like any other read.
      let heavyDone = false;
      const heavy = sql<{ count: number }>`select count(*) as count from (
          with recursive c(n) as (select 1 union all select n + 1 from c where n < ${rows}) select n from c
        ) as walked`
        .execute(gateway.database.db)
        .finally(() => {
          heavyDone = true;
        });
      await nextTurn(); // the heavy statement has started by now, wherever it runs

      const light = await askCached();
      expect({ status: light.status, cache: light.cache }).toEqual({ status: 200, cache: 'hit' });
      expect(heavyDone).toBe(false);
      expect((await heavy).rows).toEqual([{ count: rows }]);
    });

    it('reads a write back in the very next request', async () => {
      for (const targetHours of [9, 10, 11, 12, 13]) {
        const write = await gateway.graphql(
          `mutation { updateSlaPolicy(input: { targetHours: ${targetHours} }) }`,
        );
        expect(write.errors).toBeUndefined();
        const read = await gateway.graphql<{ slaPolicies: { version: number; targetHours: number }[] }>(
          '{ slaPolicies { version targetHours } }',
        );
        const newest = read.data!.slaPolicies.reduce((a, b) => (b.version > a.version ? b : a));
        expect({ version: newest.version, targetHours: newest.targetHours }).toEqual({
          version: write.data!.updateSlaPolicy,
          targetHours,
        });
      }
    });

    it("queues a tenant's operation beyond its share, refuses the next with 429, and answers another tenant", async () => {
      // Holds the database's writer: acme's mutation below waits for it while holding acme's place.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding!: () => void;
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const writer = gateway.database.db.transaction().execute(async (trx) => {
        if (dialect.name === 'postgres') await sql`lock table sla_policies in exclusive mode`.execute(trx);
        holding();
        await gate;
      });
      await held;

      let mutationDone = false;
      const running = gateway
        .graphql<{ updateSlaPolicy: number }>('mutation { updateSlaPolicy(input: { targetHours: 20 }) }')
        .finally(() => {
          mutationDone = true;
        });
      await vi.waitFor(() => expect(limiter.running('acme')).toBe(1));
      const queued = gateway.graphql('{ tenant { id } }');
      await vi.waitFor(() => expect(limiter.waiting('acme')).toBe(1));

      const refused = await gateway.graphql('{ tenant { id } }');
      expect({ status: refused.status, code: refused.errors?.[0]?.extensions?.code }).toEqual({
        status: 429,
        code: 'TENANT_BUSY',
      });
      expect(refused.errors![0]!.message).toBe(
        "tenant 'acme' has 1 operations running and 1 waiting: retry in 1 s",
      );
      expect(refused.headers.get('retry-after')).toBe('1');

      const other = await gateway.graphql('{ tenant { id } }', {}, { tenant: 'globex' });
      expect({ status: other.status, data: other.data }).toEqual({
        status: 200,
        data: { tenant: { id: 'globex' } },
      });
      expect(mutationDone).toBe(false);

      release();
      await writer;
      expect((await running).errors).toBeUndefined();
      expect((await queued).data).toEqual({ tenant: { id: 'acme' } });
      expect([limiter.running('acme'), limiter.waiting('acme')]).toEqual([0, 0]);
    });
  });
}
