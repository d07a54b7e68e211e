import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { startLiveBridge } from '../../gateway/live/bridge.js';
import type { MetricsChangedEvent } from '../../gateway/live/events.js';
import { emptyMetricsEvent } from '../../gateway/live/events.js';
import { createLivePubSub, type LivePubSub, LiveUnavailableError } from '../../gateway/live/pubsub.js';
import { createSlaWatcher } from '../../gateway/live/sla-watcher.js';
import { createTandemYoga } from '../../gateway/server/yoga.js';
import { createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';
import { deleteRedisKeys, redisReachable, testRedisUrl, uniqueRedisPrefix } from '../support/redis.js';
import { freePort } from '../support/replicas.js';
import { redisClient, untilSubscribed } from './redis-channels.js';
import { subscribe } from './sse.js';

describe('an unreachable Redis', () => {
  it('is refused with its host and port', async () => {
    const port = await freePort();
    const pubsub = createLivePubSub({ redisUrl: `redis://127.0.0.1:${port}` });
    await expect(pubsub.ready()).rejects.toThrow(LiveUnavailableError);
    await expect(pubsub.ready()).rejects.toThrow(
      `Cannot reach Redis at 127.0.0.1:${port}: connect ECONNREFUSED`,
    );
    await pubsub.close();
  });

  it('and a URL that is not Redis’s, without echoing its password', () => {
    expect(() => createLivePubSub({ redisUrl: 'http://admin:s3cret@cache:6379' })).toThrow(
      "REDIS_URL must be a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379), got 'http://admin:***@cache:6379'",
    );
  });
});

const available = await redisReachable();

describe.skipIf(!available)('live events across replicas through Redis', () => {
  const prefix = uniqueRedisPrefix();
  let redis: Redis;
  let a: LivePubSub;
  let b: LivePubSub;
  let gateway: TestGateway;

  beforeAll(async () => {
    redis = redisClient();
    a = createLivePubSub({ redisUrl: testRedisUrl, prefix });
    b = createLivePubSub({ redisUrl: testRedisUrl, prefix });
    await Promise.all([a.ready(), b.ready()]);
    gateway = await createTestGateway('sqlite', { pubsub: a });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await deleteRedisKeys(prefix);
    redis?.disconnect();
    await gateway?.drop();
  });

  it('carries an event published on one replica to a subscriber on the other, on the tenant’s channel', async () => {
    const heard = b.subscribe('metrics', 'acme')[Symbol.asyncIterator]();
    const next = heard.next();
    await untilSubscribed(redis, `${prefix}metrics:acme`);
    const event: MetricsChangedEvent = { ...emptyMetricsEvent('acme', 'ingest', 42), campaigns: 3 };
    a.publish('metrics', 'globex', { ...event, tenantId: 'globex' }); // another tenant's channel
    a.publish('metrics', 'acme', event);
    expect((await next).value).toEqual(event);
    await heard.return?.();
    expect(a.mode).toBe('redis');
    expect(a.location).toBe('127.0.0.1:6379');
    expect(a.connected).toBe(true);
  });

  it('lets the first claim win across replicas', async () => {
    expect(await a.claim('breach:acme:hnd_1', 60_000)).toBe(true);
    expect(await b.claim('breach:acme:hnd_1', 60_000)).toBe(false);
    expect(await a.claim('breach:acme:hnd_1', 60_000)).toBe(false);
    expect(await redis.pttl(`${prefix}breach:acme:hnd_1`)).toBeGreaterThan(0);
  });

  it('tells a subscription on replica B about a write committed on replica A', async () => {
    const stopBridge = startLiveBridge(gateway.database, a); // replica A's writes go out through Redis
    const replicaB = createTandemYoga(gateway.database, {
      keys: testKeys,
      security: gateway.security,
      pubsub: b,
    });
    const token = await gateway.token({ tenant: 'acme', role: 'analyst', name: 'ana' });
    const live = await subscribe<{ metricsChanged: Record<string, unknown> }>(
      replicaB,
      token,
      'subscription { metricsChanged { origin kinds people } }',
    );
    await untilSubscribed(redis, `${prefix}metrics:acme`);
    await gateway.ingest('acme', [
      {
        kind: 'person',
        system: 'csv',
        objectType: 'record',
        sourceId: 'P1',
        email: 'pat@acme.com',
        createdAt: 1,
        updatedAt: 1,
      },
    ]);
    expect((await live.next()).data!.metricsChanged).toEqual({
      origin: 'INGEST',
      kinds: ['PEOPLE'],
      people: 1,
    });
    await live.close();
    stopBridge();
  });

  it('has two replicas’ SLA watchers announce a breach once', async () => {
    const records: SourceRecordInput[] = [
      {
        kind: 'person',
        system: 'csv',
        objectType: 'record',
        sourceId: 'P2',
        email: 'quin@acme.com',
        createdAt: 1,
        updatedAt: 1,
      },
      {
        kind: 'stageChange',
        system: 'csv',
        sourceId: 'S1',
        person: { email: 'quin@acme.com' },
        to: 'mql',
        byTeam: 'marketing',
        occurredAt: Date.parse('2026-03-02T14:00:00Z'),
      },
    ];
    // Written at the handoff, before its deadline: a live handoff, not history.
    await gateway.ingest('acme', records, { now: Date.parse('2026-03-02T14:00:00Z') });
    const heard: string[] = [];
    const listening = (async () => {
      for await (const event of b.subscribe('breaches', 'acme')) {
        heard.push(event.handoffId);
        if (heard.includes('marker a') && heard.includes('marker b')) return;
      }
    })();
    await untilSubscribed(redis, `${prefix}breaches:acme`);
    const after = Date.parse('2026-03-02T18:00:01Z'); // 4 business hours after 09:00 in New York
    const watchers = [createSlaWatcher(gateway.database, a), createSlaWatcher(gateway.database, b)];
    const announced = await Promise.all(watchers.map((w) => w.tick(after)));
    expect(announced.flat()).toHaveLength(1);
    // Each replica's publications arrive in order: once both markers are in, every breach is.
    const breach = announced.flat()[0]!;
    a.publish('breaches', 'acme', { ...breach, handoffId: 'marker a' });
    b.publish('breaches', 'acme', { ...breach, handoffId: 'marker b' });
    await listening;
    expect(heard.filter((id) => !id.startsWith('marker'))).toEqual([breach.handoffId]);
  });
});
