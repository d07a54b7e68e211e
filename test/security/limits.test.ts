/**
 * The limits themselves: the widgets' own documents fit every one of them with room to spare (so
 * a limit can never break a widget), a page size given by a variable costs what the same page
 * written inline costs, every directive counts wherever it is written, an operation over the
 * execution timeout is answered 503, and a token over its rate 429 with Retry-After, while other
 * tokens carry on.
 */
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { getIntrospectionQuery, parse, validate } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetOperations } from '../../gateway/auth/widget-operations.js';
import { defaultLimits } from '../../gateway/server/limits.js';
import { useExecutionTimeout } from '../../gateway/server/plugins/use-execution-timeout.js';
import { countTokens } from '../../gateway/server/plugins/use-query-limits.js';
import { useRateLimit } from '../../gateway/server/plugins/use-rate-limit.js';
import { useTokenAuth } from '../../gateway/server/plugins/use-token-auth.js';
import { schema } from '../../schema/index.js';
import { createTestGateway, type TestGateway, testKeys, testToken } from '../support/gateway.js';
import { expectAlive, expectRefused } from './support.js';

/** What graphql-armor's rules find in `query` (they report it when the limit is 0). */
function measure(query: string) {
  const found: Record<string, number> = {};
  const record = (name: string) => ({
    propagateOnRejection: false,
    onReject: [
      (_: unknown, error: Error) => {
        found[name] = Number(/found (\d+(?:\.\d+)?)/.exec(error.message)?.[1] ?? 0);
      },
    ],
  });
  validate(schema, parse(query), [
    maxDepthRule({ n: 0, flattenFragments: true, ...record('depth') }),
    maxAliasesRule({ n: -1, ...record('aliases') }),
    costLimitRule({ maxCost: 0, ...record('cost') }),
  ]);
  return {
    depth: found.depth ?? 0,
    aliases: found.aliases ?? 0,
    cost: found.cost ?? 0,
    tokens: countTokens(query, 1e6),
    bytes: query.length,
  };
}

const operations = (await widgetOperations()).operations;

describe('the widgets fit the limits', () => {
  it.each(operations.map((o) => [o.operationName, o.query] as const))('%s', (_name, query) => {
    const found = measure(query);
    expect(found.depth).toBeLessThanOrEqual(defaultLimits.maxDepth - 4);
    expect(found.aliases).toBe(0);
    expect(found.tokens * 10).toBeLessThanOrEqual(defaultLimits.maxTokens);
    expect(found.cost * 50).toBeLessThanOrEqual(defaultLimits.maxCost);
    // With a literal page of the largest size the document still fits (armor multiplies by `first`).
    const inline = query
      .replace(/,\s*\$first: Int/, '')
      .replace(/\$first/g, String(defaultLimits.maxPageSize));
    expect(measure(inline).cost).toBeLessThanOrEqual(defaultLimits.maxCost);
    expect(found.bytes * 20).toBeLessThanOrEqual(defaultLimits.maxBodyBytes);
  });

  it("GraphiQL's introspection query fits too", () => {
    const introspection = getIntrospectionQuery();
    expect(countTokens(introspection, 1e6)).toBeLessThanOrEqual(defaultLimits.maxTokens);
    expect(introspection.length).toBeLessThanOrEqual(defaultLimits.maxBodyBytes);
  });
});

describe('cost and directives, wherever they are written', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway('sqlite');
  });
  afterAll(() => gateway.drop());

  const page =
    '{ edges { node { id name email title fitGrade engagementScore account { name domain industry region } } } }';

  it('multiplies by `first` given by a variable (or its default) as by the same number inline', async () => {
    // A page over the limit is told so first, however it is given, rather than its cost.
    const variable = await gateway.graphql(`query Leads($n: Int) { leads(first: $n) ${page} }`, { n: 500 });
    const byDefault = await gateway.graphql(`query Leads($n: Int = 500) { leads(first: $n) ${page} }`);
    expectRefused(variable, 400, 'PAGE_TOO_LARGE', /first must be at most 200, got 500/);
    expectRefused(byDefault, 400, 'PAGE_TOO_LARGE', /first must be at most 200, got 500/);
    // Within the page size, two pages of 200 are refused by cost alone, written any way: the same
    // cost found, the same words.
    const twoPages = (first: string) => `a: leads(first: ${first}) ${page} b: leads(first: ${first}) ${page}`;
    const pagesInline = await gateway.graphql(`query Pages { ${twoPages('200')} }`);
    expectRefused(pagesInline, 400, 'COST_LIMIT', /^Query Cost limit of 20000 exceeded, found \d+/);
    const pagesVariable = await gateway.graphql(`query Pages($n: Int) { ${twoPages('$n')} }`, { n: 200 });
    const pagesDefault = await gateway.graphql(`query Pages($n: Int = 200) { ${twoPages('$n')} }`);
    expectRefused(pagesVariable, 400, 'COST_LIMIT');
    expectRefused(pagesDefault, 400, 'COST_LIMIT');
    expect(pagesVariable.errors?.[0]?.message).toBe(pagesInline.errors?.[0]?.message);
    expect(pagesDefault.errors?.[0]?.message).toBe(pagesInline.errors?.[0]?.message);
    // The same document with a small page runs (the validation of the document is cached: the cost is the variables').
    const small = await gateway.graphql(`query Leads($n: Int) { leads(first: $n) ${page} }`, { n: 5 });
    expect({ status: small.status, errors: small.errors }).toEqual({ status: 200, errors: undefined });
    await expectAlive(gateway);
  });

  it('counts the directives of every fragment spread, inline fragment and variable definition', async () => {
    const limit = defaultLimits.maxDirectives;
    const spreads = `{ ${'...Tenant @include(if: true) '.repeat(limit + 1)} } fragment Tenant on Query { tenant { id } }`;
    expectRefused(
      await gateway.graphql(spreads),
      400,
      'DIRECTIVE_LIMIT',
      new RegExp(`^Directives limit of ${limit} exceeded, found ${limit + 1}\\.`),
    );
    const twice = `{ ${'...Tenant @include(if: true) @skip(if: false) '.repeat(limit / 2 + 1)} } fragment Tenant on Query { tenant { id } }`;
    expectRefused(await gateway.graphql(twice), 400, 'DIRECTIVE_LIMIT', /found 22\./);
    const inline = `{ ${'... on Query @include(if: true) { tenant { id } } '.repeat(limit + 1)} }`;
    expectRefused(await gateway.graphql(inline), 400, 'DIRECTIVE_LIMIT');
    const definitions = Array.from({ length: limit + 1 }, (_, i) => `$v${i}: Int @a`).join(' ');
    const variables = await gateway.graphql(`query Q(${definitions}) { tenant { id } }`);
    expect(variables.status).toBe(400);
    expect(variables.errors?.map((e) => e.extensions?.code)).toContain('DIRECTIVE_LIMIT');
    // At the limit, nothing is refused.
    const atLimit = `{ ${'...Tenant @include(if: true) '.repeat(limit)} } fragment Tenant on Query { tenant { id } }`;
    expect((await gateway.graphql(atLimit)).status).toBe(200);
    await expectAlive(gateway);
  });
});

describe('the execution timeout', () => {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { slow: Int fast: Int }',
      resolvers: {
        Query: { slow: () => new Promise((resolve) => setTimeout(() => resolve(1), 500)), fast: () => 1 },
      },
    }),
    plugins: [useExecutionTimeout({ ms: 50 })],
  });
  const send = (query: string) =>
    yoga.fetch('http://t/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });

  it('answers an operation that runs too long with 503 and EXECUTION_TIMEOUT, and Retry-After', async () => {
    const started = Date.now();
    const response = await send('{ slow }');
    expect(Date.now() - started).toBeLessThan(400);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'EXECUTION_TIMEOUT' } });
    expect(body.errors[0].message).toMatch(/longer than 0.05 s/);
  });

  it('lets a quick operation through, and the next one after a timeout', async () => {
    expect((await send('{ fast }')).status).toBe(200);
  });

  it(`is ${defaultLimits.executionTimeoutMs / 1000} s on the gateway`, () => {
    expect(defaultLimits.executionTimeoutMs).toBe(10_000);
  });
});

describe('the rate limit per token', () => {
  let now = 0;
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Int }', resolvers: { Query: { ok: () => 1 } } }),
    plugins: [useTokenAuth({ keys: testKeys }), useRateLimit({ perMinute: 60, burst: 2, now: () => now })],
  });
  const send = (token: string) =>
    yoga.fetch('http://t/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ ok }' }),
    });

  it('allows the burst, refuses the next with 429 and Retry-After, and refills at the rate', async () => {
    const token = await testToken({ tenant: 'acme', role: 'viewer' });
    expect((await send(token)).status).toBe(200);
    expect((await send(token)).status).toBe(200);
    const refused = await send(token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
      /at most 60 a minute/,
    );
    now += 1000;
    expect((await send(token)).status).toBe(200);
  });

  it('counts each token alone', async () => {
    const [a, b] = await Promise.all([
      testToken({ tenant: 'acme', role: 'viewer' }),
      testToken({ tenant: 'acme', role: 'viewer' }),
    ]);
    await send(a);
    await send(a);
    expect((await send(a)).status).toBe(429);
    expect((await send(b)).status).toBe(200);
  });

  describe('on the gateway', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway('sqlite', { limits: { ratePerMinute: 60, rateBurst: 3 } });
    });
    afterAll(() => gateway.drop());

    it('refuses a token over its rate with 429 RATE_LIMITED, and serves other tokens', async () => {
      const token = await gateway.token({ tenant: 'acme', role: 'analyst' });
      for (let i = 0; i < 3; i++)
        expect((await gateway.graphql('{ tenant { id } }', {}, { token })).status).toBe(200);
      expectRefused(
        await gateway.graphql('{ tenant { id } }', {}, { token }),
        429,
        'RATE_LIMITED',
        /retry in \d+ s/,
      );
      await expectAlive(gateway);
    });
  });
});
