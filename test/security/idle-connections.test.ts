/**
 * Connections that hold a socket without asking anything (issue 13): one that never sends a byte,
 * one that stops halfway through its headers, one left open after its response. The server closes
 * each; a live subscription, quiet for longer than any of those limits, stays open. Proved by the
 * close events of raw sockets (each test fails by its timeout if the socket stays open), never by
 * measuring how long a close took.
 */
import { createConnection, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { createGateway, type Gateway, IDLE_CONNECTION_MS } from '../../gateway/server/app.js';
import { createGatewayLog } from '../../gateway/server/observability/log.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { testSecret, testToken } from '../support/gateway.js';
import { type Listening, listen, subscribe } from '../support/replicas.js';

const silentLog = createGatewayLog(
  { format: 'json', level: 'error' },
  new Writable({ write: (_chunk, _encoding, done) => done() }),
);

describe('connections that ask nothing', () => {
  let test: TestDatabase;
  let gateway: Gateway;
  let http: Listening;

  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    await ensureTenant(
      test.database,
      { id: 'acme', name: 'Acme', timeZone: 'America/New_York', currency: 'USD' },
      0,
    );
    const security = new TenantSecuritySettings({
      TANDEM_ACME_TOKEN_SECRET: new TextDecoder().decode(testSecret('acme')),
    });
    gateway = createGateway({ database: test.database, security, cache: false, log: silentLog });
    http = await listen(gateway.server);
  });

  afterAll(async () => {
    await http?.close();
    await gateway?.close();
    await test?.drop();
  });

  /** Opens a raw socket, writes `text`, and resolves with what came back once the server closed it. */
  function rawConnection(text: string): Promise<string> {
    return new Promise((resolve) => {
      let received = '';
      const socket: Socket = createConnection({ host: '127.0.0.1', port: http.port }, () => {
        if (text) socket.write(text);
      });
      socket.on('data', (chunk) => {
        received += chunk;
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve(received));
    });
  }

  it('closes a connection that never sends a byte', async () => {
    expect(await rawConnection('')).toBe('');
  }, 20_000);

  it('closes a connection that stops halfway through its headers', async () => {
    expect(await rawConnection('GET /health HTTP/1.1\r\nHost: tandem.test\r\nAccept: ')).not.toContain(
      'HTTP/1.1 200',
    );
  }, 20_000);

  it('closes a keep-alive connection that asks nothing after its answer', async () => {
    const received = await rawConnection('GET /health HTTP/1.1\r\nHost: tandem.test\r\n\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received).toMatch(/keep-alive/i);
  }, 20_000);

  it('keeps a live subscription quiet for longer than the idle limit open, and delivers the next write', async () => {
    const token = await testToken({ tenant: 'acme', role: 'admin', name: 'analyst' });
    const live = await subscribe<{ data: { metricsChanged: { at: string } } }>(
      `${http.url}/graphql`,
      token,
      'subscription { metricsChanged { at } }',
    );
    await new Promise((resolve) => setTimeout(resolve, IDLE_CONNECTION_MS + 2_000));
    await ingestRecords(new TenantStore(test.database, 'acme'), [
      {
        kind: 'person',
        system: 'csv',
        objectType: 'record',
        sourceId: 'P-QUIET',
        createdAt: 1,
        updatedAt: 1,
      },
    ]);
    expect((await live.next(0)).data.metricsChanged.at).toMatch(/^20\d\d-/);
    live.close();
  }, 30_000);
});
