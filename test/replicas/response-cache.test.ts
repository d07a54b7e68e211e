/**
 * The response cache (gateway/server/cache.ts, plugins/use-tenant-response-cache.ts) in process,
 * through the real yoga instance: a repeated query is answered without SQL; an answer is never
 * served to another tenant or to a token with other row scopes, a record or other widgets; a
 * committed write (ingest, a closed-loop mutation) or a breach found by the SLA clock makes the
 * tenant's next answers fresh and leaves other tenants' cached; mutations and failed answers are
 * never cached; the in-process cache is bounded by bytes and keeps no answer above a size. The same
 * in Redis, across replicas: response-cache-redis.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenGrant } from '../../gateway/auth/claims.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { emptyMetricsEvent } from '../../gateway/live/events.js';
import { createLivePubSub } from '../../gateway/live/pubsub.js';
import {
  bumpingOnClock,
  createResponseCache,
  type ResponseCache,
  responseCacheSettings,
} from '../../gateway/server/cache.js';
import { createGatewayMetrics } from '../../gateway/server/observability/metrics.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { funnelOperation } from '../../widgets/funnel/funnel.query.js';
import { fixtureRecords } from '../schema/funnel-fixture.js';
import { createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';
import { analyst, ask, dashboard, february, newPerson } from './cache-support.js';

describe('response cache in process', () => {
  let gateway: TestGateway;
  let cache: ResponseCache;
  let yoga: TandemYoga;
  const query = (grant: TokenGrant, q?: string, v?: Record<string, unknown>) =>
    ask(yoga, gateway.database, grant, q, v);

  beforeAll(async () => {
    gateway = await createTestGateway('sqlite');
    await gateway.ingest('acme', fixtureRecords());
    // globex: the same people and one more, in another time zone.
    await gateway.ingest('globex', [...fixtureRecords(), newPerson()]);
    cache = createResponseCache(gateway.database, { keyPrefix: '', ttlMs: 60_000, maxEntries: 1000 });
    yoga = createTandemYoga(gateway.database, { keys: testKeys, security: gateway.security, cache });
  });
  afterAll(async () => {
    await cache?.close();
    await gateway?.drop();
  });

  it('answers a repeated query from the cache, without SQL, with the same data and no cache internals', async () => {
    const first = await query(analyst);
    const second = await query(analyst);
    expect(first).toMatchObject({ status: 200, cache: 'miss' });
    expect(first.statements).toBeGreaterThan(0);
    expect(second).toMatchObject({ status: 200, cache: 'hit', statements: 0 });
    expect(second.body).toEqual(first.body);
    expect(second.body.data?.funnel.entered).toBe(7);
    // Neither the metadata nor the key (as an ETag) reaches the client.
    expect(first.body.extensions).toBeUndefined();
    expect(second.body.extensions).toBeUndefined();
    expect([first.etag, second.etag]).toEqual([null, null]);
  });

  it('shares an answer between tokens with the same tenant, role and scopes, and with nobody else', async () => {
    await query({ tenant: 'acme', role: 'analyst', scopes: { segment: 'SMB' } });
    // Another token (another jti, another name) with the same powers: the same answer.
    const same = await query({
      tenant: 'acme',
      role: 'analyst',
      name: 'Someone Else',
      scopes: { segment: 'SMB' },
    });
    expect(same.cache).toBe('hit');

    const globex = await query({ tenant: 'globex', role: 'analyst' });
    expect(globex.cache).toBe('miss');
    expect(globex.body.data?.tenant.id).toBe('globex');
    // Berlin's February: Hal (created 04:00 on March 1st there) is out, the extra person in.
    expect(globex.body.data?.funnel.entered).toBe(7);

    const enterprise = await query({ tenant: 'acme', role: 'analyst', scopes: { segment: 'Enterprise' } });
    const smb = await query({ tenant: 'acme', role: 'analyst', scopes: { segment: 'SMB' } });
    const rep3 = await query({ tenant: 'acme', role: 'analyst', scopes: { owner: 'usr_rep3@acme.example' } });
    const admin = await query({ tenant: 'acme', role: 'admin' });
    expect([enterprise.cache, smb.cache, rep3.cache, admin.cache]).toEqual(['miss', 'hit', 'miss', 'miss']);
    // Ann and Bob (Alpha, Enterprise); Cat and Dan (Beta, SMB; Gus was created in January); Hal (rep3).
    expect([enterprise, smb, rep3].map((a) => a.body.data?.funnel.entered)).toEqual([2, 2, 1]);
  });

  it('keeps a locked record and a widget list apart', async () => {
    const funnelOnly: TokenGrant = { tenant: 'acme', role: 'viewer', widgets: ['funnel'] };
    const widget = funnelOperation.query;
    const viewer = await query(funnelOnly, widget, february);
    expect(viewer).toMatchObject({ status: 200, cache: 'miss' });
    expect((await query(funnelOnly, widget, february)).cache).toBe('hit');
    // The same document for a viewer of every widget, and for an analyst: their own answers.
    expect((await query({ tenant: 'acme', role: 'viewer' }, widget, february)).cache).toBe('miss');
    expect((await query(analyst, widget, february)).cache).toBe('miss');
    const customer = `query ($email: String) { customer(email: $email) { focus { email } } }`;
    const people = await gateway.store('acme').db.selectFrom('people').select(['id', 'email']).execute();
    const ann = people.find((p) => p.email === 'ann@people.example')!.id;
    const cat = people.find((p) => p.email === 'cat@people.example')!.id;
    const asAnn = await query({ tenant: 'acme', role: 'analyst', record: ann }, customer, {
      email: 'ann@people.example',
    });
    const asCat = await query({ tenant: 'acme', role: 'analyst', record: cat }, customer, {
      email: 'ann@people.example',
    });
    expect(asAnn.body).toEqual({ data: { customer: { focus: { email: 'ann@people.example' } } } });
    expect(asCat).toMatchObject({ cache: 'miss', body: { data: { customer: null } } });
  });

  it('serves fresh numbers after a committed write of the tenant, and keeps other tenants cached', async () => {
    await query(analyst);
    await query({ tenant: 'globex', role: 'analyst' });
    expect((await query(analyst)).cache).toBe('hit');

    const report = await ingestRecords(new TenantStore(gateway.database, 'acme'), [newPerson()]);
    expect(report.rejected).toEqual([]);
    const after = await query(analyst);
    expect(after.cache).toBe('miss');
    expect(after.body.data?.funnel.entered).toBe(8);
    expect((await query(analyst)).cache).toBe('hit');
    expect((await query({ tenant: 'globex', role: 'analyst' })).cache).toBe('hit');
  });

  it('never caches a mutation, and a mutation makes the next answer fresh', async () => {
    const person = `query ($email: String) { customer(email: $email) { focus { id qualification { icpFit } } } }`;
    const ann = { email: 'ann@people.example' };
    const before = await query(analyst, person, ann);
    const personId = (before.body.data as unknown as { customer: { focus: { id: string } } }).customer.focus
      .id;
    expect((await query(analyst, person, ann)).cache).toBe('hit');
    const qualify = `mutation ($id: ID!) { qualifyLead(personId: $id, icpFit: true, hasBudget: true, hasTimeframe: false, willingToEngage: false) { qualification { icpFit } } }`;
    const once = await query(analyst, qualify, { id: personId });
    const twice = await query(analyst, qualify, { id: personId });
    expect(once.body.errors).toBeUndefined();
    expect([once.cache, twice.cache]).toEqual(['bypass', 'bypass']);
    expect(twice.statements).toBeGreaterThan(0);
    const after = await query(analyst, person, ann);
    expect(after.cache).toBe('miss');
    expect(after.body.data).toMatchObject({ customer: { focus: { qualification: { icpFit: true } } } });
  });

  it('serves fresh numbers after the SLA clock announces a breach (no write), not after other events', async () => {
    const pubsub = createLivePubSub();
    const announcing = bumpingOnClock(pubsub, cache);
    await query(analyst);
    expect((await query(analyst)).cache).toBe('hit');
    // The bridge's events follow writes, which bumped the generation already: nothing more to do.
    announcing.publish('metrics', 'acme', emptyMetricsEvent('acme', 'ingest', Date.now()));
    expect((await query(analyst)).cache).toBe('hit');
    announcing.publish('metrics', 'acme', emptyMetricsEvent('acme', 'sla-clock', Date.now()));
    expect((await query(analyst)).cache).toBe('miss');
    // It is still the same pub/sub: subscribers hear what is announced.
    const heard = pubsub.subscribe('metrics', 'globex');
    const next = heard.next();
    announcing.publish('metrics', 'globex', emptyMetricsEvent('globex', 'sla-clock', 1));
    expect((await next).value).toMatchObject({ tenantId: 'globex', origin: 'sla-clock' });
    await heard.return();
  });

  it('does not keep an answer with errors', async () => {
    const bad = `query { customer(id: "per_nobody", email: "x@y.z") { id } }`;
    const first = await query(analyst, bad, {});
    const second = await query(analyst, bad, {});
    expect(first.body.errors?.length).toBeGreaterThan(0);
    expect([first.cache, second.cache]).toEqual(['miss', 'miss']);
  });

  it('counts hits and misses (for /metrics)', async () => {
    const before = { ...cache.stats };
    const variables = { filter: { from: '2026-02-02', to: '2026-02-27' } };
    await query(analyst, dashboard, variables);
    await query(analyst, dashboard, variables);
    await query(analyst, dashboard, variables);
    expect(cache.stats).toEqual({ hits: before.hits + 2, misses: before.misses + 1 });
  });
});

describe('response cache in process: bounded by bytes', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway('sqlite');
    await gateway.ingest('acme', fixtureRecords());
  });
  afterAll(async () => {
    await gateway?.drop();
  });
  /** An answer whose JSON is exactly `bytes` long. */
  const answerOf = (bytes: number) => ({ data: { text: 'x'.repeat(bytes - '{"data":{"text":""}}'.length) } });

  it('never holds more bytes than its bound, drops the least recent first, and keeps no oversized answer', async () => {
    const settings = {
      keyPrefix: '',
      ttlMs: 60_000,
      maxEntries: 1000,
      maxBytes: 20_000,
      maxEntryBytes: 5_000,
    };
    const cache = createResponseCache(gateway.database, settings);
    try {
      for (let i = 0; i < 30; i++) {
        await cache.store.set(`answer-${i}`, answerOf(3_000), [], 60_000);
        expect(cache.held?.bytes).toBeLessThanOrEqual(20_000);
      }
      // Six answers of 3,000 bytes fit in 20,000: the last six.
      expect(cache.held).toMatchObject({ bytes: 18_000, answers: 6, oversized: 0 });
      expect(await cache.store.get('answer-23')).toBeNull();
      expect(await cache.store.get('answer-29')).toEqual(answerOf(3_000));

      await cache.store.set('large', answerOf(5_001), [], 60_000);
      expect(await cache.store.get('large')).toBeNull();
      expect(cache.held).toMatchObject({ bytes: 18_000, answers: 6, oversized: 1 });
    } finally {
      await cache.close();
    }
  });

  it('serves an answer above the entry bound without keeping it, and counts both in /metrics', async () => {
    const settings = { keyPrefix: '', ttlMs: 60_000, maxEntries: 1000, maxEntryBytes: 250 };
    const cache = createResponseCache(gateway.database, settings);
    const yoga = createTandemYoga(gateway.database, { keys: testKeys, security: gateway.security, cache });
    try {
      const first = await ask(yoga, gateway.database, analyst);
      const second = await ask(yoga, gateway.database, analyst);
      expect(first.body.data?.funnel.entered).toBe(7);
      expect(JSON.stringify(first.body).length).toBeGreaterThan(250);
      expect([first.cache, second.cache]).toEqual(['miss', 'miss']);
      expect(second.statements).toBeGreaterThan(0);
      const small = `query { tenant { id } }`;
      await ask(yoga, gateway.database, analyst, small, {});
      expect((await ask(yoga, gateway.database, analyst, small, {})).cache).toBe('hit');
      // The small answer is kept: its JSON, with the ETag and Last-Modified the plugin keeps beside it.
      expect(cache.held).toMatchObject({ answers: 1, oversized: 2 });
      expect(cache.held?.bytes).toBeGreaterThan(JSON.stringify({ data: { tenant: { id: 'acme' } } }).length);
      expect(cache.held?.bytes).toBeLessThanOrEqual(250);

      const { body } = await createGatewayMetrics({ database: gateway.database, cache }).scrape();
      expect(body).toMatch(new RegExp(`^tandem_response_cache_bytes ${cache.held?.bytes}$`, 'm'));
      expect(body).toMatch(/^tandem_response_cache_answers 1$/m);
      expect(body).toMatch(/^tandem_response_cache_oversized_total 2$/m);
    } finally {
      await cache.close();
    }
  });

  it('reads its bounds from the environment, in bytes', () => {
    const env = { TANDEM_CACHE_MAX_BYTES: '1048576', TANDEM_CACHE_MAX_ENTRY_BYTES: '65536' };
    expect(responseCacheSettings(env)).toMatchObject({ maxBytes: 1_048_576, maxEntryBytes: 65_536 });
    expect(responseCacheSettings({})).toMatchObject({ maxBytes: undefined, maxEntryBytes: undefined });
    expect(() => responseCacheSettings({ TANDEM_CACHE_MAX_BYTES: '64MB' })).toThrow(
      "TANDEM_CACHE_MAX_BYTES is a number of bytes, at least 1024 (e.g. 67108864), got '64MB'",
    );
  });
});
