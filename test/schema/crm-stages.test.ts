/**
 * The CRM stage map over GraphQL (issue 15), on SQLite and PostgreSQL: `crmStageMap` reads it,
 * `updateCrmStages` changes it for an admin with the rules and messages of `tandem crm-stages`
 * (gateway/loop/crm-stages.ts); analysts and viewers are refused. An import reads the new map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const read = '{ crmStageMap { stages { name status probability } builtInStages { name } lostDeals } }';
const update = `mutation ($input: CrmStagesInput!) {
  updateCrmStages(input: $input) { stages { name status probability } builtInStages { name } lostDeals }
}`;

type StageMap = {
  stages: { name: string; status: string; probability: number }[];
  builtInStages: { name: string }[];
  lostDeals: string;
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`the CRM stage map over GraphQL on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const as = async <T>(role: 'admin' | 'analyst' | 'viewer', query: string, variables: object = {}) =>
      gateway.graphql<T>(query, variables as Record<string, unknown>, {
        token: await gateway.token({ tenant: 'acme', name: 'Ada', role }),
      });

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
    });
    afterAll(() => gateway.drop());

    it('shows a new tenant the built-in stages and the default policy, to an analyst', async () => {
      const result = await as<{ crmStageMap: StageMap }>('analyst', read);
      expect(result.errors).toBeUndefined();
      expect(result.data!.crmStageMap.stages).toEqual([]);
      expect(result.data!.crmStageMap.lostDeals).toBe('NURTURE');
      expect(result.data!.crmStageMap.builtInStages.map((s) => s.name)).toContain('Closed Won');
    });

    it('lets an admin replace the stages and set the policy; a field left out stays', async () => {
      const set = await as<{ updateCrmStages: StageMap }>('admin', update, {
        input: {
          stages: [
            { name: 'Verbal Commit', status: 'OPEN', probability: 0.9 },
            { name: 'Closed - Signed', status: 'WON' },
            { name: 'closedwon', status: 'LOST' },
          ],
          lostDeals: 'STAY',
        },
      });
      expect(set.errors).toBeUndefined();
      expect(set.data!.updateCrmStages).toMatchObject({
        stages: [
          { name: 'Closed - Signed', status: 'WON', probability: 1 },
          { name: 'Verbal Commit', status: 'OPEN', probability: 0.9 },
          { name: 'closedwon', status: 'LOST', probability: 0 },
        ],
        lostDeals: 'STAY',
      });
      // The tenant's closedwon replaces the built-in "Closed Won".
      expect(set.data!.updateCrmStages.builtInStages.map((s) => s.name)).not.toContain('Closed Won');

      const policy = await as<{ updateCrmStages: StageMap }>('admin', update, {
        input: { lostDeals: 'NURTURE' },
      });
      expect(policy.data!.updateCrmStages.stages).toHaveLength(3);
      expect(policy.data!.updateCrmStages.lostDeals).toBe('NURTURE');

      // The next import reads the new map: a Verbal Commit deal is open at 0.9.
      const report = await gateway.ingest('acme', [
        {
          kind: 'opportunity',
          system: 'crm',
          sourceId: 'D-1',
          name: 'Deal',
          stage: 'verbal commit',
          createdAt: Date.parse('2026-03-01T12:00:00Z'),
          history: [],
        },
      ]);
      expect(report.warningCount).toBe(0);
      const deal = await gateway
        .store('acme')
        .db.selectFrom('opportunities')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect({ is_closed: deal.is_closed, probability: Number(deal.probability) }).toEqual({
        is_closed: 0,
        probability: 0.9,
      });
    });

    it('refuses what tandem crm-stages refuses, with its message, and changes nothing', async () => {
      const before = await as<{ crmStageMap: StageMap }>('admin', read);
      const cases: [object, string][] = [
        [
          [{ name: 'Demo', status: 'OPEN' }],
          'stages.Demo: an open stage needs its probability, 0 to 1 (e.g. 0.4)',
        ],
        [
          [
            { name: 'Closed Won', status: 'WON' },
            { name: 'closed-won', status: 'WON' },
          ],
          "'closed-won' and 'Closed Won' are one stage (case, spaces and punctuation aside): keep one",
        ],
      ];
      for (const [stages, message] of cases) {
        const result = await as('admin', update, { input: { stages } });
        expect(result.errors?.[0]).toMatchObject({
          message,
          extensions: { code: 'BAD_CRM_STAGES', field: 'stages' },
        });
      }
      const tooLikely = await as('admin', update, {
        input: { stages: [{ name: 'Demo', status: 'OPEN', probability: 1.5 }] },
      });
      expect(tooLikely.errors?.[0]?.message).toMatch(/^stages\.Demo\.probability: /);
      const blank = await as('admin', update, { input: { stages: [{ name: ' ', status: 'WON' }] } });
      expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_CRM_STAGES');
      expect(await as('admin', read)).toMatchObject({ data: before.data });
    });

    it('is for admins only', async () => {
      const analyst = await as('analyst', update, { input: { lostDeals: 'STAY' } });
      expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // A viewer token runs its widgets' operations only, and never a mutation.
      const viewer = await as('viewer', update, { input: { lostDeals: 'STAY' } });
      expect(viewer.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
      const result = await as<{ crmStageMap: StageMap }>('admin', read);
      expect(result.data!.crmStageMap.lostDeals).toBe('NURTURE');
    });
  });
}
