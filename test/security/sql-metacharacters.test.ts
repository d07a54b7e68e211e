/**
 * SQL metacharacters in every filter and every text argument: each is a bound parameter, so it
 * matches nothing (the same answer as any value that matches nothing), a stage is refused by name,
 * and every table is intact afterwards. On both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRecords } from '../schema/funnel-fixture.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

/** Each is refused or matches nothing; NUL is refused before any SQL (BAD_TEXT), the rest are bound parameters. */
export const payloads = [
  "' OR '1'='1",
  "'; DROP TABLE people; --",
  '" OR ""="',
  "\\' OR 1=1 --",
  '%',
  '_',
  '*/ OR 1=1 /*',
  '1) OR (1=1',
  '$1 ? :name',
  "acme' UNION SELECT id, email FROM people --",
  'x\u0000y',
  `${"'".repeat(5000)}`,
];

const filterFields = ['segment', 'region', 'channel', 'campaignId', 'ownerId', 'teamId'] as const;
const funnel = 'query ($f: MetricsFilter) { funnel(filter: $f) { stages { key reached } } }';
const leads = 'query ($f: LeadFilter) { leads(filter: $f) { totalCount } }';
const customer =
  'query ($id: ID, $email: String, $sourceId: String) { customer(id: $id, email: $email, sourceId: $sourceId) { id } }';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`SQL metacharacters on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let counts: Record<string, number>;
    const tableCounts = async () => {
      const db = gateway.store('acme').db;
      const result: Record<string, number> = {};
      for (const table of [
        'people',
        'accounts',
        'touches',
        'stage_transitions',
        'handoffs',
        'opportunities',
      ] as const) {
        result[table] = Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      }
      return result;
    };
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      await gateway.ingest('acme', fixtureRecords());
      counts = await tableCounts();
    });
    afterAll(async () => {
      expect(await tableCounts()).toEqual(counts);
      await gateway?.drop();
    });

    it.each(filterFields)(
      'matches nothing with any payload in filter.%s, like any unknown value',
      async (field) => {
        const nothing = await gateway.graphql(funnel, { f: { [field]: 'matches-nothing' } });
        const nothingLeads = await gateway.graphql(leads, { f: { [field]: 'matches-nothing' } });
        for (const payload of payloads) {
          if (payload.includes('\u0000')) {
            const refused = await gateway.graphql(funnel, { f: { [field]: payload } });
            expect({ status: refused.status, code: refused.errors?.[0]?.extensions?.code }).toEqual({
              status: 400,
              code: 'BAD_TEXT',
            });
            continue;
          }
          expect(await gateway.graphql(funnel, { f: { [field]: payload } }).then((r) => r.data)).toEqual(
            nothing.data,
          );
          expect(await gateway.graphql(leads, { f: { [field]: payload } }).then((r) => r.data)).toEqual(
            nothingLeads.data,
          );
        }
      },
    );

    it('refuses every payload as a stage, naming it', async () => {
      for (const payload of payloads) {
        const result = await gateway.graphql(funnel, { f: { stage: payload } });
        if (payload.includes('\u0000')) {
          expect(result.errors?.[0]?.extensions?.code).toBe('BAD_TEXT');
          continue;
        }
        expect(result.errors?.[0]?.extensions?.code).toBe('UNKNOWN_STAGE');
        expect(result.errors?.[0]?.message).toContain(`unknown stage '${payload}'`);
      }
    });

    it.each(['id', 'email', 'sourceId'])('finds no customer for any payload as %s', async (argument) => {
      for (const payload of payloads) {
        const result = await gateway.graphql(customer, {
          [argument]: argument === 'id' ? `per_${payload}` : payload,
        });
        if (payload.includes('\u0000')) expect(result.errors?.[0]?.extensions?.code).toBe('BAD_TEXT');
        else
          expect({ data: result.data, errors: result.errors }).toEqual({
            data: { customer: null },
            errors: undefined,
          });
      }
    });

    it('refuses every payload as a cursor, naming it', async () => {
      for (const payload of payloads) {
        const result = await gateway.graphql('query ($a: String) { leads(after: $a) { totalCount } }', {
          a: payload,
        });
        expect(result.errors?.[0]?.extensions?.code).toBe(
          payload.includes('\u0000') ? 'BAD_TEXT' : 'BAD_CURSOR',
        );
      }
    });

    it('refuses NUL in a document literal too', async () => {
      const result = await gateway.graphql('{ customer(email: "a\\u0000b") { id } }');
      expect({ status: result.status, code: result.errors?.[0]?.extensions?.code }).toEqual({
        status: 400,
        code: 'BAD_TEXT',
      });
    });

    it('stores every payload in free text (a handoff note) as text, verbatim', async () => {
      const person = await gateway
        .store('acme')
        .db.selectFrom('people')
        .select('id')
        .where('stage', '=', 'lead')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const qualify =
        'mutation ($id: ID!) { qualifyLead(personId: $id, icpFit: true, hasBudget: true, hasTimeframe: true, willingToEngage: true) { id } }';
      expect((await gateway.graphql(qualify, { id: person.id })).errors).toBeUndefined();
      const note = payloads
        .filter((p) => !p.includes('\u0000'))
        .slice(0, 10)
        .join(' | ');
      const handOff = await gateway.graphql(
        'mutation ($id: ID!, $note: String) { handOffLead(personId: $id, note: $note) { id } }',
        { id: person.id, note },
      );
      expect(handOff.errors).toBeUndefined();
      const stored = await gateway
        .store('acme')
        .db.selectFrom('stage_transitions')
        .select('reason')
        .where('person_id', '=', person.id)
        .where('reason', '=', note)
        .execute();
      expect(stored).toHaveLength(1);
      counts.stage_transitions += 1;
      counts.handoffs += 1;
    });
  });
}
