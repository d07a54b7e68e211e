/**
 * Every GraphiQL example tab (gateway/server/graphiql-examples.ts) runs as written, variables'
 * defaults and all, against a small demo (the seed `tandem start` uses, smaller), with the
 * analyst token the demo's GraphiQL fills in: no error, no null top-level field and no empty list
 * anywhere in the answer but the example's `mayBeEmpty` (an example that shows nothing teaches
 * nothing). SQLite and PostgreSQL.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../gateway/cli/seed.js';
import { exampleDocument, graphiqlExamples, graphiqlTabs } from '../../gateway/server/graphiql-examples.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

/** The empty lists of an answer and its null top-level fields, as paths without indexes. */
function emptyPlaces(value: unknown, path = '', depth = 0): string[] {
  if (value === null || value === undefined) return depth === 1 ? [path] : [];
  if (Array.isArray(value))
    return value.length === 0 ? [path] : value.flatMap((item) => emptyPlaces(item, path, depth + 1));
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) =>
      emptyPlaces(item, path ? `${path}.${key}` : key, depth + 1),
    );
  return [];
}

describe('the GraphiQL examples', () => {
  it('are one tab each, named by their one operation', () => {
    const tabs = graphiqlTabs('{"Authorization":"Bearer x"}');
    expect(tabs).toHaveLength(graphiqlExamples.length);
    graphiqlExamples.forEach((example, i) => {
      const operations = parse(tabs[i]!.query).definitions;
      expect(operations.map((o) => ('name' in o ? o.name?.value : undefined))).toEqual([example.name]);
      expect(tabs[i]!.headers).toBe('{"Authorization":"Bearer x"}');
    });
    expect(new Set(graphiqlExamples.map((e) => e.name)).size).toBe(graphiqlExamples.length);
  });
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`the GraphiQL examples on the demo data (${dialect.name})`, () => {
    let gateway: TestGateway;
    let token: string;

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      await seedDemo(gateway.database, {
        people: 300,
        touches: 3000,
        seed: 42,
        tenants: 2,
        years: 2,
        progress: false,
      });
      token = await gateway.token({ tenant: 'acme', role: 'analyst', name: 'demo analyst' });
    });
    afterAll(() => gateway?.drop());

    // In the list's order: the closed-loop example (a mutation) runs last, as a reader would.
    for (const example of graphiqlExamples) {
      it(`${example.name} answers without an error, nothing empty`, async () => {
        const result = await gateway.graphql(exampleDocument(example), undefined, { token });
        expect(result.errors, example.name).toBeUndefined();
        const empty = [...new Set(emptyPlaces(result.data))];
        expect(
          empty.filter((path) => !example.mayBeEmpty?.includes(path)),
          example.name,
        ).toEqual([]);
      });
    }
  });
}
