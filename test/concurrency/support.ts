/**
 * What the concurrency suites share: a serving gateway on a real port (createGateway: the HTTP
 * routes, yoga and its plugins as in production) over a fresh database of either dialect, with an
 * events key and the test token secret of acme, and helpers to fire many requests at once.
 */
import type { AddressInfo } from 'node:net';
import type { TokenGrant } from '../../gateway/auth/claims.js';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createGateway, type Gateway } from '../../gateway/server/app.js';
import type { DialectName } from '../../gateway/store/database.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { testSecret, testTenants, testToken } from '../support/gateway.js';

export const eventsKey = 'events-key-for-acme-concurrency';
export const t0 = Date.parse('2026-03-02T14:00:00Z'); // a Monday, 09:00 in New York

export interface GraphQLBody<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface ServingGateway extends TestDatabase {
  base: string;
  acme: TenantStore;
  ingest(records: SourceRecordInput[]): ReturnType<typeof ingestRecords>;
  /** POST /ingest/events for acme: status and parsed body. */
  postEvents(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** POST /graphql for acme with a token (default: an admin named `analyst`). */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    grant?: Partial<TokenGrant>,
  ): Promise<GraphQLBody<T> & { status: number }>;
  close(): Promise<void>;
}

export async function startServingGateway(dialect: DialectName): Promise<ServingGateway> {
  process.env.TANDEM_ACME_EVENTS_KEY = eventsKey;
  process.env.TANDEM_SYNC_INTERVAL_MINUTES = '0';
  const test = await createTestDatabase(dialect);
  for (const tenant of testTenants)
    await ensureTenant(test.database, tenant, Date.parse('2023-01-01T00:00:00Z'));
  const security = new TenantSecuritySettings({
    TANDEM_ACME_TOKEN_SECRET: new TextDecoder().decode(testSecret('acme')),
  });
  const gateway: Gateway = createGateway({ database: test.database, security, cache: false });
  await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  const acme = new TenantStore(test.database, 'acme');
  return {
    ...test,
    base,
    acme,
    ingest: (records) => ingestRecords(acme, records),
    async postEvents(body) {
      const response = await fetch(`${base}/ingest/events?tenant=acme`, {
        method: 'POST',
        headers: { authorization: `Bearer ${eventsKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async graphql(query, variables = {}, grant = {}) {
      const token = await testToken({ tenant: 'acme', role: 'admin', name: 'analyst', ...grant });
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as GraphQLBody) } as never;
    },
    async close() {
      gateway.server.closeAllConnections();
      await new Promise((resolve) => gateway.server.close(resolve));
      await gateway.close();
      await test.drop();
    },
  };
}

/** A person known by email, with a marketing identity (`csv record <sourceId>`). */
export function personRecord(sourceId: string, extra: Partial<SourceRecordInput> = {}): SourceRecordInput {
  return {
    kind: 'person',
    system: 'csv',
    objectType: 'record',
    sourceId,
    email: `${sourceId.toLowerCase()}@example.org`,
    createdAt: t0,
    updatedAt: t0,
    ...extra,
  } as SourceRecordInput;
}

/** Runs `count` calls of `work` at once and waits for all of them. */
export function atOnce<T>(count: number, work: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => work(index)));
}

/** The number of rows of `table` for acme (optionally for one person). */
export async function countRows(
  store: TenantStore,
  table: 'touches' | 'score_events' | 'handoffs' | 'stage_transitions' | 'activities' | 'opportunity_stages',
  personId?: string,
): Promise<number> {
  let query = store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (personId && table !== 'opportunity_stages') query = query.where('person_id', '=', personId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
