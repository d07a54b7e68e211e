/**
 * Hostile requests: malformed JSON and GraphQL, huge documents, depth, alias, directive, cost and
 * fragment bombs, batches, page sizes and forged content types. Each is refused with a clear
 * message and the right status, before any SQL runs, and the gateway answers the next good request.
 * Malformed or invalid GraphQL follows GraphQL-over-HTTP: 400 for clients that accept
 * application/graphql-response+json, 200 with errors for legacy application/json clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../gateway/server/limits.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { expectAlive, expectRefused, rawGraphQL } from './support.js';

const modern = { accept: 'application/graphql-response+json' };

describe('hostile requests', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway();
  });
  afterAll(() => gateway.drop());

  const body = (payload: unknown) => JSON.stringify(payload);

  describe('malformed JSON and parameters', () => {
    it.each([
      ['broken JSON', '{"query": "{ tenant { id } }"'],
      ['an empty body', ''],
      ['a JSON string', '"{ tenant { id } }"'],
      ['JSON null', 'null'],
      ['a number', '42'],
      ['a query that is not a string', body({ query: 42 })],
      ['a query that is an object', body({ query: { toString: '{ tenant { id } }' } })],
      [
        'variables that are not an object',
        body({ query: 'query ($a: Int) { tenant { id } }', variables: 'a=1' }),
      ],
      ['an operationName that is not a string', body({ query: '{ tenant { id } }', operationName: ['x'] })],
      [
        'a prototype-polluting body',
        '{"query": "{ tenant { id } }", "__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}',
      ],
    ])('refuses %s with 400', async (_case, text) => {
      const response = await rawGraphQL(gateway, { body: text });
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.message).toBeTruthy();
      expect(({} as { isAdmin?: boolean; x?: number }).isAdmin ?? ({} as { x?: number }).x).toBeUndefined();
      await expectAlive(gateway);
    });

    it('refuses deeply nested variables without a stack overflow', async () => {
      const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const response = await rawGraphQL(gateway, {
        body: `{"query": "query ($filter: MetricsFilter) { funnel(filter: $filter) { from } }", "variables": {"filter": ${nested}}}`,
      });
      expect(response.errors?.[0]?.message).toMatch(/filter/);
      expect(response.data ?? null).toBeNull();
      await expectAlive(gateway);
    });
  });

  describe('malformed GraphQL', () => {
    it.each([
      ['an unclosed selection', '{ tenant { id }'],
      ['an unknown field', '{ tenant { secret } }'],
      ['an unknown argument', '{ tenant(id: "globex") { id } }'],
      ['a bad literal', '{ leads(first: "all") { totalCount } }'],
      ['two anonymous operations', '{ tenant { id } } { tenants { id } }'],
      ['an undefined variable', '{ leads(first: $n) { totalCount } }'],
      ['a NUL and control characters', '{ tenant { id } }\u0000\u0007'],
      ['an unterminated string', '{ customer(email: "a) { id } }'],
    ])('answers %s with an error and no data (400 for graphql-response+json)', async (_case, query) => {
      const legacy = await gateway.graphql(query);
      expect([200, 400]).toContain(legacy.status); // 200 where GraphQL-over-HTTP keeps it for application/json
      expect(legacy.errors?.length).toBeGreaterThan(0);
      expect(legacy.data ?? null).toBeNull();
      expect((await gateway.graphql(query, {}, { headers: modern })).status).toBe(400);
      await expectAlive(gateway);
    });

    it('answers an operationName that names no operation with an error', async () => {
      const response = await gateway.graphql('query A { tenant { id } }', {}, { headers: {} });
      expect(response.errors).toBeUndefined();
      const wrong = await rawGraphQL(gateway, {
        body: body({ query: 'query A { tenant { id } }', operationName: 'B' }),
      });
      expect(wrong.errors?.[0]?.message).toMatch(/Could not determine what operation to execute/);
      expect(wrong.data ?? null).toBeNull();
      await expectAlive(gateway);
    });
  });

  describe('huge documents', () => {
    it(`refuses a body over ${defaultLimits.maxBodyBytes / 1024} KiB with 413 (Content-Length)`, async () => {
      const query = `{ tenant { id } } # ${'x'.repeat(defaultLimits.maxBodyBytes)}`;
      const response = await rawGraphQL(gateway, { body: body({ query }) });
      expect(response.status).toBe(413);
      expect(response.errors?.[0]?.message).toBe('Request body too large');
      await expectAlive(gateway);
    });

    it('refuses an oversized body sent in chunks without a Content-Length with 413', async () => {
      const chunk = new TextEncoder().encode(`${' '.repeat(16 * 1024)}`);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0)
            controller.enqueue(new TextEncoder().encode('{"query": "{ tenant { id } }", "pad": "'));
          if (sent++ > 16)
            controller.close(); // 256 KiB in all
          else controller.enqueue(chunk);
        },
      });
      const response = await rawGraphQL(gateway, { body: stream });
      expect(response.status).toBe(413);
      await expectAlive(gateway);
    });

    it(`refuses a document of more than ${defaultLimits.maxTokens} tokens with 400 before parsing it`, async () => {
      const query = `{ ${'tenant { id } '.repeat(600)} }`;
      expectRefused(await gateway.graphql(query), 400, 'TOKEN_LIMIT', /Token limit of 2000 exceeded/);
      await expectAlive(gateway);
    });

    it('refuses a Content-Length that is not a number', async () => {
      const response = await rawGraphQL(gateway, {
        body: body({ query: '{ tenant { id } }' }),
        headers: { 'content-length': '1, 2' },
      });
      expect([400, 413]).toContain(response.status);
      await expectAlive(gateway);
    });
  });

  describe('bombs', () => {
    it(`refuses a depth bomb (nesting over ${defaultLimits.maxDepth}) with 400`, async () => {
      const parents = 'parent { '.repeat(12) + 'id' + ' }'.repeat(12);
      const query = `{ campaignRoi(model: W_SHAPED) { campaigns { campaign { ${parents} } } } }`;
      expectRefused(
        await gateway.graphql(query),
        400,
        'DEPTH_LIMIT',
        /Query validation error|Query depth limit of 10 exceeded/,
      );
      await expectAlive(gateway);
    });

    it('refuses a depth bomb hidden in fragments', async () => {
      const fragments = Array.from({ length: 12 }, (_, i) =>
        i < 11
          ? `fragment F${i} on Campaign { parent { ...F${i + 1} } }`
          : `fragment F${i} on Campaign { id }`,
      ).join('\n');
      const query = `{ campaignRoi(model: W_SHAPED) { campaigns { campaign { ...F0 } } } }\n${fragments}`;
      const response = await gateway.graphql(query);
      expect(response.status).toBe(400);
      expect(response.errors?.map((e) => e.extensions?.code)).toContain('DEPTH_LIMIT');
      await expectAlive(gateway);
    });

    it(`refuses an alias bomb (more than ${defaultLimits.maxAliases} aliases) with 400`, async () => {
      const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: funnel { from }`).join(' ')} }`;
      expectRefused(await gateway.graphql(query), 400, 'ALIAS_LIMIT', /Aliases limit of 15 exceeded/);
      await expectAlive(gateway);
    });

    it(`refuses a directive bomb (more than ${defaultLimits.maxDirectives} directives) with 400`, async () => {
      const query = `{ ${'tenant @include(if: true) { id } '.repeat(21)} }`;
      expectRefused(await gateway.graphql(query), 400, 'DIRECTIVE_LIMIT', /Directives limit of 20 exceeded/);
      await expectAlive(gateway);
    });

    it(`refuses a cost bomb (over ${defaultLimits.maxCost}) with 400`, async () => {
      const page =
        'leads(first: 200) { edges { node { id name email title fitGrade engagementScore account { name domain industry region } } } }';
      expectRefused(
        await gateway.graphql(`{ a: ${page} b: ${page} }`),
        400,
        'COST_LIMIT',
        /Query Cost limit of 20000 exceeded/,
      );
      await expectAlive(gateway);
    });

    it('answers a fragment cycle with a validation error, at once', async () => {
      const started = Date.now();
      const query = '{ ...A } fragment A on Query { ...B } fragment B on Query { tenant { id } ...A }';
      const response = await gateway.graphql(query, {}, { headers: modern });
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.message).toMatch(/Cannot spread fragment "A" within itself/);
      expect(Date.now() - started).toBeLessThan(2000);
      await expectAlive(gateway);
    });

    it('refuses an exponential fragment bomb quickly', async () => {
      const levels = 30;
      const fragments = Array.from({ length: levels }, (_, i) =>
        i < levels - 1
          ? `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`
          : `fragment F${i} on Query { tenant { id name currency } }`,
      ).join('\n');
      const started = Date.now();
      const response = await gateway.graphql(`{ ...F0 }\n${fragments}`);
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.extensions?.code).toBe('COST_LIMIT');
      expect(Date.now() - started).toBeLessThan(2000);
      await expectAlive(gateway);
    });
  });

  describe('batches', () => {
    it('refuses a batch of two operations with 400', async () => {
      const response = await rawGraphQL(gateway, {
        body: body([{ query: '{ tenant { id } }' }, { query: '{ tenants { id } }' }]),
      });
      expect(response.status).toBe(400);
      expect(response.text).toContain('Batching is not supported.');
      await expectAlive(gateway);
    });

    it('refuses a batch of a thousand operations with 400, without running one', async () => {
      const before = gateway.database.stats.queries;
      const response = await rawGraphQL(gateway, {
        body: body(Array.from({ length: 1000 }, () => ({ query: '{ funnel { from } }' }))),
      });
      expect(response.status).toBe(400);
      expect(gateway.database.stats.queries - before).toBe(0);
      await expectAlive(gateway);
    });

    it('refuses an empty batch with 400', async () => {
      expect((await rawGraphQL(gateway, { body: '[]' })).status).toBe(400);
      await expectAlive(gateway);
    });
  });

  describe('page sizes', () => {
    it.each([
      ['leads, by variable', 'query ($n: Int) { leads(first: $n) { totalCount } }', { n: 201 }],
      ['leads, literal', '{ leads(first: 201) { totalCount } }', {}],
      [
        'a timeline, by variable default',
        'query ($n: Int = 1000) { customer(id: "per_x") { timeline(first: $n) { pageInfo { hasNextPage } } } }',
        {},
      ],
    ])('refuses a page over %s with 400 before any SQL', async (_case, query, variables) => {
      const response = await gateway.graphql(query, variables);
      expectRefused(response, 400, 'PAGE_TOO_LARGE', /must be at most 200/);
      expect(response.statements).toBe(0);
      await expectAlive(gateway);
    });
  });

  describe('forged requests (CSRF)', () => {
    it.each([
      ['text/plain'],
      ['application/x-www-form-urlencoded'],
      ['multipart/form-data; boundary=x'],
      [''],
    ])('refuses a POST of %s with 415', async (type) => {
      const response = await rawGraphQL(gateway, {
        body: 'query={ tenant { id } }',
        headers: { 'content-type': type },
      });
      expect(response.status).toBe(415);
      expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      await expectAlive(gateway);
    });

    it('refuses a mutation over GET with 405', async () => {
      const query = encodeURIComponent('mutation { acceptLead(personId: "per_x") { id } }');
      const response = await rawGraphQL(gateway, {
        method: 'GET',
        query: `?query=${query}`,
        body: null,
        headers: { 'content-type': '' },
      });
      expect(response.status).toBe(405);
      await expectAlive(gateway);
    });

    it('answers a GET query that carries a token (a cross-site <img> cannot carry one)', async () => {
      const response = await rawGraphQL(gateway, {
        method: 'GET',
        query: `?query=${encodeURIComponent('{ tenant { id } }')}`,
        body: null,
      });
      expect(response.status).toBe(200);
      const anonymous = await gateway.yoga.fetch(
        `http://tandem.test/graphql?query=${encodeURIComponent('{ tenant { id } }')}`,
      );
      expect(anonymous.status).toBe(401);
    });
  });
});
