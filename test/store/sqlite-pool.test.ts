/**
 * The SQLite read pool (gateway/store/sqlite-pool/): reader threads answer the same rows as the
 * main connection, transactions stay on the main connection, errors keep SQLite's message, lanes
 * take turns, and closing the database stops every thread. The suite runs the whole dashboard
 * through two gateways on one file, one reading on reader threads and one on the main connection.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardQuery } from '../../bench/queries.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { demoTenants, generateDemoRecords } from '../../gateway/seed/generate.js';
import { createTandemYoga } from '../../gateway/server/yoga.js';
import { openDatabase, type RevenueDatabase, StoreUnavailableError } from '../../gateway/store/database.js';
import { FairQueue, readLane } from '../../gateway/store/lanes.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { testKeys, testToken } from '../support/gateway.js';

const tenant = demoTenants()[0]!;
const now = new Date('2026-11-01T00:00:00Z');

const roiBySegment = /* GraphQL */ `{
  enterprise: campaignRoi(model: TIME_DECAY, filter: { from: "2025-01-01", to: "2026-10-31", segment: "Enterprise" }) {
    campaigns { campaign { id } attributedRevenue newCustomers leads } unattributedRevenue wonRevenue
  }
  smb: campaignRoi(model: LINEAR, filter: { from: "2025-01-01", to: "2026-10-31", segment: "SMB" }) {
    campaigns { campaign { id } attributedRevenue newCustomers leads } unattributedRevenue wonRevenue
  }
}`;

describe('SQLite read pool', () => {
  let test: TestDatabase;
  let pooled: RevenueDatabase;
  let main: RevenueDatabase;

  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    await ensureTenant(test.database, tenant, now.getTime());
    await ingestRecords(
      new TenantStore(test.database, tenant.id),
      generateDemoRecords({ tenantId: tenant.id, seed: 7, people: 300, touches: 3000, now }),
    );
    pooled = await openDatabase({ url: test.url, readers: 2 });
    main = await openDatabase({ url: test.url, readers: 0 });
  });
  afterAll(async () => {
    await pooled?.close();
    await main?.close();
    await test?.drop();
  });

  async function ask(database: RevenueDatabase, query: string, variables = {}) {
    const yoga = createTandemYoga(database, { keys: testKeys });
    const token = await testToken({ tenant: tenant.id, role: 'analyst' });
    const response = await yoga.fetch('http://tandem.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it('answers the dashboard and raw campaign ROI with the same rows as the main connection', async () => {
    expect(main.readers).toBeUndefined();
    const before = pooled.readers!.stats.reads;
    const variables = { filter: { from: '2025-11-01', to: '2026-10-31' } };
    expect(await ask(pooled, dashboardQuery, variables)).toEqual(await ask(main, dashboardQuery, variables));
    expect(await ask(pooled, roiBySegment)).toEqual(await ask(main, roiBySegment));
    // Every read of those requests went to reader threads, several of them at once.
    expect(pooled.readers!.stats.reads - before).toBeGreaterThan(10);
    expect(pooled.readers!.threads).toBe(2);
  });

  it('keeps reads inside a transaction on the main connection, where they see its own writes', async () => {
    const store = new TenantStore(pooled, tenant.id);
    const before = pooled.readers!.stats.reads;
    const seen = await store
      .transaction(async (trx) => {
        await trx.db.deleteFrom('campaign_costs').execute();
        const { n } = await trx.db
          .selectFrom('campaign_costs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        throw Object.assign(new Error('roll back'), { n });
      })
      .catch((error: { n: number }) => error.n);
    expect(seen).toBe(0);
    expect(pooled.readers!.stats.reads).toBe(before);
    const { n } = await store.db
      .selectFrom('campaign_costs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBeGreaterThan(0); // rolled back: the readers still see every row
  });

  it('reads its own writes: a row written on the main connection is there for the next read', async () => {
    const store = new TenantStore(pooled, tenant.id);
    const count = async () =>
      (
        await store.db
          .selectFrom('campaigns')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'like', 'pool-%')
          .executeTakeFirstOrThrow()
      ).n;
    const reads = pooled.readers!.stats.reads;
    for (let i = 1; i <= 10; i++) {
      await store.db
        .insertInto('campaigns')
        .values({
          tenant_id: tenant.id,
          id: `pool-${i}`,
          name: `Pool ${i}`,
          channel: 'Email',
          parent_id: null,
          starts_on: null,
          ends_on: null,
          source_system: 'test',
          source_id: `pool-${i}`,
        })
        .execute();
      expect(await count()).toBe(i);
    }
    expect(pooled.readers!.stats.reads - reads).toBe(10);
  });

  it("answers a statement's error with SQLite's message and keeps answering", async () => {
    await expect(sql`select * from no_such_table`.execute(pooled.db)).rejects.toThrow(
      'no such table: no_such_table',
    );
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(pooled.db);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('gives each lane its turn: one lane’s burst does not queue ahead of another’s statement', () => {
    const queue = new FairQueue<string>();
    readLane.run('busy', () => {
      for (let i = 1; i <= 4; i++) queue.push(`busy ${i}`);
    });
    readLane.run('quiet', () => queue.push('quiet 1'));
    expect([1, 2, 3, 4, 5].map(() => queue.shift())).toEqual([
      'busy 1',
      'quiet 1',
      'busy 2',
      'busy 3',
      'busy 4',
    ]);
    expect(queue.size).toBe(0);
  });

  it('stops every reader thread when the database closes', async () => {
    const database = await openDatabase({ url: test.url, readers: 2 });
    const one = sql`select 1`;
    await Promise.all([one.execute(database.db), one.execute(database.db), one.execute(database.db)]);
    expect(database.readers!.threads).toBe(2);
    await database.close();
    expect(database.readers!.threads).toBe(0);
    await expect(one.execute(database.db)).rejects.toThrow();
  });

  it('lets a process that read through the pool exit once it closes the database', () => {
    const script = fileURLToPath(new URL('./sqlite-pool-child.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, test.url], {
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect({ status: child.status, signal: child.signal, stdout: child.stdout.trim() }).toEqual({
      status: 0,
      signal: null,
      stdout: 'read 1 row on 2 threads; closed with 0 threads',
    });
  });

  it('refuses a number of reader threads that is not a whole number, naming the setting', async () => {
    const previous = process.env.TANDEM_SQLITE_READ_WORKERS;
    process.env.TANDEM_SQLITE_READ_WORKERS = 'many';
    try {
      await expect(openDatabase({ url: test.url })).rejects.toThrow(
        new StoreUnavailableError(
          "TANDEM_SQLITE_READ_WORKERS must be a whole number of reader threads (0 for none), not 'many'",
        ),
      );
    } finally {
      if (previous === undefined) delete process.env.TANDEM_SQLITE_READ_WORKERS;
      else process.env.TANDEM_SQLITE_READ_WORKERS = previous;
    }
  });
});
