/**
 * Hostile tokens: each is refused with 401 (or 403 for another tenant's, 503 when the keys cannot
 * be fetched) and a code and message that say what to do, and the gateway answers the next good
 * request. Tenant acme verifies HS256 with its secret; globex RS256/ES256 with a JWKS URL.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { createTestGateway, type TestGateway, testSecret } from '../support/gateway.js';
import { expectAlive, expectRefused } from './support.js';

const now = () => Math.floor(Date.now() / 1000);
const hs256 = (claims: Record<string, unknown>, secret = testSecret('acme'), alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(secret);
const acme = (extra: Record<string, unknown> = {}) => ({
  tenant: 'acme',
  role: 'analyst',
  aud: 'tandem',
  iat: now(),
  exp: now() + 600,
  ...extra,
});

/** The token with its payload changed and its signature kept. */
function tampered(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('tokens', () => {
  let gateway: TestGateway;
  let jwks: Server;
  const keys: Record<'rsa' | 'ec' | 'stranger', { privateKey: CryptoKey; jwk: JWK }> = {} as never;

  beforeAll(async () => {
    for (const [name, alg] of [
      ['rsa', 'RS256'],
      ['ec', 'ES256'],
      ['stranger', 'RS256'],
    ] as const) {
      const pair = await generateKeyPair(alg, { extractable: true });
      keys[name] = {
        privateKey: pair.privateKey,
        jwk: { ...(await exportJWK(pair.publicKey)), kid: name, alg },
      };
    }
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [keys.rsa.jwk, keys.ec.jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    const security = new TenantSecuritySettings({
      TANDEM_ACME_TOKEN_SECRET: new TextDecoder().decode(testSecret('acme')),
      TANDEM_GLOBEX_TOKEN_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      TANDEM_INITECH_TOKEN_JWKS_URL: 'http://127.0.0.1:9/unreachable.json',
      TANDEM_UMBRELLA_TOKEN_SECRET: 'too-short',
    });
    gateway = await createTestGateway('sqlite', { security, keys: undefined });
  });
  afterAll(async () => {
    await gateway.drop();
    jwks.close();
  });

  const send = (token: string | null, tenant = 'acme') =>
    gateway.graphql('{ tenant { id } }', {}, { tenant, token });
  const signed = (key: 'rsa' | 'ec' | 'stranger', claims: Record<string, unknown>, kid: string = key) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: key === 'ec' ? 'ES256' : 'RS256', kid })
      .sign(keys[key].privateKey);
  const globex = (extra: Record<string, unknown> = {}) => acme({ tenant: 'globex', ...extra });

  it('refuses a request without a token, naming the header', async () => {
    expectRefused(await send(null), 401, 'TOKEN_MISSING', /Authorization: Bearer <token>/);
    await expectAlive(gateway);
  });

  it('refuses another authorization scheme', async () => {
    const response = await gateway.graphql(
      '{ tenant { id } }',
      {},
      { token: null, headers: { authorization: 'Basic YWNtZTpwdw==' } },
    );
    expectRefused(response, 401, 'TOKEN_MISSING', /must be `Bearer <token>`/);
    await expectAlive(gateway);
  });

  it('refuses a bearer that is not a JWT', async () => {
    expectRefused(await send('not-a-jwt'), 401, 'TOKEN_MALFORMED');
    expectRefused(await send('e30.e30'), 401, 'TOKEN_MALFORMED');
    expectRefused(await send('%%%.###.!!!'), 401, 'TOKEN_MALFORMED');
    await expectAlive(gateway);
  });

  it('refuses an oversized token without decoding it', async () => {
    expectRefused(await send(`${'a'.repeat(6000)}.${'b'.repeat(6000)}.c`), 401, 'TOKEN_MALFORMED');
    await expectAlive(gateway);
  });

  it('answers an expired token with 401 TOKEN_EXPIRED, and a fresh one works (token refresh)', async () => {
    const expired = await gateway.token(
      { tenant: 'acme', role: 'viewer' },
      { now: Date.now() - 2 * 3600_000, expiresIn: 3600 },
    );
    const response = await send(expired);
    expectRefused(response, 401, 'TOKEN_EXPIRED', /expired at .*: ask for a fresh one/);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const fresh = await gateway.token({ tenant: 'acme', role: 'analyst' }, { expiresIn: 3600 });
    expect((await send(fresh)).data).toEqual({ tenant: { id: 'acme' } });
  });

  it('tolerates 30 s of clock difference, no more', async () => {
    expect((await send(await hs256(acme({ iat: now() - 600, exp: now() - 10 })))).status).toBe(200);
    expectRefused(await send(await hs256(acme({ iat: now() - 600, exp: now() - 60 }))), 401, 'TOKEN_EXPIRED');
  });

  it('refuses a token that is not valid yet (nbf)', async () => {
    expectRefused(await send(await hs256(acme({ nbf: now() + 300 }))), 401, 'TOKEN_NOT_YET_VALID', /nbf/);
    await expectAlive(gateway);
  });

  it('refuses a token issued in the future (iat)', async () => {
    expectRefused(
      await send(await hs256(acme({ iat: now() + 300, exp: now() + 900 }))),
      401,
      'TOKEN_NOT_YET_VALID',
      /iat/,
    );
    await expectAlive(gateway);
  });

  it('refuses a token without iat or exp, naming the missing claim (the 24 h rule needs iat)', async () => {
    expectRefused(
      await send(await hs256(acme({ iat: undefined }))),
      401,
      'TOKEN_CLAIMS',
      /^the token has no iat \(issued-at\) claim/,
    );
    expectRefused(
      await send(await hs256(acme({ exp: undefined }))),
      401,
      'TOKEN_CLAIMS',
      /^the token has no exp \(expiry\) claim/,
    );
    await expectAlive(gateway);
  });

  it('refuses a token issued more than 24 h ago, whatever its exp', async () => {
    expectRefused(
      await send(await hs256(acme({ iat: now() - 25 * 3600, exp: now() + 600 }))),
      401,
      'TOKEN_EXPIRED',
      /24 h/,
    );
    await expectAlive(gateway);
  });

  it('refuses a lifetime over 24 h', async () => {
    expectRefused(
      await send(await hs256(acme({ exp: now() + 48 * 3600 }))),
      401,
      'TOKEN_CLAIMS',
      /at most 24 h/,
    );
    await expectAlive(gateway);
  });

  it('refuses alg: none', async () => {
    const unsecured = new UnsecuredJWT(acme({ role: 'admin' })).encode();
    expectRefused(await send(unsecured), 401, 'TOKEN_INVALID', /'none' is not accepted/);
    expectRefused(await send(`${unsecured}c2ln`), 401, 'TOKEN_INVALID');
    await expectAlive(gateway);
  });

  it('refuses another algorithm with the right secret (HS512)', async () => {
    expectRefused(
      await send(await hs256(acme(), testSecret('acme'), 'HS512')),
      401,
      'TOKEN_INVALID',
      /not accepted/,
    );
    await expectAlive(gateway);
  });

  it('refuses RS256 for a tenant that has only a secret', async () => {
    expectRefused(await send(await signed('rsa', acme())), 401, 'TOKEN_INVALID', /no key for RS256/);
    await expectAlive(gateway);
  });

  it('refuses HS256 signed with the public key of an RS256 tenant (algorithm confusion)', async () => {
    const forged = await hs256(globex(), new TextEncoder().encode(JSON.stringify(keys.rsa.jwk)));
    expectRefused(await send(forged, 'globex'), 401, 'TOKEN_INVALID');
    await expectAlive(gateway);
  });

  it('refuses a token signed with another key', async () => {
    expectRefused(
      await send(await hs256(acme(), testSecret('someone-else'))),
      401,
      'TOKEN_INVALID',
      /does not verify/,
    );
    await expectAlive(gateway);
  });

  it('refuses tampered claims: a viewer made admin, or given no scopes', async () => {
    const viewer = await hs256(acme({ role: 'viewer', scopes: { team: 'sales-east' } }));
    expectRefused(await send(tampered(viewer, (c) => (c.role = 'admin'))), 401, 'TOKEN_INVALID');
    expectRefused(await send(tampered(viewer, (c) => delete c.scopes)), 401, 'TOKEN_INVALID');
    expectRefused(await send(tampered(viewer, (c) => (c.exp = now() + 20 * 3600))), 401, 'TOKEN_INVALID');
    await expectAlive(gateway);
  });

  it("refuses a token whose tenant was changed to another's", async () => {
    const token = await hs256(acme());
    expectRefused(
      await send(
        tampered(token, (c) => (c.tenant = 'globex')),
        'globex',
      ),
      401,
      'TOKEN_INVALID',
    );
    await expectAlive(gateway);
  });

  it("refuses another tenant's valid token for this tenant with 403", async () => {
    const globexToken = await signed('rsa', globex());
    expect((await send(globexToken, 'globex')).data).toEqual({ tenant: { id: 'globex' } });
    const response = await gateway.graphql(
      '{ tenant { id } }',
      {},
      { token: globexToken, headers: { 'x-tandem-tenant': 'acme' } },
    );
    expectRefused(response, 403, 'TENANT_MISMATCH', /for tenant 'globex', but the request names 'acme'/);
    await expectAlive(gateway);
  });

  it('refuses a token for another audience, or none', async () => {
    expectRefused(
      await send(await hs256(acme({ aud: 'billing' }))),
      401,
      'TOKEN_INVALID',
      /aud must be 'tandem'/,
    );
    expectRefused(await send(await hs256(acme({ aud: undefined }))), 401, 'TOKEN_INVALID');
    await expectAlive(gateway);
  });

  it('refuses claims that are missing or wrong', async () => {
    expectRefused(await send(await hs256(acme({ tenant: undefined }))), 401, 'TOKEN_CLAIMS', /tenant/);
    expectRefused(await send(await hs256(acme({ role: 'superuser' }))), 401, 'TOKEN_CLAIMS', /role/);
    expectRefused(
      await send(await hs256(acme({ scopes: { team: 'a', tenant: 'globex' } }))),
      401,
      'TOKEN_CLAIMS',
      /scopes/,
    );
    expectRefused(await send(await hs256(acme({ record: "per_1' OR 1=1" }))), 401, 'TOKEN_CLAIMS', /record/);
    await expectAlive(gateway);
  });

  it('refuses an admin token with row scopes', async () => {
    expectRefused(
      await send(await hs256(acme({ role: 'admin', scopes: { team: 'sales-east' } }))),
      401,
      'TOKEN_CLAIMS',
      /admin/,
    );
    await expectAlive(gateway);
  });

  it("accepts RS256 and ES256 tokens of the tenant's JWKS", async () => {
    expect((await send(await signed('rsa', globex()), 'globex')).data).toEqual({ tenant: { id: 'globex' } });
    expect((await send(await signed('ec', globex()), 'globex')).data).toEqual({ tenant: { id: 'globex' } });
  });

  it('refuses an RS256 token signed by a key the JWKS does not hold', async () => {
    expectRefused(await send(await signed('stranger', globex(), 'rsa'), 'globex'), 401, 'TOKEN_INVALID');
    expectRefused(await send(await signed('stranger', globex()), 'globex'), 401, 'TOKEN_INVALID');
    await expectAlive(gateway);
  });

  it('answers 503 when the JWKS cannot be fetched, and stays up', async () => {
    const token = await signed('rsa', acme({ tenant: 'initech' }));
    expectRefused(await send(token, 'initech'), 503, 'KEYS_UNAVAILABLE', /try again/);
    await expectAlive(gateway);
  });

  it('refuses tokens of a tenant without a key, or with a secret too short to use', async () => {
    expectRefused(
      await send(await hs256(acme({ tenant: 'nobody' }), testSecret('nobody')), 'nobody'),
      401,
      'TOKEN_INVALID',
    );
    expectRefused(
      await send(
        await hs256(acme({ tenant: 'umbrella' }), new TextEncoder().encode('too-short')),
        'umbrella',
      ),
      401,
      'TOKEN_INVALID',
    );
    await expectAlive(gateway);
  });
});
