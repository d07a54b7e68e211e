/**
 * Closed deals move people (issue #15), on SQLite and PostgreSQL, through the gateway: a won deal
 * imported or synced makes its primary person a customer at the close; a lost one sends someone
 * sales was working back to nurture with the loss reason (a recycle that leaves their handoff
 * accepted, not sent back), unless the tenant's policy keeps them where they are. One rule for
 * deals closed in Tandem too, and one move per deal and outcome however the deal comes back.
 * The deal as GraphQL shows it: unknown amount, CRM stage, expected close, product, owner and the
 * owner's role, region, team and manager.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { saveCrmSettings } from '../../gateway/store/crm-stages.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const day = (iso: string) => `${iso}T15:00:00Z`;

function people(): SourceRecordInput[] {
  const person = (name: string): SourceRecordInput => ({
    kind: 'person',
    system: 'crm',
    objectType: 'contact',
    sourceId: name,
    email: `${name}@client.example`,
    firstName: name,
    ownerEmail: 'ana@acme.example',
    createdAt: day('2026-01-05'),
    updatedAt: day('2026-01-05'),
  });
  const move = (
    name: string,
    to: string,
    at: string,
    byTeam: 'sales' | 'marketing' = 'sales',
  ): SourceRecordInput => ({
    kind: 'stageChange',
    system: 'crm',
    sourceId: `${name}:${to}`,
    person: { email: `${name}@client.example` },
    to,
    byTeam,
    occurredAt: day(at),
  });
  return [
    {
      kind: 'user',
      email: 'sam@acme.example',
      name: 'Sam Boss',
      team: 'Sales East',
      teamFunction: 'sales',
      role: 'VP Sales',
    },
    {
      kind: 'user',
      email: 'ana@acme.example',
      name: 'Ana Rep',
      team: 'Sales East',
      role: 'Account Executive',
      region: 'New York',
      managerEmail: 'sam@acme.example',
    },
    {
      kind: 'product',
      system: 'crm',
      sourceId: 'NP',
      name: 'Nova Pro',
      family: 'Analytics',
      listPrice: 12_000,
    },
    ...['ann', 'bob', 'cat', 'dan'].flatMap((name) => [
      person(name),
      move(name, 'lead', '2026-01-06', 'marketing'),
      move(name, 'mql', '2026-01-07', 'marketing'),
      move(name, 'sal', '2026-01-08'),
      move(name, 'sql', '2026-01-12'),
    ]),
  ];
}

const deal = (
  id: string,
  name: string,
  fields: Partial<Extract<SourceRecordInput, { kind: 'opportunity' }>> & { stage: string },
): SourceRecordInput => ({
  kind: 'opportunity',
  system: 'crm',
  sourceId: id,
  name: `Deal ${id}`,
  primaryPerson: { email: `${name}@client.example` },
  ownerEmail: 'ana@acme.example',
  createdAt: day('2026-01-15'),
  ...fields,
});

const closedDeals = (): SourceRecordInput[] => [
  deal('D-ann', 'ann', {
    stage: 'Closed Won',
    amount: 30_000,
    closedAt: day('2026-02-20'),
    product: { name: 'Nova Pro' },
  }),
  deal('D-bob', 'bob', {
    stage: 'closedlost',
    amount: 9_000,
    closedAt: day('2026-02-25'),
    lossReason: 'No budget this year',
  }),
];

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`closed deals move people on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const idOf = async (name: string) =>
      (
        await gateway
          .store('acme')
          .db.selectFrom('people')
          .select('id')
          .where('email', '=', `${name}@client.example`)
          .executeTakeFirstOrThrow()
      ).id;
    const stageOf = async (name: string) =>
      (
        await gateway
          .store('acme')
          .db.selectFrom('people')
          .select('stage')
          .where('email', '=', `${name}@client.example`)
          .executeTakeFirstOrThrow()
      ).stage;
    const transitions = async () =>
      Number(
        (
          await gateway
            .store('acme')
            .db.selectFrom('stage_transitions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const setup = await gateway.ingest('acme', people());
      expect(setup.rejected).toEqual([]);
      expect(setup.warnings).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    it('makes the primary person of a won deal a customer at the close, and sends a lost one back to nurture with the reason', async () => {
      const report = await gateway.ingest('acme', closedDeals());
      expect(report.rejected).toEqual([]);
      expect(await stageOf('ann')).toBe('customer');
      expect(await stageOf('bob')).toBe('lead');
      const moves = await gateway
        .store('acme')
        .db.selectFrom('stage_transitions')
        .select(['person_id', 'from_stage', 'to_stage', 'occurred_at', 'reason', 'is_recycle'])
        .where('source_id', 'like', 'deal:%')
        .orderBy('occurred_at')
        .execute();
      expect(moves.map((move) => ({ ...move, occurred_at: Number(move.occurred_at) }))).toEqual([
        {
          person_id: await idOf('ann'),
          from_stage: 'sql',
          to_stage: 'customer',
          occurred_at: Date.parse(day('2026-02-20')),
          reason: 'won deal "Deal D-ann"',
          is_recycle: 0,
        },
        {
          person_id: await idOf('bob'),
          from_stage: 'sql',
          to_stage: 'lead',
          occurred_at: Date.parse(day('2026-02-25')),
          reason: 'lost deal "Deal D-bob": No budget this year',
          is_recycle: 1,
        },
      ]);
      // Bob's handoff stays accepted: a lost deal is not a lead sales turned down.
      const handoff = await gateway
        .store('acme')
        .db.selectFrom('handoffs')
        .select(['accepted_at', 'sent_back_at'])
        .where('person_id', '=', await idOf('bob'))
        .executeTakeFirstOrThrow();
      expect(handoff.accepted_at).not.toBeNull();
      expect(handoff.sent_back_at).toBeNull();
    });

    it('moves nobody again when the same deals come again', async () => {
      const before = await transitions();
      const again = await gateway.ingest('acme', closedDeals());
      expect(again.rejected).toEqual([]);
      expect(await transitions()).toBe(before);
      expect(await stageOf('bob')).toBe('lead');
    });

    it("leaves a lost deal's person where they are when the tenant's policy says so", async () => {
      await saveCrmSettings(gateway.store('acme'), { stages: [], lostDealMovesTo: 'stay' }, Date.now());
      await gateway.ingest('acme', [
        deal('D-cat', 'cat', {
          stage: 'Closed Lost',
          amount: 4_000,
          closedAt: day('2026-03-02'),
          lossReason: 'Timing',
        }),
      ]);
      expect(await stageOf('cat')).toBe('sql');
      await saveCrmSettings(gateway.store('acme'), { stages: [], lostDealMovesTo: 'nurture' }, Date.now());
    });

    it('takes the same rule for a deal closed in Tandem, and a later sync of that deal moves nobody twice', async () => {
      await gateway.ingest('acme', [deal('D-dan', 'dan', { stage: 'Negotiation/Review' })]);
      const opportunityId = 'opp_crm:D-dan';
      const closed = await gateway.graphql<{ recordDealOutcome: { isClosed: boolean; lossReason: string } }>(
        `mutation { recordDealOutcome(opportunityId: "${opportunityId}", won: false, lossReason: "Chose a competitor") { isClosed lossReason } }`,
      );
      expect(closed.errors).toBeUndefined();
      expect(closed.data!.recordDealOutcome).toEqual({ isClosed: true, lossReason: 'Chose a competitor' });
      expect(await stageOf('dan')).toBe('lead');
      const before = await transitions();
      // The CRM sends the same deal, now lost there too.
      await gateway.ingest('acme', [
        deal('D-dan', 'dan', {
          stage: 'Closed Lost',
          closedAt: day('2026-03-05'),
          lossReason: 'Chose a competitor',
        }),
      ]);
      expect(await transitions()).toBe(before);
      // The deal never had an amount: the timeline says so rather than show 0.
      const timeline = await gateway.graphql<{
        customer: { timeline: { edges: { node: { title: string; detail: string | null } }[] } };
      }>(
        'query ($id: ID) { customer(id: $id) { timeline(first: 10) { edges { node { title detail } } } } }',
        {
          id: await idOf('dan'),
        },
      );
      expect(timeline.data!.customer.timeline.edges.map((e) => e.node)).toContainEqual({
        title: 'Deal lost: Deal D-dan',
        detail: 'Chose a competitor · amount unknown',
      });
    });

    it('shows the deal with its unknown amount, CRM stage, expected close, product and owner', async () => {
      await gateway.ingest('acme', [
        deal('D-ann-2', 'ann', { stage: 'Value Proposition', expectedCloseAt: day('2026-09-30') }),
      ]);
      const result = await gateway.graphql<{
        customer: { opportunities: Record<string, unknown>[] };
      }>(
        `query ($id: ID) { customer(id: $id) { opportunities {
          name amount crmStage isClosed isWon probability expectedCloseAt
          product { name family listPrice }
          owner { name role region team { name } manager { name role } }
        } } }`,
        { id: await idOf('ann') },
      );
      expect(result.errors).toBeUndefined();
      const byName = Object.fromEntries(result.data!.customer.opportunities.map((o) => [o.name, o]));
      const owner = {
        name: 'Ana Rep',
        role: 'Account Executive',
        region: 'New York',
        team: { name: 'Sales East' },
        manager: { name: 'Sam Boss', role: 'VP Sales' },
      };
      expect(byName['Deal D-ann-2']).toEqual({
        name: 'Deal D-ann-2',
        amount: null,
        crmStage: 'Value Proposition',
        isClosed: false,
        isWon: false,
        probability: 0.5,
        expectedCloseAt: '2026-09-30T15:00:00.000Z',
        product: null,
        owner,
      });
      expect(byName['Deal D-ann']).toEqual({
        name: 'Deal D-ann',
        amount: 30_000,
        crmStage: 'Closed Won',
        isClosed: true,
        isWon: true,
        probability: 1,
        expectedCloseAt: null,
        product: { name: 'Nova Pro', family: 'Analytics', listPrice: 12_000 },
        owner,
      });
      const products = await gateway.graphql<{ products: { name: string }[] }>('{ products { name } }');
      expect(products.data!.products).toEqual([{ name: 'Nova Pro' }]);
    });
  });
}
