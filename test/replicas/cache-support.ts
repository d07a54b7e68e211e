/**
 * What the response cache suites share: the dashboard query, a request helper that reads the
 * `x-tandem-cache` header and counts SQL statements, and a new February person to move numbers.
 */
import type { TokenGrant } from '../../gateway/auth/claims.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import type { TandemYoga } from '../../gateway/server/yoga.js';
import type { RevenueDatabase } from '../../gateway/store/database.js';
import { testToken } from '../support/gateway.js';

export const dashboard = /* GraphQL */ `
  query Dashboard($filter: MetricsFilter) {
    tenant { id name }
    funnel(filter: $filter) { entered stages { key reached } }
  }`;
export const february = { filter: { from: '2026-02-01', to: '2026-02-28' } };

export interface Answer {
  cache: string | null;
  statements: number;
  status: number;
  body: {
    data?: { tenant: { id: string; name: string }; funnel: { entered: number } };
    errors?: { message: string }[];
    extensions?: unknown;
  };
  etag: string | null;
}

/** A query through `yoga`, with a token of `grant`; counts the SQL statements of `database`. */
export async function ask(
  yoga: TandemYoga,
  database: RevenueDatabase,
  grant: TokenGrant,
  query = dashboard,
  variables: Record<string, unknown> = february,
): Promise<Answer> {
  const token = await testToken(grant);
  const before = database.stats.queries;
  const response = await yoga.fetch('http://tandem.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    body: await response.json(),
    cache: response.headers.get('x-tandem-cache'),
    statements: database.stats.queries - before,
    status: response.status,
    etag: response.headers.get('etag'),
  };
}

/** A February person for `tenant`, new each call: it moves the February funnel's `entered`. */
let added = 0;
export function newPerson(): SourceRecordInput {
  added++;
  return {
    kind: 'person',
    system: 'hubspot',
    objectType: 'contact',
    sourceId: `new-${added}`,
    email: `new-${added}@people.example`,
    firstName: `New${added}`,
    createdAt: Date.parse('2026-02-15T12:00:00Z'),
    updatedAt: Date.parse('2026-02-15T12:00:00Z'),
  };
}

export const analyst: TokenGrant = { tenant: 'acme', role: 'analyst' };

/** Retries `check` until it passes (a few seconds at most): for what crosses a connection. */
export async function waitFor(check: () => Promise<unknown>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
