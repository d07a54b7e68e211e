/**
 * Every GraphQL example in docs/analysts.md runs without errors against demo data and returns
 * rows, on SQLite and PostgreSQL, so the guide's answers to the review's questions stay true.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecords } from '../../gateway/seed/generate.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const guide = readFileSync(new URL('../../docs/analysts.md', import.meta.url), 'utf8');
const examples = [...guide.matchAll(/```graphql\n(\{[\s\S]*?)```/g)].map((match) => match[1]!);

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`docs/analysts.md examples on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      // The guide asks about 2025: a demo ending in February 2026 covers it.
      const now = new Date('2026-02-01T12:00:00Z');
      const records = generateDemoRecords({ tenantId: 'acme', seed: 7, people: 300, touches: 3_000, now });
      expect((await gateway.ingest('acme', records)).rejectedCount).toBe(0);
    });
    afterAll(async () => {
      await gateway?.drop();
    });

    it('has the review questions as examples', () => {
      expect(examples.length).toBe(7);
    });

    it.each(examples.map((query, i) => [i + 1, query]))(
      'example %i runs and answers rows',
      async (_, query) => {
        const result = await gateway.graphql<{ metrics: { rows: unknown[] } }>(query as string);
        expect(result.errors).toBeUndefined();
        expect(result.data!.metrics.rows.length).toBeGreaterThan(0);
      },
    );
  });
}
