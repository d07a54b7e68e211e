/**
 * A gateway over a fresh test database, driven through `yoga.fetch` (no port). `graphql()`
 * returns the parsed JSON body and counts the SQL statements the request ran. Every request
 * carries a token: by default a fresh unscoped admin token of the requested tenant named
 * `analyst`, i.e. every power the tokenless gateway gave every caller (suites written before
 * tokens keep their meaning, definition changes included); pass `token` to send another (an
 * analyst's, a viewer's...), or `token: null` for none.
 */

import { expect } from 'vitest';
import type { TokenGrant } from '../../gateway/auth/claims.js';
import type { TokenKeys } from '../../gateway/auth/keys.js';
import { type MintOptions, mintToken } from '../../gateway/auth/mint.js';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { type IngestOptions, ingestRecords } from '../../gateway/ingest/ingest.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createTandemYoga, type TandemYoga, type TandemYogaOptions } from '../../gateway/server/yoga.js';
import type { DialectName } from '../../gateway/store/database.js';
import type { RowScopes } from '../../gateway/store/row-scope.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant, type TenantSettings } from '../../gateway/store/tenants.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  /** SQL statements the request ran. */
  statements: number;
  status: number;
  /** The response headers (CORS, Retry-After...). */
  headers: Headers;
}

export interface GraphQLRequestOptions {
  tenant?: string;
  headers?: Record<string, string>;
  /** The bearer token; default: a fresh admin token of `tenant` named `analyst`; null: none. */
  token?: string | null;
}

export interface TestGateway extends TestDatabase {
  yoga: TandemYoga;
  security: TenantSecuritySettings;
  store(tenantId: string, scopes?: RowScopes): TenantStore;
  /** `options.now`: the moment of the write, for a test that plays an earlier day (ingest.ts). */
  ingest(
    tenantId: string,
    records: Iterable<SourceRecordInput>,
    options?: IngestOptions,
  ): ReturnType<typeof ingestRecords>;
  /** A token of this gateway's test keys (any tenant has one). */
  token(grant: TokenGrant, options?: MintOptions): Promise<string>;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: GraphQLRequestOptions,
  ): Promise<GraphQLResponse<T>>;
}

export const testTenants: TenantSettings[] = [
  { id: 'acme', name: 'Acme Analytics', timeZone: 'America/New_York', currency: 'USD' },
  { id: 'globex', name: 'Globex GmbH', timeZone: 'Europe/Berlin', currency: 'EUR' },
];

/** The test HS256 secret of a tenant: every tenant, even one that does not exist, has one. */
export function testSecret(tenantId: string): Uint8Array {
  return new TextEncoder().encode(`tandem-test-secret-of-${tenantId}-0123456789abcdef`);
}

export const testKeys: TokenKeys = { keysOf: async (tenantId) => ({ secret: testSecret(tenantId) }) };

/** Mints a token with the test secret of `grant.tenant`. */
export function testToken(grant: TokenGrant, options?: MintOptions): Promise<string> {
  return mintToken(grant, testSecret(grant.tenant), options);
}

export async function createTestGateway(
  dialect: DialectName = 'sqlite',
  options: TandemYogaOptions = {},
): Promise<TestGateway> {
  const test = await createTestDatabase(dialect);
  for (const tenant of testTenants)
    await ensureTenant(test.database, tenant, Date.parse('2023-01-01T00:00:00Z'));
  const security = options.security ?? new TenantSecuritySettings({});
  const yoga = createTandemYoga(test.database, { keys: testKeys, ...options, security });
  return {
    ...test,
    yoga,
    security,
    store: (tenantId, scopes) => new TenantStore(test.database, tenantId, scopes),
    ingest: (tenantId, records, options) =>
      ingestRecords(new TenantStore(test.database, tenantId), records, options),
    token: testToken,
    async graphql(query, variables, options = {}) {
      const tenant = options.tenant ?? 'acme';
      const token =
        options.token === undefined
          ? await testToken({ tenant, role: 'admin', name: 'analyst' })
          : options.token;
      const before = test.database.stats.queries;
      const response = await yoga.fetch('http://tandem.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-tandem-tenant': tenant,
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return {
        ...body,
        statements: test.database.stats.queries - before,
        status: response.status,
        headers: response.headers,
      } as never;
    },
  };
}

/**
 * `query` with `variables` asked of any yoga (a second gateway on a test database, say) as an
 * acme admin; fails the test on a GraphQL error, and gives the data.
 */
export async function askAsAdmin(yoga: TandemYoga, query: string, variables: object): Promise<unknown> {
  const token = await testToken({ tenant: 'acme', role: 'admin', name: 'analyst' });
  const response = await yoga.fetch('http://tandem.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}
