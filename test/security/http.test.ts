/**
 * The HTTP surface around /graphql, through the real server on a free port and through
 * yoga.fetch: CORS allow-lists per tenant, oversized and trickled bodies on every route that
 * takes one (GraphQL, events, webhooks), the demo's token route (demo mode only), frame-ancestors
 * per tenant on /embed, and headers that keep answers out of caches, sniffers and frames. After
 * each refusal the server answers the next good request.
 */

import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { verifyToken } from '../../gateway/auth/verify.js';
import { createGateway } from '../../gateway/server/app.js';
import { funnelOperation } from '../../widgets/funnel/funnel.query.js';
import { createTestGateway, type TestGateway, testKeys, testSecret } from '../support/gateway.js';
import { expectAlive } from './support.js';

const intranet = 'https://intranet.acme.example';
const globexPortal = 'https://portal.globex.example';

describe('CORS allow-lists per tenant', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    const security = new TenantSecuritySettings({
      TANDEM_ACME_CORS_ORIGINS: `${intranet}/, https://crm.acme.example`,
      TANDEM_GLOBEX_CORS_ORIGINS: globexPortal,
    });
    gateway = await createTestGateway('sqlite', { security });
  });
  afterAll(() => gateway.drop());

  const preflight = (origin: string) =>
    gateway.yoga.fetch('http://tandem.test/graphql', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

  it('answers a preflight from an allowed origin with what a widget sends', async () => {
    const response = await preflight(intranet);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(intranet);
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses a preflight from an origin no tenant allows with 403 and no CORS headers', async () => {
    const response = await preflight('https://evil.example');
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await expectAlive(gateway);
  });

  it('lets an allowed origin read its tenant', async () => {
    const result = await gateway.graphql('{ tenant { id } }', {}, { headers: { origin: intranet } });
    expect(result.status).toBe(200);
    expect(result.headers.get('access-control-allow-origin')).toBe(intranet);
    expect(result.headers.get('vary')).toContain('Origin');
  });

  it('refuses an origin allowed for another tenant with 403, even with a valid token', async () => {
    const result = await gateway.graphql('{ tenant { id } }', {}, { headers: { origin: globexPortal } });
    expect({ status: result.status, code: result.errors?.[0]?.extensions?.code }).toEqual({
      status: 403,
      code: 'ORIGIN_NOT_ALLOWED',
    });
    expect(result.errors?.[0]?.message).toContain('TANDEM_ACME_CORS_ORIGINS');
    await expectAlive(gateway);
  });

  it('refuses an unknown origin with 403 and no CORS header, so the page cannot read even the refusal', async () => {
    const result = await gateway.graphql(
      '{ tenant { id } }',
      {},
      { headers: { origin: 'https://evil.example' } },
    );
    expect(result.status).toBe(403);
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an allowed widget read its 401, so it can fetch a fresh token', async () => {
    const result = await gateway.graphql(
      '{ tenant { id } }',
      {},
      { token: null, headers: { origin: intranet } },
    );
    expect(result.status).toBe(401);
    expect(result.headers.get('access-control-allow-origin')).toBe(intranet);
  });

  it('needs no entry for the same origin or for callers without one', async () => {
    expect(
      (await gateway.graphql('{ tenant { id } }', {}, { headers: { origin: 'http://tandem.test' } })).status,
    ).toBe(200);
    expect((await gateway.graphql('{ tenant { id } }')).status).toBe(200);
  });

  it('keeps answers out of caches, sniffers and frames', async () => {
    const result = await gateway.graphql('{ tenant { id } }');
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  });
});

describe('the HTTP server', () => {
  let gateway: TestGateway;
  let base: string;
  let demoBase: string;
  let close: () => Promise<void>;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, {
      TANDEM_SYNC_INTERVAL_MINUTES: '0',
      TANDEM_ACME_EVENTS_KEY: 'events-key',
      TANDEM_ACME_HUBSPOT_CLIENT_SECRET: 'hubspot-secret',
      TANDEM_ACME_FRAME_ANCESTORS:
        "https://crm.acme.example, https://*.lightning.force.com, https://evil.example; script-src *, 'unsafe-inline'",
    });
    gateway = await createTestGateway();
    const security = new TenantSecuritySettings({
      TANDEM_ACME_TOKEN_SECRET: new TextDecoder().decode(testSecret('acme')),
    });
    const plain = createGateway({ database: gateway.database, security });
    const demo = createGateway({ database: gateway.database, demo: true });
    const listen = async (server: typeof plain.server) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    base = await listen(plain.server);
    demoBase = await listen(demo.server);
    close = async () => {
      for (const server of [plain.server, demo.server]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    };
  });
  afterAll(async () => {
    await close?.();
    await gateway?.drop();
    process.env = saved;
  });

  const alive = async () => expect((await fetch(`${base}/health`)).status).toBe(200);

  /**
   * POSTs over a raw socket, writing `chunks` until the answer starts, and resolves with its
   * status. A server that refuses early may close the socket while a client still writes, which
   * HTTP clients report as a network error although the refusal was sent: this reads the refusal.
   */
  const post = (path: string, headers: Record<string, string>, chunks: string[]) =>
    new Promise<number>((resolve, reject) => {
      const { port } = new URL(base);
      const socket = connect(Number(port), '127.0.0.1');
      let answer = '';
      socket.on('data', (data) => {
        answer += data;
        const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
        if (status) {
          socket.destroy();
          resolve(Number(status[1]));
        }
      });
      socket.on('error', (error) => (answer ? undefined : reject(error)));
      socket.on('connect', async () => {
        const head = Object.entries({ host: 'tandem.test', ...headers }).map(([k, v]) => `${k}: ${v}`);
        socket.write(`POST ${path} HTTP/1.1\r\n${head.join('\r\n')}\r\n\r\n`);
        for (const chunk of chunks) {
          if (answer || socket.destroyed) return;
          const payload =
            headers['transfer-encoding'] === 'chunked'
              ? `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`
              : chunk;
          socket.write(payload);
          await new Promise((r) => setTimeout(r, 2));
        }
        if (headers['transfer-encoding'] === 'chunked' && !socket.destroyed) socket.write('0\r\n\r\n');
      });
    });

  it('refuses an oversized GraphQL body with 413 by its Content-Length', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await gateway.token({ tenant: 'acme', role: 'analyst' })}`,
      },
      body: JSON.stringify({ query: `{ tenant { id } } #${'x'.repeat(200_000)}` }),
    });
    expect(response.status).toBe(413);
    await alive();
  });

  it('refuses an oversized body trickled in chunks, without a Content-Length, with 413', async () => {
    const token = await gateway.token({ tenant: 'acme', role: 'analyst' });
    const chunks = [
      '{"query": "{ tenant { id } }", "pad": "',
      ...Array.from({ length: 20 }, () => 'y'.repeat(8192)),
      '"}',
    ];
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'transfer-encoding': 'chunked',
    };
    expect(await post('/graphql', headers, chunks)).toBe(413);
    await alive();
  });

  it('does not read the body of a request without a token', async () => {
    const headers = { 'content-type': 'application/json', 'content-length': String(50_000_000) };
    expect(
      await post('/graphql', headers, [
        '{"query": "',
        ...Array.from({ length: 50 }, () => 'z'.repeat(65_536)),
      ]),
    ).toBe(401);
    await alive();
  });

  it.each([
    ['/ingest/events', { authorization: 'Bearer events-key' }],
    ['/ingest/hubspot', { 'x-hubspot-signature-v3': 'x', 'x-hubspot-request-timestamp': String(Date.now()) }],
  ])('refuses an oversized body on %s with 413 before authenticating it', async (path, headers) => {
    const chunks = ['[', ...Array.from({ length: 100 }, () => '"x",'.repeat(16_384)), '"x"]']; // 6.4 MB, over the ingest routes' 5 MB
    const length = chunks.reduce((n, c) => n + c.length, 0);
    expect(
      await post(
        `${path}?tenant=acme`,
        { 'content-type': 'application/json', 'content-length': String(length), ...headers },
        chunks,
      ),
    ).toBe(413);
    await alive();
  });

  it('serves no /demo/token outside demo mode', async () => {
    expect((await fetch(`${base}/demo/token?tenant=acme`)).status).toBe(404);
  });

  it('mints a short-lived viewer token at /demo/token in demo mode, which runs the widgets', async () => {
    const response = await fetch(`${demoBase}/demo/token?tenant=acme`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token, role, expiresAt } = (await response.json()) as {
      token: string;
      role: string;
      expiresAt: string;
    };
    expect(role).toBe('viewer');
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const result = await fetch(`${demoBase}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: funnelOperation.query, variables: { filter: {} } }),
    });
    expect(result.status).toBe(200);
    const other = await fetch(`${demoBase}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ tenants { id } }' }),
    });
    expect(other.status).toBe(403);
    // A demo token is signed with the demo process's own key: no other gateway accepts it.
    await expect(verifyToken(token, testKeys)).rejects.toThrow(/does not verify/);
  });

  it('opens GraphiQL with an analyst token in demo mode only', async () => {
    const page = async (at: string) =>
      (await fetch(`${at}/graphql`, { headers: { accept: 'text/html' } })).text();
    const demoPage = await page(demoBase);
    const token = /Bearer ([\w-]+\.[\w-]+\.[\w-]+)/.exec(demoPage)?.[1];
    expect(token).toBeDefined();
    expect(decodeJwt(token!)).toMatchObject({ tenant: 'acme', role: 'analyst' });
    expect(await page(base)).not.toMatch(/Bearer [\w-]+\.[\w-]+\.[\w-]+/);
  });

  it('mints an analyst token for the demo pages’ own requests, never an admin one', async () => {
    const analyst = (await (await fetch(`${demoBase}/demo/token?tenant=acme&role=analyst`)).json()) as {
      role: string;
    };
    expect(analyst.role).toBe('analyst');
    expect((await fetch(`${demoBase}/demo/token?tenant=acme&role=admin`)).status).toBe(400);
    expect((await fetch(`${demoBase}/demo/token?tenant=initech`)).status).toBe(404);
    expect((await fetch(`${demoBase}/demo/token?tenant=acme`, { method: 'POST' })).status).toBe(405);
  });

  it("sends /embed with frame-ancestors of the tenant's allowed sites only, dropping anything that could inject a directive", async () => {
    const response = await fetch(`${base}/embed/funnel?tenant=acme`);
    expect(response.headers.get('content-security-policy')).toBe(
      "frame-ancestors 'self' https://crm.acme.example https://*.lightning.force.com",
    );
    const unknown = await fetch(`${base}/embed/funnel?tenant=globex`);
    expect(unknown.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
  });

  it('keeps the secret out of every answer', async () => {
    const body = await (await fetch(`${demoBase}/demo/token?tenant=acme`)).text();
    expect(body).not.toContain(new TextDecoder().decode(testSecret('acme')));
    await expectAlive(gateway);
  });
});
