/**
 * The deployment guide (docs/deployment.md) in miniature: two real `tandem serve` processes on
 * their own ports, sharing one fresh PostgreSQL database and one Redis (under a key prefix of this
 * run), behind a round-robin load balancer (test/support/load-balancer.ts).
 * - An event ingested through replica 1 reaches a subscriber of replica 2, and replica 2's cached
 *   dashboard shows the new numbers right after.
 * - Replica 2 killed while a subscriber streams through the balancer: the subscriber reconnects,
 *   through the balancer, to replica 1, refetches, and has every number, including a change made
 *   while it was disconnected; the next change reaches it live again.
 * Latencies are printed, never asserted (a loaded 2-core CI box is not a benchmark).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { fixtureRecords } from '../schema/funnel-fixture.js';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/databases.js';
import { testSecret, testTenants, testToken } from '../support/gateway.js';
import { type LoadBalancer, startLoadBalancer } from '../support/load-balancer.js';
import {
  deleteRedisKeys,
  redisKeys,
  redisReachable,
  testRedisUrl,
  uniqueRedisPrefix,
} from '../support/redis.js';
import { freePort, type Replica, type Subscription, spawnReplica, subscribe } from '../support/replicas.js';

const eventsKey = 'replica-test-events-key';
const dashboard = `query Dashboard { funnel(filter: { from: "2020-01-01", to: "2030-12-31" }) { entered } }`;
const live = `subscription Live { metricsChanged { origin kinds people } }`;

interface MetricsChanged {
  data: { metricsChanged: { origin: string; kinds: string[]; people: number | null } };
}

const available = (await postgresReachable()) && (await redisReachable());

describe.skipIf(!available)('two replicas behind a load balancer, sharing PostgreSQL and Redis', () => {
  let test: TestDatabase;
  let replicas: Replica[] = [];
  let balancer: LoadBalancer | undefined;
  const prefix = uniqueRedisPrefix();
  let token: string;
  let sent = 0;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    await ensureTenant(test.database, testTenants[0], Date.parse('2023-01-01T00:00:00Z'));
    await ingestRecords(new TenantStore(test.database, 'acme'), fixtureRecords());
    token = await testToken({ tenant: 'acme', role: 'analyst' });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: test.url,
      REDIS_URL: testRedisUrl,
      TANDEM_REDIS_PREFIX: prefix,
      TANDEM_ACME_TOKEN_SECRET: new TextDecoder().decode(testSecret('acme')),
      TANDEM_ACME_EVENTS_KEY: eventsKey,
      TANDEM_SYNC_INTERVAL_MINUTES: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    };
    delete env.PORT;
    delete env.METRICS_TOKEN;
    const ports = [await freePort(), await freePort()];
    replicas = await Promise.all(ports.map((port, i) => spawnReplica(`replica ${i + 1}`, port, env)));
    balancer = await startLoadBalancer(ports.map((port) => ({ host: '127.0.0.1', port })));
  });

  afterAll(async () => {
    // Each step runs whatever happened before: processes, balancer, database, Redis keys.
    const steps = [
      () => Promise.all(replicas.map((replica) => replica.kill())),
      () => balancer?.close(),
      () => test?.drop(),
      () => deleteRedisKeys(prefix),
    ];
    for (const step of steps) await Promise.resolve(step()).catch((error) => console.error(error));
  });

  const query = async (base: string) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: dashboard }),
    });
    const body = (await response.json()) as { data: { funnel: { entered: number } } };
    expect(response.status).toBe(200);
    return { entered: body.data.funnel.entered, cache: response.headers.get('x-tandem-cache') };
  };

  /** One website event for a new person, through `base`'s /ingest/events. */
  const ingestEvent = async (base: string) => {
    sent++;
    const response = await fetch(`${base}/ingest/events?tenant=acme`, {
      method: 'POST',
      headers: { authorization: `Bearer ${eventsKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'website',
        events: [
          {
            idempotencyKey: `replica-test-${sent}`,
            kind: 'touch',
            type: 'form_submit',
            email: `visitor-${sent}@replicas.example`,
            channel: 'content',
            occurredAt: '2026-03-02T10:00:00Z',
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 1, written: 1, newPeople: 1 });
  };

  /** Live subscribers open on a replica now, from its /metrics. */
  const subscribers = async (replica: Replica) => {
    const text = await (await fetch(`${replica.url}/metrics`)).text();
    return Number(/^tandem_live_subscribers (\d+)/m.exec(text)?.[1] ?? Number.NaN);
  };

  const within = <T>(promise: Promise<T>, ms: number, what: string) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${what}: nothing in ${ms} ms`)), ms),
      ),
    ]);

  it("both replicas are ready: database, migrations, the cache's Redis and the live events' Redis", async () => {
    for (const replica of replicas) {
      const response = await fetch(`${replica.url}/ready`);
      expect(await response.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', redis: 'ok', live: 'ok' },
      });
    }
  });

  it("an event ingested through replica 1 reaches replica 2's subscriber, and its cached dashboard shows it", async () => {
    const [one, two] = replicas;
    const before = await query(two.url);
    expect(before.cache).toBe('miss');
    expect(await query(two.url)).toEqual({ entered: before.entered, cache: 'hit' });

    const subscription = await subscribe<MetricsChanged>(`${two.url}/graphql`, token, live);
    try {
      await expect.poll(() => subscribers(two), { timeout: 10_000 }).toBe(1);
      const started = performance.now();
      await ingestEvent(one.url);
      const event = await within(subscription.next(0), 10_000, "replica 2's subscriber");
      console.log(
        `replicas: ingest on replica 1 → event on replica 2 in ${Math.round(performance.now() - started)} ms`,
      );
      expect(event.data.metricsChanged).toEqual({ origin: 'INGEST', kinds: ['PEOPLE'], people: 1 });

      // The write bumped the tenant's generation in Redis: replica 2 computes afresh, then caches.
      expect(await query(two.url)).toEqual({ entered: before.entered + 1, cache: 'miss' });
      expect(await query(two.url)).toEqual({ entered: before.entered + 1, cache: 'hit' });
      expect(await query(one.url)).toMatchObject({ entered: before.entered + 1 });
    } finally {
      subscription.close();
    }
    // The answers live in Redis under this run's prefix, next to the generation and live keys.
    const keys = await redisKeys(prefix);
    expect(keys).toContain(`${prefix}response-cache:generation:acme`);
    expect(keys.filter((key) => key.startsWith(`${prefix}response-cache:acme:`)).length).toBeGreaterThan(0);
  });

  it('a replica killed mid-stream: its subscriber reconnects through the balancer, refetches, misses nothing', async () => {
    const [one, two] = replicas;
    const lb = balancer!;
    // Connections alternate between the replicas: open subscriptions until one is on replica 2.
    let subscription: Subscription<MetricsChanged> | undefined;
    for (let attempt = 0; attempt < 4 && !subscription; attempt++) {
      const candidate = await subscribe<MetricsChanged>(`${lb.url}/graphql`, token, live);
      await expect
        .poll(async () => (await subscribers(one)) + (await subscribers(two)), { timeout: 10_000 })
        .toBe(1);
      if ((await subscribers(two)) === 1) subscription = candidate;
      else {
        candidate.close();
        await expect.poll(() => subscribers(one), { timeout: 10_000 }).toBe(0);
      }
    }
    expect(subscription, 'a subscription through the balancer on replica 2').toBeDefined();
    const shown = (await query(lb.url)).entered;

    const routedBefore = lb.routed.length;
    await two.kill('SIGKILL');
    await within(subscription!.ended, 10_000, 'the stream of the killed replica');
    // A change while the subscriber is away: no event will tell it, its refetch must show it.
    await ingestEvent(lb.url);

    const reconnected = await subscribe<MetricsChanged>(`${lb.url}/graphql`, token, live);
    try {
      await expect.poll(() => subscribers(one), { timeout: 10_000 }).toBe(1);
      // Every connection since the kill went to replica 1: the balancer skips the dead one.
      expect(new Set(lb.routed.slice(routedBefore))).toEqual(new Set([one.port]));
      expect((await query(lb.url)).entered).toBe(shown + 1);

      await ingestEvent(lb.url);
      const event = await within(reconnected.next(0), 10_000, 'the reconnected subscriber');
      expect(event.data.metricsChanged.kinds).toEqual(['PEOPLE']);
      expect((await query(lb.url)).entered).toBe(shown + 2);
    } finally {
      reconnected.close();
    }
    // Replica 1 counted the subscriptions it took over, and logged each request as one JSON line.
    const metrics = await (await fetch(`${one.url}/metrics`)).text();
    expect(metrics).toMatch(
      /^tandem_graphql_operations_total\{operation="Live",type="subscription"\} [1-9]/m,
    );
    const logged = one.logLines().filter((line) => line.msg === 'request' && line.path === '/graphql');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.at(-1)).toMatchObject({
      method: 'POST',
      status: 200,
      tenant: 'acme',
      operation: 'Dashboard',
    });
  });
});
