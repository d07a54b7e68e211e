/**
 * Approvals of a proposed definition sent at once, through POST /graphql on SQLite and
 * PostgreSQL: the proposal becomes one version, once (the write lock); every other approval is
 * refused as already decided, and a race of approvals and rejections decides it once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { atOnce, type ServingGateway, startServingGateway } from './support.js';

const marketing = { role: 'admin' as const, name: 'Mia', function: 'marketing' as const };
const sales = (i: number) => ({ role: 'admin' as const, name: `Sam ${i}`, function: 'sales' as const });

interface Decided {
  approveDefinitionChange?: { status: string; version: number } | null;
  rejectDefinitionChange?: { status: string } | null;
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`concurrent definition approvals on ${dialect.name}`, () => {
    let gateway: ServingGateway;

    /** Proposes `mutation` as marketing and gives the pending proposal's id. */
    const propose = async (mutation: string, kind: string): Promise<string> => {
      const proposed = await gateway.graphql(mutation, {}, marketing);
      expect(proposed.errors).toBeUndefined();
      const list = await gateway.graphql<{
        definitionProposals: { signOff: { id: string; status: string } }[];
      }>(`{ definitionProposals(kind: ${kind}) { signOff { id status } } }`);
      const pending = list.data!.definitionProposals.filter((p) => p.signOff.status === 'PENDING');
      expect(pending).toHaveLength(1);
      return pending[0]!.signOff.id;
    };

    const versions = async (table: 'scoring_models' | 'sla_policies') =>
      Number(
        (
          await gateway.acme.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      gateway = await startServingGateway(dialect.name);
      const on = await gateway.graphql('mutation { setDefinitionsNeedApproval(on: true) }');
      expect(on.errors).toBeUndefined();
    });
    afterAll(async () => {
      await gateway?.close();
    });

    it('eight approvals of one scoring model at once apply it once', async () => {
      const id = await propose(
        'mutation { updateScoringModel(input: { halfLifeDays: 40 }) }',
        'SCORING_MODEL',
      );
      const answers = await atOnce(8, (i) =>
        gateway.graphql<Decided>(
          `mutation { approveDefinitionChange(id: "${id}") { status version } }`,
          {},
          sales(i),
        ),
      );
      const approved = answers.filter((a) => a.data?.approveDefinitionChange);
      expect(approved.map((a) => a.data!.approveDefinitionChange)).toEqual([
        { status: 'APPROVED', version: 2 },
      ]);
      expect(answers.filter((a) => a.errors?.[0]?.extensions?.code === 'NOT_PENDING')).toHaveLength(7);
      expect(await versions('scoring_models')).toBe(2);
    });

    it('approvals and rejections of one SLA policy at once decide it once', async () => {
      const id = await propose('mutation { updateSlaPolicy(input: { targetHours: 12 }) }', 'SLA_POLICY');
      const answers = await atOnce(8, (i) =>
        gateway.graphql<Decided>(
          i % 2
            ? `mutation { approveDefinitionChange(id: "${id}") { status version } }`
            : `mutation { rejectDefinitionChange(id: "${id}", reason: "not now") { status } }`,
          {},
          sales(i),
        ),
      );
      const decided = answers.filter(
        (a) => a.data?.approveDefinitionChange || a.data?.rejectDefinitionChange,
      );
      expect(decided).toHaveLength(1);
      expect(answers.filter((a) => a.errors?.[0]?.extensions?.code === 'NOT_PENDING')).toHaveLength(7);
      expect(await versions('sla_policies')).toBe(decided[0]!.data!.approveDefinitionChange ? 2 : 1);
    });

    it('six proposals of a stage ladder at once leave one pending', async () => {
      const ladder = `mutation { updateLifecycleStages(stages: [
        { key: "subscriber", label: "Subscriber", ownerTeam: MARKETING, entryCriteria: "Opted in" },
        { key: "lead", label: "Lead", ownerTeam: MARKETING, entryCriteria: "Known" },
        { key: "mql", label: "MQL", ownerTeam: MARKETING, entryCriteria: "Qualified" },
        { key: "sal", label: "SAL", ownerTeam: SALES, entryCriteria: "Accepted" },
        { key: "sql", label: "SQL", ownerTeam: SALES, entryCriteria: "Opportunity" },
        { key: "opportunity", label: "Opportunity", ownerTeam: SALES, entryCriteria: "Deal" },
        { key: "customer", label: "Customer", ownerTeam: SALES, entryCriteria: "Won" }
      ]) }`;
      const answers = await atOnce(6, () =>
        gateway.graphql<{ updateLifecycleStages: number }>(ladder, {}, marketing),
      );
      expect(answers.map((a) => a.data?.updateLifecycleStages)).toEqual([2, 2, 2, 2, 2, 2]);
      const list = await gateway.graphql<{ definitionProposals: { signOff: { status: string } }[] }>(
        '{ definitionProposals(kind: STAGE_LADDER) { signOff { status } } }',
      );
      const statuses = list.data!.definitionProposals.map((p) => p.signOff.status);
      expect(statuses.filter((s) => s === 'PENDING')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'SUPERSEDED')).toHaveLength(5);
    });
  });
}
