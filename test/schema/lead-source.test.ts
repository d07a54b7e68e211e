/**
 * Lead source as a dimension (issue #15), on SQLite and PostgreSQL: the person's original source
 * is shown on Person and narrows every metric through `filter: { leadSource }` like the other
 * slices (computed from raw rows, since rollups keep no slices), matched as stored; it is not a
 * touch channel. A person with neither name nor email shows something readable, never an id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personDisplayName } from '../../gateway/domain/person-name.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { dialects } from '../support/databases.js';
import { askAsAdmin, createTestGateway, type TestGateway } from '../support/gateway.js';

const day = '2026-03-10';
const at = (time: string) => Date.parse(`${day}T${time}Z`);
const rep = {
  kind: 'user',
  email: 'rita@acme.example',
  name: 'Rita Rep',
  team: 'Sales',
  teamFunction: 'sales',
} as const;

const lead = (name: string, leadSource: string | null, channel: string): SourceRecordInput[] => [
  {
    kind: 'person',
    system: 'marketo',
    objectType: 'ma_lead',
    sourceId: `M-${name}`,
    email: `${name}@source.example`,
    firstName: name,
    leadSource,
    ownerEmail: rep.email,
    createdAt: at('08:00:00'),
    updatedAt: at('08:00:00'),
  },
  {
    kind: 'touch',
    system: 'marketo',
    sourceId: `T-${name}`,
    person: { email: `${name}@source.example` },
    channel,
    type: 'page_view',
    occurredAt: at('08:30:00'),
  },
  ...['lead', 'mql'].map(
    (to, i): SourceRecordInput => ({
      kind: 'stageChange',
      system: 'marketo',
      sourceId: `S-${name}-${to}`,
      person: { email: `${name}@source.example` },
      to,
      byTeam: 'marketing',
      occurredAt: at(`1${i}:00:00`),
    }),
  ),
];

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`lead source on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const report = await gateway.ingest('acme', [
        rep,
        ...lead('ann', 'Organic Search', 'paid_search'),
        ...lead('bo', 'Referral', 'organic_search'),
        ...lead('cy', null, 'organic_search'),
        // Neither name nor email: one at a company, one known only by its HubSpot contact id.
        {
          kind: 'account',
          system: 'hubspot',
          sourceId: 'C-1',
          name: 'Initech',
          domain: 'initech.example',
          updatedAt: at('07:00:00'),
        },
        {
          kind: 'person',
          system: 'hubspot',
          objectType: 'contact',
          sourceId: '901',
          account: { system: 'hubspot', sourceId: 'C-1' },
          leadSource: 'List Import',
          createdAt: at('08:00:00'),
          updatedAt: at('08:00:00'),
        },
        {
          kind: 'person',
          system: 'hubspot',
          objectType: 'contact',
          sourceId: '1234',
          createdAt: at('08:00:00'),
          updatedAt: at('08:00:00'),
        },
      ]);
      expect(report.rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    const handoffs = async (filter: object) => {
      const answer = (await askAsAdmin(
        gateway.yoga,
        'query ($filter: MetricsFilter) { sla(filter: $filter) { sales { handoffs } } funnel(filter: $filter) { stages { key reached } } }',
        { filter: { from: day, to: day, ...filter } },
      )) as { sla: { sales: { handoffs: number } }; funnel: { stages: { key: string; reached: number }[] } };
      return {
        handoffs: answer.sla.sales.handoffs,
        mqls: answer.funnel.stages.find((s) => s.key === 'mql')?.reached,
      };
    };

    it('narrows the metrics to people of one lead source, matched as stored', async () => {
      expect(await handoffs({})).toEqual({ handoffs: 3, mqls: 3 });
      expect(await handoffs({ leadSource: 'Referral' })).toEqual({ handoffs: 1, mqls: 1 });
      expect(await handoffs({ leadSource: 'Organic Search' })).toEqual({ handoffs: 1, mqls: 1 });
      // The stored value is kept as written: another spelling is another source.
      expect(await handoffs({ leadSource: 'organic search' })).toEqual({ handoffs: 0, mqls: 0 });
      // Not a touch channel: bo and cy came through organic_search touches, ann from organic search.
      expect(await handoffs({ channel: 'organic_search' })).toEqual({ handoffs: 2, mqls: 2 });
      expect(await handoffs({ leadSource: 'Referral', channel: 'organic_search' })).toEqual({
        handoffs: 1,
        mqls: 1,
      });
    });

    it('shows the lead source on Person, and the people of a lead source in the leads list', async () => {
      const answer = (await askAsAdmin(
        gateway.yoga,
        `query ($filter: LeadFilter) {
          bo: customer(email: "bo@source.example") { focus { name leadSource } }
          cy: customer(email: "cy@source.example") { focus { name leadSource } }
          leads(filter: $filter) { totalCount edges { node { name leadSource } } }
        }`,
        { filter: { leadSource: 'List Import' } },
      )) as Record<string, { focus: { name: string; leadSource: string | null } }> & {
        leads: { totalCount: number; edges: { node: { name: string; leadSource: string } }[] };
      };
      expect(answer.bo!.focus).toEqual({ name: 'bo', leadSource: 'Referral' });
      expect(answer.cy!.focus).toEqual({ name: 'cy', leadSource: null });
      expect(answer.leads.totalCount).toBe(1);
      expect(answer.leads.edges[0]!.node).toEqual({
        name: 'Unnamed lead (Initech)',
        leadSource: 'List Import',
      });
    });

    it('names a person with neither name nor email by their company or their source record', async () => {
      const ids = await gateway
        .store('acme')
        .db.selectFrom('person_identities')
        .select(['source_id', 'person_id'])
        .where('system', '=', 'hubspot')
        .execute();
      const idOf = (sourceId: string) => ids.find((row) => row.source_id === sourceId)!.person_id;
      const answer = (await askAsAdmin(
        gateway.yoga,
        'query ($a: ID, $b: ID) { a: customer(id: $a) { focus { name } } b: customer(id: $b) { focus { name } } }',
        { a: idOf('901'), b: idOf('1234') },
      )) as Record<'a' | 'b', { focus: { name: string } }>;
      expect(answer.a.focus.name).toBe('Unnamed lead (Initech)');
      expect(answer.b.focus.name).toBe('HubSpot contact 1234');
    });
  });
}

describe('a person’s display name', () => {
  const nobody = { firstName: null, lastName: null, email: null };
  it('is the name, else the email, else the company or the source record, never an id', () => {
    expect(personDisplayName({ ...nobody, firstName: ' Ada ', lastName: 'Lovelace' })).toBe('Ada Lovelace');
    expect(personDisplayName({ ...nobody, email: 'ada@lovelace.example' })).toBe('ada@lovelace.example');
    expect(personDisplayName({ ...nobody, accountName: 'Initech' })).toBe('Unnamed lead (Initech)');
    expect(
      personDisplayName({
        ...nobody,
        identity: { system: 'marketo', objectType: 'ma_lead', sourceId: '77' },
      }),
    ).toBe('Marketo lead 77');
    expect(
      personDisplayName({
        ...nobody,
        identity: { system: 'leadlist', objectType: 'record', sourceId: 'L-9' },
      }),
    ).toBe('leadlist record L-9');
    expect(personDisplayName(nobody)).toBe('Unnamed lead');
  });
});
