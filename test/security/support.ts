/**
 * What the security suites share: a refusal matcher (status, code, and a message that says what
 * to do), and the check every hostile case ends with: the gateway still answers a good request.
 */
import { expect } from 'vitest';
import type { GraphQLResponse, TestGateway } from '../support/gateway.js';

/** The response is a refusal with this status and code, before or instead of any data. */
export function expectRefused(
  response: GraphQLResponse,
  status: number,
  code: string,
  message?: RegExp,
): void {
  expect({ status: response.status, code: response.errors?.[0]?.extensions?.code }).toEqual({ status, code });
  expect(response.data ?? null).toBeNull();
  if (message) expect(response.errors?.[0]?.message).toMatch(message);
}

/** The server stays up: the next good request after a hostile one is answered normally. */
export async function expectAlive(gateway: TestGateway, tenant = 'acme'): Promise<void> {
  const next = await gateway.graphql<{ tenant: { id: string } }>('{ tenant { id } }', {}, { tenant });
  expect({ status: next.status, data: next.data }).toEqual({ status: 200, data: { tenant: { id: tenant } } });
}

/** Sends a raw request to the gateway's /graphql (a body or headers the helper would not send). */
export async function rawGraphQL(
  gateway: TestGateway,
  init: { method?: string; headers?: Record<string, string>; body?: BodyInit | null; query?: string },
): Promise<GraphQLResponse & { text: string }> {
  const token = await gateway.token({ tenant: 'acme', role: 'analyst' });
  const response = await gateway.yoga.fetch(`http://tandem.test/graphql${init.query ?? ''}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
    duplex: 'half', // Node's fetch needs it for a streamed body
  });
  const text = await response.text();
  let body: Partial<GraphQLResponse> = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the caller looks at `text`
  }
  return { ...body, statements: 0, status: response.status, headers: response.headers, text } as never;
}
