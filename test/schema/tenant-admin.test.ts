/**
 * `updateTenant` (issue 15), on SQLite and PostgreSQL: an admin changes the settings of the tenant
 * their token names, with the rules `tandem tenant update` follows; each mistake is a GraphQL
 * error with a code and the field. Business hours and holidays save an SLA policy version through
 * the definitions' path (history, sign-off). Tenants are not created over GraphQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const update = `mutation ($input: TenantSettingsInput!) {
  updateTenant(input: $input) {
    tenant { id name timeZone currency fiscalYearStart }
    slaPolicyVersion
    slaPolicyApplied
  }
}`;

type Update = {
  updateTenant: {
    tenant: { id: string; name: string; timeZone: string; currency: string; fiscalYearStart: number };
    slaPolicyVersion: number | null;
    slaPolicyApplied: boolean;
  };
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`updateTenant on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const as = async <T = Update>(
      grant: { role: 'admin' | 'analyst' | 'viewer'; function?: 'sales' | 'marketing' },
      query: string,
      variables: object = {},
    ) =>
      gateway.graphql<T>(query, variables as Record<string, unknown>, {
        token: await gateway.token({ tenant: 'acme', name: 'Ada', ...grant }),
      });

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
    });
    afterAll(() => gateway.drop());

    it('starts every tenant on a calendar fiscal year', async () => {
      const result = await gateway.graphql('{ tenant { fiscalYearStart } }');
      expect(result.data).toEqual({ tenant: { fiscalYearStart: 1 } });
    });

    it("changes the token's tenant; business hours and holidays make an SLA policy version", async () => {
      const result = await as({ role: 'admin' }, update, {
        input: {
          name: 'Acme Analytics Inc.',
          currency: 'CAD',
          fiscalYearStart: 10,
          businessHours: 'Mon-Thu 08:00-18:00',
          holidays: ['2026-12-25', '2026-11-26'],
        },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.updateTenant).toEqual({
        tenant: {
          id: 'acme',
          name: 'Acme Analytics Inc.',
          timeZone: 'America/New_York',
          currency: 'CAD',
          fiscalYearStart: 10,
        },
        slaPolicyVersion: 2,
        slaPolicyApplied: true,
      });
      // The next request reads the new row: the gateway does not keep the old one.
      const after = await gateway.graphql<{ tenant: object; slaPolicies: object[] }>(
        '{ tenant { name currency fiscalYearStart } slaPolicies { version businessDays startHour endHour holidays } }',
      );
      expect(after.data?.tenant).toEqual({
        name: 'Acme Analytics Inc.',
        currency: 'CAD',
        fiscalYearStart: 10,
      });
      expect(after.data?.slaPolicies[0]).toEqual({
        version: 2,
        businessDays: [1, 2, 3, 4],
        startHour: 8,
        endHour: 18,
        holidays: ['2026-11-26', '2026-12-25'],
      });
      const history = await gateway.graphql<{ definitionHistory: { versions: { version: number }[] } }>(
        '{ definitionHistory(kind: SLA_POLICY) { versions { version } } }',
      );
      expect(history.data?.definitionHistory.versions.map((v) => v.version)).toEqual([2, 1]);

      const other = await gateway.graphql('{ tenant { name currency } }', {}, { tenant: 'globex' });
      expect(other.data).toEqual({ tenant: { name: 'Globex GmbH', currency: 'EUR' } });
    });

    it('refuses each mistake with a code and the field, changing nothing', async () => {
      const cases: [object, string, string, string][] = [
        [{ timeZone: 'America/new_york' }, 'BAD_TIME_ZONE', 'timeZone', 'did you mean America/New_York?'],
        [{ currency: 'usd' }, 'BAD_CURRENCY', 'currency', "'usd' is not an ISO 4217 currency code"],
        [{ fiscalYearStart: 13 }, 'BAD_FISCAL_YEAR_START', 'fiscalYearStart', 'from 1 (January) to 12'],
        [
          { businessHours: 'weekdays' },
          'BAD_BUSINESS_HOURS',
          'businessHours',
          "such as 'Mon-Fri 09:00-17:00'",
        ],
        [{ holidays: ['2026-02-30'] }, 'BAD_HOLIDAY', 'holidays', "holiday '2026-02-30' is not a date"],
        [{ name: '' }, 'BAD_NAME', 'name', 'name must be 1–200 characters'],
      ];
      for (const [input, code, field, words] of cases) {
        const result = await as({ role: 'admin' }, update, { input: { currency: 'EUR', ...input } });
        expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code, field });
        expect(result.errors?.[0]?.message).toContain(words);
      }
      const now = await gateway.graphql('{ tenant { currency } slaPolicies { version } }');
      expect(now.data).toMatchObject({ tenant: { currency: 'CAD' } });
      expect((now.data as { slaPolicies: object[] }).slaPolicies).toHaveLength(2);
    });

    it('needs an admin; analysts and viewers are refused', async () => {
      const analyst = await as({ role: 'analyst' }, update, { input: { name: 'Nope' } });
      expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const viewer = await as({ role: 'viewer' }, update, { input: { name: 'Nope' } });
      expect(viewer.errors?.[0]?.extensions?.code).toBeDefined();
      expect(viewer.data?.updateTenant).toBeUndefined();
      const now = await gateway.graphql('{ tenant { name } }');
      expect(now.data).toEqual({ tenant: { name: 'Acme Analytics Inc.' } });
    });

    it("proposes the business hours when the tenant needs the other team's sign-off", async () => {
      expect(
        (await as({ role: 'admin', function: 'sales' }, 'mutation { setDefinitionsNeedApproval(on: true) }'))
          .errors,
      ).toBeUndefined();
      const proposed = await as({ role: 'admin', function: 'marketing' }, update, {
        input: { name: 'Acme Analytics', businessHours: 'Mon-Fri 09:00-17:00' },
      });
      expect(proposed.errors).toBeUndefined();
      expect(proposed.data?.updateTenant).toMatchObject({
        tenant: { name: 'Acme Analytics' },
        slaPolicyVersion: 3,
        slaPolicyApplied: false,
      });
      const policies = await gateway.graphql<{ slaPolicies: { version: number }[] }>(
        '{ slaPolicies { version } }',
      );
      expect(policies.data?.slaPolicies.map((p) => p.version)).toEqual([2, 1]);
      // Without a team function the change cannot be proposed; nothing else of it is applied either.
      const teamless = await as({ role: 'admin' }, update, {
        input: { name: 'Acme Teamless', holidays: ['2026-12-24'] },
      });
      expect(teamless.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await gateway.graphql('{ tenant { name } }')).data).toEqual({
        tenant: { name: 'Acme Analytics' },
      });
    });

    it('has no createTenant: a token names one existing tenant', async () => {
      const result = await gateway.graphql(
        'mutation { createTenant(input: { name: "Initech" }) { tenant { id } } }',
      );
      expect(result.errors?.[0]?.message).toContain('Cannot query field "createTenant" on type "Mutation"');
    });
  });
}
