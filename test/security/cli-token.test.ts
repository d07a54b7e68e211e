/**
 * `tandem token`: mints a JWT the gateway accepts, with exactly the role, scopes, record, widgets
 * and lifetime asked for; refuses, in one line and exit code 2, what would mint a useless or
 * overreaching token; and never prints the secret.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../gateway/auth/verify.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { runCli } from '../cli/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { testKeys, testSecret } from '../support/gateway.js';

const secret = new TextDecoder().decode(testSecret('acme'));
const env = { TANDEM_ACME_TOKEN_SECRET: secret };

describe('tandem token', () => {
  let test: TestDatabase;
  let person: string;
  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    await ensureTenant(test.database, {
      id: 'acme',
      name: 'Acme',
      timeZone: 'America/New_York',
      currency: 'USD',
    });
    const store = new TenantStore(test.database, 'acme');
    await ingestRecords(store, [
      {
        kind: 'user',
        email: 'rep@acme.example',
        name: 'Rita Rep',
        team: 'Sales East',
        teamFunction: 'sales',
      },
      {
        kind: 'person',
        system: 'hubspot',
        objectType: 'contact',
        sourceId: 'P1',
        email: 'p1@people.example',
        createdAt: 0,
        updatedAt: 0,
      },
    ]);
    person = (await store.db.selectFrom('people').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => test.drop());

  const token = (args: string[], extra: Record<string, string> = env) =>
    runCli(['token', '--database', test.url, ...args], extra);

  it('explains itself with --help, with examples', async () => {
    const help = await runCli(['token', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--team <id>');
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('tandem token --tenant acme --role viewer --team');
    expect(help.stdout).toContain('TANDEM_<TENANT>_TOKEN_SECRET');
  });

  it('mints a viewer token with scopes, record, widgets and lifetime, which the gateway verifies', async () => {
    const result = await token([
      '--tenant',
      'acme',
      '--role',
      'viewer',
      '--team',
      'sales-east',
      '--record',
      person,
      '--widgets',
      'funnel,customer-360',
      '--expires',
      '15m',
    ]);
    expect(result.code).toBe(0);
    const jwt = result.stdout.trim();
    expect(jwt.split('.')).toHaveLength(3);
    expect(result.stderr).toContain('viewer token for acme (team sales-east, record');
    const claims = await verifyToken(jwt, testKeys);
    expect(claims).toMatchObject({
      tenant: 'acme',
      role: 'viewer',
      scopes: { team: 'sales-east' },
      record: person,
      widgets: ['funnel', 'customer-360'],
    });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(decodeJwt(jwt).aud).toBe('tandem');
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it.each([
    ['no secret', ['--tenant', 'acme'], {}, /TANDEM_ACME_TOKEN_SECRET/],
    ['a short secret', ['--tenant', 'acme'], { TANDEM_ACME_TOKEN_SECRET: 'short' }, /at least 32/],
    [
      'an unknown tenant',
      ['--tenant', 'acm'],
      { TANDEM_ACM_TOKEN_SECRET: secret },
      /unknown tenant 'acm' \(tenants: acme\)/,
    ],
    [
      'an unknown team',
      ['--tenant', 'acme', '--team', 'sales-wets'],
      env,
      /no team 'sales-wets' \(teams: sales-east\)/,
    ],
    ['an unknown record', ['--tenant', 'acme', '--record', 'per_nobody'], env, /no record 'per_nobody'/],
    [
      'an unknown widget',
      ['--tenant', 'acme', '--widgets', 'funel'],
      env,
      /unknown widget funel \(widgets: campaign-roi, customer-360, funnel/,
    ],
    ['a lifetime over 24 h', ['--tenant', 'acme', '--expires', '25h'], env, /at most 24h|1s to 24h/],
    ['an unreadable lifetime', ['--tenant', 'acme', '--expires', 'soon'], env, /15m, 1h or 24h/],
    [
      'an admin with row scopes',
      ['--tenant', 'acme', '--role', 'admin', '--team', 'sales-east'],
      env,
      /admin token carries no row scopes/,
    ],
  ] as const)('refuses %s in one line with exit code 2', async (_case, args, extra, message) => {
    const result = await token([...args], { ...extra });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('refuses an unknown role, listing the roles', async () => {
    const result = await token(['--tenant', 'acme', '--role', 'root']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/viewer, analyst, admin/);
  });
});
