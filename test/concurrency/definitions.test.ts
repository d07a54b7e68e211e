/**
 * New versions of the shared definitions saved at once, through POST /graphql on SQLite and
 * PostgreSQL: each gets its own version number (none fails on a taken one), in one write
 * transaction with the rescoring it implies (scoring models, stage ladders, SLA policies).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { atOnce, type ServingGateway, startServingGateway } from './support.js';

const ladder = `mutation { updateLifecycleStages(stages: [
  { key: "subscriber", label: "Subscriber", ownerTeam: MARKETING, entryCriteria: "Opted in" },
  { key: "lead", label: "Lead", ownerTeam: MARKETING, entryCriteria: "Known" },
  { key: "mql", label: "MQL", ownerTeam: MARKETING, entryCriteria: "Qualified" },
  { key: "sal", label: "SAL", ownerTeam: SALES, entryCriteria: "Accepted" },
  { key: "sql", label: "SQL", ownerTeam: SALES, entryCriteria: "Opportunity" },
  { key: "customer", label: "Customer", ownerTeam: SALES, entryCriteria: "Won" }
]) }`;

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`concurrent definition changes on ${dialect.name}`, () => {
    let gateway: ServingGateway;

    beforeAll(async () => {
      gateway = await startServingGateway(dialect.name);
    });
    afterAll(async () => {
      await gateway?.close();
    });

    it('four scoring models saved at once get four versions', async () => {
      const answers = await atOnce(4, (i) =>
        gateway.graphql<{ updateScoringModel: number }>(
          `mutation { updateScoringModel(input: { halfLifeDays: ${30 + i} }) }`,
        ),
      );
      expect(answers.map((a) => a.errors ?? null)).toEqual([null, null, null, null]);
      expect(answers.map((a) => a.data!.updateScoringModel).sort()).toEqual([2, 3, 4, 5]);
    });

    it('four stage ladders saved at once get four versions', async () => {
      const answers = await atOnce(4, () => gateway.graphql<{ updateLifecycleStages: number }>(ladder));
      expect(answers.map((a) => a.errors ?? null)).toEqual([null, null, null, null]);
      expect(answers.map((a) => a.data!.updateLifecycleStages).sort()).toEqual([2, 3, 4, 5]);
    });

    it('four SLA policies saved at once get four versions', async () => {
      const answers = await atOnce(4, (i) =>
        gateway.graphql<{ updateSlaPolicy: number }>(
          `mutation { updateSlaPolicy(input: { targetHours: ${8 + i} }) }`,
        ),
      );
      expect(answers.map((a) => a.errors ?? null)).toEqual([null, null, null, null]);
      expect(answers.map((a) => a.data!.updateSlaPolicy).sort()).toEqual([2, 3, 4, 5]);
    });
  });
}
