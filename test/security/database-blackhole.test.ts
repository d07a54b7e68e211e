/**
 * PostgreSQL behind a network that swallows packets (issue 13): /health and ingest used to wait
 * forever. A TCP proxy on 127.0.0.1 in front of PostgreSQL forwards bytes, or swallows them in
 * both directions while the connections stay open, as a dropped route does. Both requests must
 * finish with an error, and the gateway must recover when the network does. PostgreSQL only:
 * SQLite is a file in the process, with no network between them.
 */
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../gateway/server/app.js';
import { createGatewayLog } from '../../gateway/server/observability/log.js';
import { openDatabase, postgresTimeoutsFromEnv, type RevenueDatabase } from '../../gateway/store/database.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/databases.js';
import { type Listening, listen } from '../support/replicas.js';

/** Forwards TCP to PostgreSQL on 127.0.0.1:5432 until told to swallow. */
class BlackholeProxy {
  swallowing = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: 5432 });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(from);
      from.on('data', (chunk) => void (this.swallowing || to.write(chunk)));
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const silentLog = createGatewayLog(
  { format: 'json', level: 'error' },
  new Writable({ write: (_c, _e, done) => done() }),
);

describe('PostgreSQL time limits from the environment', () => {
  it('has a limit on every call by default, and takes TANDEM_DB_*_TIMEOUT_MS', () => {
    expect(postgresTimeoutsFromEnv({})).toEqual({
      connectMs: 4_000,
      statementMs: 20_000,
      queryMs: 25_000,
      idleInTransactionMs: 60_000,
    });
    expect(postgresTimeoutsFromEnv({ TANDEM_DB_STATEMENT_TIMEOUT_MS: '0' }).statementMs).toBe(0);
  });

  it('refuses a value that is not a whole number of milliseconds, naming the variable and the value', () => {
    expect(() => postgresTimeoutsFromEnv({ TANDEM_DB_QUERY_TIMEOUT_MS: '5s' })).toThrow(
      "TANDEM_DB_QUERY_TIMEOUT_MS must be a whole number of milliseconds from 0 (no limit) to 2147483647, got '5s'",
    );
  });
});

const eventsKey = 'blackhole-test-key';

describe.skipIf(!(await postgresReachable()))('PostgreSQL in a network blackhole', () => {
  const proxy = new BlackholeProxy();
  let test: TestDatabase;
  let database: RevenueDatabase;
  let gateway: Gateway;
  let http: Listening;

  beforeAll(async () => {
    process.env.TANDEM_ACME_EVENTS_KEY = eventsKey;
    test = await createTestDatabase('postgres');
    await ensureTenant(
      test.database,
      { id: 'acme', name: 'Acme', timeZone: 'America/New_York', currency: 'USD' },
      0,
    );
    const url = new URL(test.url);
    url.port = String(await proxy.start());
    // Short limits (as TANDEM_DB_*_TIMEOUT_MS set them) keep the test short; the client waits past
    // the 2 s /health gives the probe, so /health answers from its own timer.
    database = await openDatabase({
      url: url.toString(),
      postgresTimeouts: { connectMs: 3_000, statementMs: 3_000, queryMs: 4_000, idleInTransactionMs: 5_000 },
    });
    gateway = createGateway({ database, cache: false, log: silentLog });
    http = await listen(gateway.server);
  });

  afterAll(async () => {
    delete process.env.TANDEM_ACME_EVENTS_KEY;
    await http?.close();
    await gateway?.close();
    await database?.close();
    await proxy.stop();
    await test?.drop();
  });

  const health = async () => {
    const response = await fetch(`${http.url}/health`);
    return { status: response.status, body: await response.json() };
  };

  it('answers /health 200 while the network carries bytes', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'postgres' } });
  });

  it('answers /health 503 when the database never answers, and an ingest request 503 (send it again)', async () => {
    proxy.swallowing = true;
    // A query on a connection opened before: the client stops waiting after queryMs.
    await expect(database.db.selectFrom('tenants').select('id').execute()).rejects.toThrow(
      'Query read timeout',
    );
    // New connections are never answered: /health gives up after 2 s, ingest after connectMs.
    expect(await health()).toEqual({
      status: 503,
      body: { status: 'database unavailable (no answer in 2 s)', database: 'postgres' },
    });
    const ingest = await fetch(`${http.url}/ingest/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tandem-tenant': 'acme',
        authorization: `Bearer ${eventsKey}`,
      },
      body: JSON.stringify({ events: [] }),
    });
    expect(ingest.status).toBe(503);
    expect(ingest.headers.get('retry-after')).toBe('5');
    expect(await ingest.json()).toEqual({
      error: 'the database did not answer in time: send it again (a repeated delivery is applied once)',
    });
  }, 30_000);

  it('is healthy again once the network is back: connections left waiting were closed', async () => {
    proxy.swallowing = false;
    // The connection whose query timed out would still wait for its answer, and every query after
    // it; it was closed, so the pool opens a fresh one.
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'postgres' } });
  }, 30_000);
});
