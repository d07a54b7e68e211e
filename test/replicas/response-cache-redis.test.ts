/**
 * The response cache in Redis, shared by two gateways over one database, as two replicas share
 * it: an answer computed by one is served by the other, per tenant and scopes, and a write through
 * one makes the other answer afresh at once. Keys stay under the run's prefix and are deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { createResponseCache, type ResponseCache } from '../../gateway/server/cache.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { openDatabase, type RevenueDatabase } from '../../gateway/store/database.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { fixtureRecords } from '../schema/funnel-fixture.js';
import { createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';
import {
  deleteRedisKeys,
  redisKeys,
  redisReachable,
  testRedisUrl,
  uniqueRedisPrefix,
} from '../support/redis.js';
import { analyst, ask, newPerson, waitFor } from './cache-support.js';

const redis = await redisReachable();

describe.skipIf(!redis)('response cache in Redis, shared by two gateways over one database', () => {
  let gateway: TestGateway;
  let second: RevenueDatabase;
  const prefix = uniqueRedisPrefix();
  const caches: ResponseCache[] = [];
  let replicas: [TandemYoga, TandemYoga];

  beforeAll(async () => {
    gateway = await createTestGateway('sqlite');
    await gateway.ingest('acme', fixtureRecords());
    await gateway.ingest('globex', fixtureRecords());
    // Each replica opens the database itself: its own connection, its own change feed.
    second = await openDatabase({ url: gateway.url });
    const settings = { redisUrl: testRedisUrl, keyPrefix: prefix, ttlMs: 60_000, maxEntries: 1000 };
    replicas = [gateway.database, second].map((database) => {
      const cache = createResponseCache(database, settings);
      caches.push(cache);
      return createTandemYoga(database, { keys: testKeys, security: gateway.security, cache });
    }) as [TandemYoga, TandemYoga];
    await Promise.all(caches.map((cache) => waitFor(() => cache.ping())));
  });
  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await second?.close();
    await gateway?.drop();
    await deleteRedisKeys(prefix);
  });

  it('serves on one replica the answer the other computed, per tenant and scopes', async () => {
    const [one, two] = replicas;
    expect((await ask(one, gateway.database, analyst)).cache).toBe('miss');
    const there = await ask(two, second, analyst);
    expect(there).toMatchObject({ cache: 'hit', statements: 0 });
    expect(there.body.data?.tenant.id).toBe('acme');
    expect((await ask(two, second, { tenant: 'globex', role: 'analyst' })).cache).toBe('miss');
    expect((await ask(two, second, { ...analyst, scopes: { segment: 'SMB' } })).cache).toBe('miss');
    // Every key is under the prefix, and the answers expire (no entity sets kept forever).
    const keys = await redisKeys(prefix);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(keys.every((key) => key.startsWith(`${prefix}response-cache:`))).toBe(true);
  });

  it('a write through one replica makes the other answer fresh at once', async () => {
    const [one, two] = replicas;
    await ask(two, second, analyst);
    expect((await ask(two, second, analyst)).cache).toBe('hit');
    await ingestRecords(new TenantStore(gateway.database, 'acme'), [newPerson()]);
    // The bump is an INCR sent when the change is published; the next request reads it.
    await waitFor(async () => expect((await ask(two, second, analyst)).cache).toBe('miss'));
    const fresh = await ask(two, second, analyst);
    expect(fresh.cache).toBe('hit');
    expect(fresh.body.data?.funnel.entered).toBe(8);
    expect((await ask(one, gateway.database, analyst)).body.data?.funnel.entered).toBe(8);
  });
});
