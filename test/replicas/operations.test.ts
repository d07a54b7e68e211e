/**
 * What an operator relies on, through a real gateway on a port (createGateway): /ready and what
 * makes it 503 (a database gone, a migration missing, Redis unreachable), /metrics in Prometheus's
 * text format (and METRICS_TOKEN), and one structured log line per request with its request id.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { createGateway } from '../../gateway/server/app.js';
import { createResponseCache, responseCacheSettings } from '../../gateway/server/cache.js';
import { createGatewayLog, logSettings } from '../../gateway/server/observability/log.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { fixtureRecords } from '../schema/funnel-fixture.js';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/databases.js';
import { testSecret, testTenants, testToken } from '../support/gateway.js';
import { type Listening, listen } from '../support/replicas.js';

process.env.TANDEM_SYNC_INTERVAL_MINUTES = '0';
const postgres = await postgresReachable();

const security = new TenantSecuritySettings({
  TANDEM_ACME_TOKEN_SECRET: new TextDecoder().decode(testSecret('acme')),
});
const dashboard = `query Dashboard { funnel(filter: { from: "2026-02-01", to: "2026-02-28" }) { entered } }`;

/** JSON lines written by the gateway's log. */
function logCapture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createGatewayLog({ format: 'json', level: 'info' }, stream) };
}

async function seeded(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const test = await createTestDatabase(dialect);
  await ensureTenant(test.database, testTenants[0], Date.parse('2023-01-01T00:00:00Z'));
  await ingestRecords(new TenantStore(test.database, 'acme'), fixtureRecords());
  return test;
}

async function graphql(base: string, query: string, headers: Record<string, string> = {}) {
  const token = await testToken({ tenant: 'acme', role: 'analyst' });
  return fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query }),
  });
}

describe('metrics and request logs', () => {
  let test: TestDatabase;
  let server: Listening;
  const capture = logCapture();
  const previousToken = process.env.METRICS_TOKEN;

  beforeAll(async () => {
    test = await seeded('sqlite');
    process.env.METRICS_TOKEN = 'scrape-me-0123456789';
    const cache = createResponseCache(test.database, { keyPrefix: '', ttlMs: 60_000, maxEntries: 100 });
    const gateway = createGateway({ database: test.database, security, cache, log: capture.log });
    server = await listen(gateway.server);
  });
  afterAll(async () => {
    process.env.METRICS_TOKEN = previousToken;
    await server?.close();
    await test?.drop();
  });

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer scrape-me-0123456789' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  /** The value of one series in the exposition text, 0 when absent. */
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  it('counts requests, operations, SQL statements and cache hits in Prometheus text', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await graphql(server.url, dashboard)).status).toBe(200);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/widgets/nothing-here.js`)).status).toBe(404);
    const after = await scrape();
    const delta = (series: string) => value(after, series) - value(before, series);

    expect(delta('tandem_http_requests_total{method="POST",route="/graphql",status="200"}')).toBe(3);
    expect(delta('tandem_http_requests_total{method="GET",route="/health",status="200"}')).toBe(1);
    expect(delta('tandem_http_requests_total{method="GET",route="/widgets/*",status="404"}')).toBe(1);
    expect(delta('tandem_graphql_operations_total{operation="Dashboard",type="query"}')).toBe(3);
    expect(delta('tandem_graphql_operation_duration_seconds_count{operation="Dashboard",type="query"}')).toBe(
      3,
    );
    expect(delta('tandem_response_cache_hits_total')).toBe(2);
    expect(delta('tandem_response_cache_misses_total')).toBe(1);
    expect(delta('tandem_sql_statements_total')).toBeGreaterThan(0);
    expect(after).toContain('tandem_gateway_info{database="sqlite",cache="memory"} 1');
    expect(after).toContain('tandem_live_subscribers 0');
    // Process metrics (collectDefaultMetrics), and the help that says what each series is.
    expect(after).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(after).toContain('# HELP tandem_http_requests_total HTTP requests answered');
  });

  it('answers /metrics only with METRICS_TOKEN when it is set', async () => {
    const none = await fetch(`${server.url}/metrics`);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(await none.text()).toMatch(/METRICS_TOKEN/);
  });

  it('logs one JSON line per request: method, path, status, ms, tenant, operation, cache and request id', async () => {
    capture.lines.length = 0;
    const response = await graphql(server.url, dashboard, { 'x-request-id': 'lb-req-42' });
    expect(response.headers.get('x-request-id')).toBe('lb-req-42');
    const ready = await fetch(`${server.url}/ready?probe=1`);
    const generated = ready.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => capture.lines.length).toBe(2);
    const [query, probe] = capture.lines;
    expect(query).toMatchObject({
      level: 'info',
      msg: 'request',
      service: 'tandem',
      requestId: 'lb-req-42',
      method: 'POST',
      path: '/graphql',
      status: 200,
      tenant: 'acme',
      operation: 'Dashboard',
      cache: 'hit',
    });
    expect(typeof query.ms).toBe('number');
    expect(typeof query.time).toBe('string');
    // No query string (it may carry a tenant's parameters), no tenant outside GraphQL.
    expect(probe).toMatchObject({ requestId: generated, method: 'GET', path: '/ready', status: 200 });
    expect(probe).not.toHaveProperty('tenant');
  });

  it('refuses a request id that is not a plain token, and makes its own', async () => {
    const response = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'a b\tc' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness', () => {
  let test: TestDatabase;
  let server: Listening | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => test?.drop());

  const ready = async () => {
    const response = await fetch(`${server!.url}/ready`);
    return { status: response.status, body: await response.json() };
  };

  it('is ready when the database answers and every migration is applied; 503 naming a missing one', async () => {
    test = await seeded('sqlite');
    server = await listen(createGateway({ database: test.database, security, cache: false }).server);
    expect(await ready()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', migrations: 'ok' } },
    });
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      test.database.db,
    );
    const last = rows.at(-1)!.name;
    await sql`delete from kysely_migration where name = ${last}`.execute(test.database.db);
    const missing = await ready();
    expect(missing.status).toBe(503);
    expect(missing.body).toMatchObject({ status: 'not ready', notReady: ['migrations'] });
    expect(missing.body.checks.migrations).toContain(last);
    expect(missing.body.checks.migrations).toMatch(/tandem migrate/);
  });

  it('is not ready while Redis is unreachable, and still answers queries (uncached)', async () => {
    const other = await seeded('sqlite');
    const { database } = other;
    const settings = { ...responseCacheSettings({}), redisUrl: 'redis://127.0.0.1:9' };
    const cache = createResponseCache(database, settings, { warn: () => {} });
    server = await listen(createGateway({ database, security, cache }).server);
    const answer = await ready();
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ status: 'not ready', notReady: ['redis'] });
    expect(answer.body.checks.redis).toMatch(/127\.0\.0\.1:9/);
    const response = await graphql(server.url, dashboard);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-tandem-cache')).toBe('bypass');
    expect(await response.json()).toEqual({ data: { funnel: { entered: 7 } } });
    await server.close();
    server = undefined;
    await other.drop();
  });

  it.skipIf(!postgres)('answers 503 naming the database when PostgreSQL has lost it', async () => {
    const pg = await seeded('postgres');
    try {
      server = await listen(createGateway({ database: pg.database, security, cache: false }).server);
      expect((await ready()).status).toBe(200);
      const name = new URL(pg.url).pathname.slice(1);
      await dropDatabase(name);
      const gone = await ready();
      expect(gone.status).toBe(503);
      expect(gone.body.status).toBe('not ready');
      expect(gone.body.notReady).toContain('database');
      expect(gone.body.checks.database).toMatch(new RegExp(`${name}|terminat|does not exist|connect`, 'i'));
      // Liveness says the same of the database, but the process itself is alive and answering.
      expect((await fetch(`${server.url}/health`)).status).toBe(503);
    } finally {
      await server?.close();
      server = undefined;
      await pg.drop();
    }
  });
});

async function dropDatabase(name: string): Promise<void> {
  const { postgresAdminUrl } = await import('../support/databases.js');
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

describe('log settings', () => {
  it('defaults to text, and to JSON in production; says what a bad LOG_FORMAT or LOG_LEVEL should be', () => {
    expect(logSettings({})).toEqual({ format: 'text', level: 'info' });
    expect(logSettings({ NODE_ENV: 'production' })).toEqual({ format: 'json', level: 'info' });
    expect(logSettings({ LOG_FORMAT: 'JSON', LOG_LEVEL: 'debug' })).toEqual({
      format: 'json',
      level: 'debug',
    });
    expect(() => logSettings({ LOG_FORMAT: 'pretty' })).toThrow(
      "LOG_FORMAT must be json or text, got 'pretty'",
    );
    expect(() => logSettings({ LOG_LEVEL: 'loud' })).toThrow(
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
    );
  });

  it('in text, prints a short line per request only at LOG_LEVEL=debug', () => {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        written.push(String(chunk));
        done();
      },
    });
    const line = { requestId: 'r-1', method: 'POST', path: '/graphql', status: 200, ms: 12, tenant: 'acme' };
    createGatewayLog({ format: 'text', level: 'info' }, stream).request(line);
    expect(written).toEqual([]);
    createGatewayLog({ format: 'text', level: 'debug' }, stream).request({
      ...line,
      operation: 'Dashboard',
      cache: 'hit',
    });
    expect(written).toEqual(['POST /graphql 200 12 ms tenant=acme operation=Dashboard cache=hit id=r-1\n']);
  });

  it('says what a bad REDIS_URL, TANDEM_REDIS_PREFIX or TANDEM_CACHE_TTL should be', () => {
    expect(responseCacheSettings({})).toEqual({ keyPrefix: 'tandem:', ttlMs: 60_000, maxEntries: 1000 });
    expect(responseCacheSettings({ REDIS_URL: 'redis://cache:6379', TANDEM_CACHE_TTL: '5' })).toMatchObject({
      redisUrl: 'redis://cache:6379',
      ttlMs: 5000,
    });
    expect(() => responseCacheSettings({ REDIS_URL: 'http://u:secret@cache' })).toThrow(
      "REDIS_URL must be a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379), got 'http://u:***@cache'",
    );
    expect(() => responseCacheSettings({ TANDEM_CACHE_TTL: 'a minute' })).toThrow(
      "TANDEM_CACHE_TTL is in seconds, from 0 (no response cache) to 86400, got 'a minute'",
    );
    expect(() => responseCacheSettings({ TANDEM_REDIS_PREFIX: 'my prefix' })).toThrow(/TANDEM_REDIS_PREFIX/);
  });
});
