/**
 * The CRM stage map saved by several admins at once through `updateCrmStages`, on SQLite and
 * PostgreSQL: every save succeeds, and the map left is one of them whole, never a mix of two nor
 * a duplicate-key error; a policy saved alone meanwhile keeps whichever map stands (it is read
 * under the same lock, store/crm-stages.ts). test/concurrency/crm-stages.test.ts is the store's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCrmSettings } from '../../gateway/store/crm-stages.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const update = `mutation ($input: CrmStagesInput!) { updateCrmStages(input: $input) { lostDeals } }`;

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`updateCrmStages at once on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
    });
    afterAll(() => gateway?.drop());

    it('eight saves of different maps and four of the policy alone: all succeed, one map stands whole', async () => {
      const mapOf = (i: number) => [
        { name: 'Closed Won', status: 'WON' },
        { name: 'Closed Lost', status: 'LOST' },
        { name: `Stage ${i}`, status: 'OPEN', probability: i / 10 },
      ];
      const saves = [
        ...Array.from({ length: 8 }, (_, i) => ({ stages: mapOf(i) })),
        ...Array.from({ length: 4 }, (_, i) => ({ lostDeals: i % 2 ? 'STAY' : 'NURTURE' })),
      ];
      const results = await Promise.all(saves.map((input) => gateway.graphql(update, { input })));
      expect(results.map((r) => r.errors)).toEqual(Array(12).fill(undefined));
      const saved = await loadCrmSettings(gateway.store('acme'));
      const names = saved.stages.map((s) => s.name).sort();
      expect(names).toHaveLength(3);
      const own = names.find((n) => n.startsWith('Stage '))!;
      const i = Number(own.slice('Stage '.length));
      expect(names).toEqual(
        mapOf(i)
          .map((s) => s.name)
          .sort(),
      );
      expect(saved.stages.find((s) => s.name === own)!.probability).toBeCloseTo(i / 10);
    });
  });
}
