/**
 * The `region` filter is the person's region, else their account's (schema/filter.ts), on SQLite
 * and PostgreSQL. Four people: eve (Europe, no account), pia (Europe, in a North American
 * account), nia (no region of her own, in that account) and zed (no region, no account). The
 * filter used to look only through the account, so eve was matched by no region at all. Eve and
 * zed have no email: an email's domain would give them an account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createTandemYoga } from '../../gateway/server/yoga.js';
import { dialects } from '../support/databases.js';
import { askAsAdmin, createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';

const created = Date.parse('2026-04-06T10:00:00-04:00');
const account: SourceRecordInput = {
  kind: 'account',
  system: 'salesforce',
  sourceId: 'ACC-NW',
  name: 'Northwind',
  domain: 'northwind.example',
  region: 'North America',
  segment: 'SMB',
  updatedAt: created,
};
const person = (name: string, region: string | null, inAccount: boolean): SourceRecordInput => ({
  kind: 'person',
  system: 'hubspot',
  objectType: 'contact',
  sourceId: name,
  email: inAccount ? `${name}@northwind.example` : null,
  firstName: name,
  region,
  account: inAccount ? { system: 'salesforce', sourceId: 'ACC-NW' } : null,
  createdAt: created,
  updatedAt: created,
});
const lead = (name: string): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'hubspot',
  sourceId: `S-${name}`,
  person: { system: 'hubspot', objectType: 'contact', sourceId: name },
  to: 'lead',
  byTeam: 'marketing',
  occurredAt: created + 3_600_000,
});

const query = /* GraphQL */ `
  query ($filter: MetricsFilter, $leads: LeadFilter) {
    funnel(filter: $filter) { entered }
    leads(filter: $leads, first: 10) { edges { node { name region account { region } } } }
  }
`;
type Answer = {
  funnel: { entered: number };
  leads: { edges: { node: { name: string; region: string | null; account: { region: string } | null } }[] };
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`the region filter on ${dialect.name}`, () => {
    let gateway: TestGateway;

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const records = [
        account,
        person('eve', 'Europe', false),
        person('pia', 'Europe', true),
        person('nia', null, true),
        person('zed', null, false),
        ...['eve', 'pia', 'nia', 'zed'].map(lead),
      ];
      expect((await gateway.ingest('acme', records)).rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    /** The people a region matches, with the funnel's count, from rollups' gateway and from raw rows alike. */
    const matched = async (region: string) => {
      const filter = { region };
      const raw = createTandemYoga(gateway.database, {
        keys: testKeys,
        security: gateway.security,
        rollups: false,
      });
      const [fromRollups, fromRaw] = [
        (await askAsAdmin(gateway.yoga, query, { filter, leads: filter })) as Answer,
        (await askAsAdmin(raw, query, { filter, leads: filter })) as Answer,
      ];
      expect(fromRollups).toEqual(fromRaw);
      const names = fromRaw.leads.edges.map((edge) => edge.node.name).sort();
      expect(fromRaw.funnel.entered).toBe(names.length);
      return { names, people: fromRaw.leads.edges.map((edge) => edge.node) };
    };

    it('matches a person with a region of their own and no account', async () => {
      const { names, people } = await matched('Europe');
      expect(names).toContain('eve');
      expect(people.find((p) => p.name === 'eve')).toEqual({ name: 'eve', region: 'Europe', account: null });
    });

    it("matches a person by their own region before their account's", async () => {
      expect((await matched('Europe')).names).toEqual(['eve', 'pia']);
      expect((await matched('North America')).names).toEqual(['nia']);
      expect((await matched('APAC')).names).toEqual([]);
    });

    it('shows a person’s own region, and their account’s beside it', async () => {
      const { people } = await matched('North America');
      expect(people).toEqual([{ name: 'nia', region: null, account: { region: 'North America' } }]);
    });
  });
}
