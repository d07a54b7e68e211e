/**
 * Closed-loop mutations racing on one lead or one deal, through POST /graphql on SQLite and
 * PostgreSQL: each move is checked inside its write transaction, so of several identical moves
 * at once exactly one happens and the others are refused with a GraphQL error that says why
 * (never a 500, never a second handoff or stage change).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { atOnce, countRows, personRecord, type ServingGateway, startServingGateway, t0 } from './support.js';

const handOff = 'mutation ($id: ID!) { handOffLead(personId: $id) { id stage { key } } }';
const accept = 'mutation ($id: ID!) { acceptLead(personId: $id) { id stage { key } } }';
const sendBack =
  'mutation ($id: ID!) { sendBackLead(personId: $id, reason: NO_BUDGET, note: "next year") { id stage { key } } }';
const qualify =
  'mutation ($id: ID!) { qualifyLead(personId: $id, icpFit: true, hasBudget: true, hasTimeframe: true, willingToEngage: true) { id } }';
const closeDeal =
  'mutation ($id: ID!) { recordDealOutcome(opportunityId: $id, won: true, amount: 1000) { id isWon } }';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`concurrent closed-loop moves on ${dialect.name}`, () => {
    let gateway: ServingGateway;

    beforeAll(async () => {
      gateway = await startServingGateway(dialect.name);
    });
    afterAll(async () => {
      await gateway?.close();
    });

    /** A lead, qualified: ready to hand off. */
    async function qualifiedLead(sourceId: string): Promise<string> {
      await gateway.ingest([personRecord(sourceId)]);
      const id = `per_csv:record:${sourceId}`;
      const qualified = await gateway.graphql(qualify, { id });
      expect(qualified.errors).toBeUndefined();
      return id;
    }

    const transitions = (personId: string, to: string) =>
      gateway.acme.db
        .selectFrom('stage_transitions')
        .select('id')
        .where('person_id', '=', personId)
        .where('to_stage', '=', to)
        .execute();

    it('five handoffs of one lead at once: one handoff, one stage change, four clear refusals', async () => {
      const id = await qualifiedLead('Loop-1');
      const answers = await atOnce(5, () => gateway.graphql(handOff, { id }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      const refused = answers.filter((a) => a.errors);
      expect(answers.filter((a) => a.data?.handOffLead)).toHaveLength(1);
      expect(refused).toHaveLength(4);
      for (const answer of refused) {
        expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_TRANSITION');
        expect(answer.errors?.[0]?.message).toMatch(
          new RegExp(`^Lead ${id} already has an open handoff \\(since \\d{4}-\\d\\d-\\d\\dT`),
        );
      }
      expect(await countRows(gateway.acme, 'handoffs', id)).toBe(1);
      expect(await transitions(id, 'mql')).toHaveLength(1);
    });

    it('accepts and send-backs of one handoff at once: one acceptance, at most one send-back, each recorded once', async () => {
      const id = await qualifiedLead('Loop-2');
      expect((await gateway.graphql(handOff, { id })).errors).toBeUndefined();
      const answers = await atOnce(6, (i) => gateway.graphql(i % 2 ? sendBack : accept, { id }));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const accepted = answers.filter((a) => a.data?.acceptLead).length;
      const sentBack = answers.filter((a) => a.data?.sendBackLead).length;
      expect(accepted).toBe(1);
      expect(sentBack).toBeLessThanOrEqual(1);
      for (const answer of answers.filter((a) => a.errors))
        expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_TRANSITION');
      expect(await transitions(id, 'sal')).toHaveLength(1);
      expect(await transitions(id, 'lead')).toHaveLength(sentBack);
      const handoffs = await gateway.acme.db
        .selectFrom('handoffs')
        .selectAll()
        .where('person_id', '=', id)
        .execute();
      expect(handoffs).toHaveLength(1);
      expect(handoffs[0]!.accepted_at).not.toBeNull();
      expect(handoffs[0]!.sent_back_at === null).toBe(sentBack === 0);
    });

    it('four send-backs of one accepted lead at once: one recycle', async () => {
      const id = await qualifiedLead('Loop-3');
      expect((await gateway.graphql(handOff, { id })).errors).toBeUndefined();
      expect((await gateway.graphql(accept, { id })).errors).toBeUndefined();
      const answers = await atOnce(4, () => gateway.graphql(sendBack, { id }));
      expect(answers.filter((a) => a.data?.sendBackLead)).toHaveLength(1);
      expect(answers.filter((a) => a.errors?.[0]?.extensions?.code === 'BAD_TRANSITION')).toHaveLength(3);
      const recycles = await gateway.acme.db
        .selectFrom('stage_transitions')
        .select(['reason', 'is_recycle'])
        .where('person_id', '=', id)
        .where('to_stage', '=', 'lead')
        .execute();
      expect(recycles).toEqual([{ reason: 'no_budget: next year', is_recycle: 1 }]);
    });

    it('four outcomes of one deal at once: closed once, its person a customer once', async () => {
      const id = await qualifiedLead('Loop-4');
      await gateway.ingest([
        {
          kind: 'opportunity',
          system: 'csv',
          sourceId: 'D-1',
          name: 'Loop deal',
          primaryPerson: { system: 'csv', objectType: 'record', sourceId: 'Loop-4' },
          amount: 800,
          stage: 'Proposal',
          probability: 0.5,
          createdAt: t0,
          isClosed: false,
          isWon: false,
        },
      ]);
      const answers = await atOnce(4, () => gateway.graphql(closeDeal, { id: 'opp_csv:D-1' }));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.data?.recordDealOutcome)).toHaveLength(1);
      const refused = answers.filter((a) => a.errors);
      expect(refused).toHaveLength(3);
      for (const answer of refused)
        expect(answer.errors?.[0]?.message).toMatch(/^deal opp_csv:D-1 is already closed won on \d{4}-/);
      const closes = await gateway.acme.db
        .selectFrom('opportunity_stages')
        .select('amount')
        .where('opportunity_id', '=', 'opp_csv:D-1')
        .where('stage', '=', 'Closed Won')
        .execute();
      expect(closes).toEqual([{ amount: 1000 }]);
      expect(await transitions(id, 'customer')).toHaveLength(1);
    });

    it('a token whose name is 180 characters hands off, and the timeline keeps the name', async () => {
      const id = await qualifiedLead('Loop-5');
      const name = `Ms ${'Ada Lovelace-Byron '.repeat(9)}`.slice(0, 180);
      const answer = await gateway.graphql(handOff, { id }, { name });
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ handOffLead: { id, stage: { key: 'mql' } } });
      const [transition] = await gateway.acme.db
        .selectFrom('stage_transitions')
        .select('source_id')
        .where('person_id', '=', id)
        .where('to_stage', '=', 'mql')
        .execute();
      expect(transition!.source_id.length).toBeLessThanOrEqual(200);
      const timeline = await gateway.graphql<{
        customer: { timeline: { edges: { node: { actorName: string } }[] } };
      }>('query ($id: ID) { customer(id: $id) { timeline(first: 1) { edges { node { actorName } } } } }', {
        id,
      });
      const actor = timeline.data!.customer.timeline.edges[0]!.node.actorName;
      expect(name.startsWith(actor)).toBe(true);
      expect(actor.length).toBeGreaterThanOrEqual(160);
    });
  });
}
