/**
 * `tandem tenant` as a company's operator runs it (issue 15), on SQLite and PostgreSQL: create a
 * tenant of its own (default definitions, no data, no demo marker), import a CSV and sync a
 * source into it, mint a token and read its funnel, change its settings, and one line with exit
 * code 2 for every mistake. Dates without an offset are read in the tenant's zone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { defaultStages } from '../../gateway/domain/stages.js';
import { setNeedsApproval } from '../../gateway/loop/definition-changes.js';
import { seededDemos } from '../../gateway/seed/demo-marker.js';
import { createTandemYoga } from '../../gateway/server/yoga.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { fillInstance } from '../sources/fakes/marketo-data.js';
import { FakeMarketo } from '../sources/fakes/marketo-server.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { runCli } from './run-cli.js';

const examples = new URL('../../docs/examples/', import.meta.url).pathname;
const secret = 'nordlicht-secret-0123456789abcdef-0123';
const tenantEnv = { TANDEM_NORDLICHT_GMBH_TOKEN_SECRET: secret };

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`tandem tenant on ${dialect.name}`, () => {
    let test: TestDatabase;
    let folder: string;
    let marketo: FakeMarketo;
    const cli = (args: string[], env: Record<string, string> = {}) =>
      runCli([...args, '--database', test.url], env);
    const store = () => new TenantStore(test.database, 'nordlicht-gmbh');
    const count = async (table: 'people' | 'lifecycle_stages' | 'scoring_models' | 'sla_policies') =>
      Number(
        (
          await store()
            .db.selectFrom(table)
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-tenant-'));
      marketo = await new FakeMarketo().start();
      fillInstance(marketo, { leads: 12 });
    });
    afterAll(async () => {
      await marketo.close();
      await test.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('creates a tenant with the default definitions, its settings and no data', async () => {
      const created = await cli([
        'tenant',
        'create',
        'nordlicht-gmbh',
        '--name',
        'Nordlicht GmbH',
        '--time-zone',
        'Europe/Berlin',
        '--currency',
        'EUR',
        '--fiscal-year-start',
        '4',
        '--business-hours',
        'Mon-Fri 08:00-16:00',
        '--holidays',
        '2026-12-25,2026-12-24',
      ]);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout.split('\n')[0]).toBe(
        'created tenant nordlicht-gmbh (Nordlicht GmbH): Europe/Berlin, EUR, fiscal year from April, SLA business hours Mon-Fri 08:00-16:00, holidays 2026-12-24, 2026-12-25; default stage ladder, scoring model and SLA policy (version 1), no data',
      );
      expect(created.stdout).toContain('TANDEM_NORDLICHT_GMBH_TOKEN_SECRET');

      const row = await test.database.db
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', 'nordlicht-gmbh')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: 'Nordlicht GmbH', time_zone: 'Europe/Berlin', currency: 'EUR' });
      expect(Number(row.fiscal_year_start)).toBe(4);
      expect(await count('lifecycle_stages')).toBe(defaultStages.length);
      expect(await count('scoring_models')).toBe(1);
      expect(await count('sla_policies')).toBe(1);
      const policy = await store().db.selectFrom('sla_policies').selectAll().executeTakeFirstOrThrow();
      expect(policy).toMatchObject({
        time_zone: 'Europe/Berlin',
        business_days: '[1,2,3,4,5]',
        holidays: '["2026-12-24","2026-12-25"]',
      });
      expect([Number(policy.start_hour), Number(policy.end_hour)]).toEqual([8, 16]);
      expect(await count('people')).toBe(0);
      expect(await seededDemos(test.database)).toEqual([]);

      const listed = await cli(['tenant', 'list', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({
          id: 'nordlicht-gmbh',
          fiscalYearStart: 4,
          businessHours: 'Mon-Fri 08:00-16:00',
          holidays: ['2026-12-24', '2026-12-25'],
          people: 0,
          demo: false,
        }),
      ]);
      const table = await cli(['tenant', 'list']);
      expect(table.stdout.split('\n')[0]).toMatch(
        /^id +name +time zone +currency +fiscal year +business hours/,
      );
      expect(table.stdout.split('\n')[1]).toMatch(
        /^nordlicht-gmbh +Nordlicht GmbH +Europe\/Berlin +EUR +from April +Mon-Fri 08:00-16:00 +2 +0 +no$/,
      );
    });

    it('imports a CSV and syncs a source into it, and a minted token reads its funnel', async () => {
      const imported = await cli([
        'import',
        'csv',
        join(examples, 'people.csv'),
        '--tenant',
        'nordlicht-gmbh',
        '--mapping',
        join(examples, 'people-mapping.json'),
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(await count('people')).toBe(4);

      const synced = await cli(['sync', 'marketo', '--tenant', 'nordlicht-gmbh'], {
        TANDEM_NORDLICHT_GMBH_MARKETO_BASE_URL: marketo.url,
        TANDEM_NORDLICHT_GMBH_MARKETO_CLIENT_ID: marketo.clientId,
        TANDEM_NORDLICHT_GMBH_MARKETO_CLIENT_SECRET: marketo.clientSecret,
      });
      expect(synced.code, synced.stderr).toBe(0);
      expect(synced.stdout).toMatch(/^marketo → nordlicht-gmbh: /);
      expect(await count('people')).toBeGreaterThan(4);

      const minted = await cli(['token', '--tenant', 'nordlicht-gmbh', '--role', 'analyst'], tenantEnv);
      expect(minted.code, minted.stderr).toBe(0);
      const yoga = createTandemYoga(test.database, { security: new TenantSecuritySettings(tenantEnv) });
      const response = await yoga.fetch('http://tandem.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${minted.stdout.trim()}` },
        body: JSON.stringify({
          query:
            '{ tenant { id name currency fiscalYearStart } funnel(filter: {from: "2026-01-01", to: "2026-02-28"}) { entered stages { key reached } } }',
        }),
      });
      const body = (await response.json()) as {
        data?: { tenant: object; funnel: { entered: number; stages: { key: string; reached: number }[] } };
        errors?: unknown;
      };
      expect(body.errors).toBeUndefined();
      expect(body.data?.tenant).toEqual({
        id: 'nordlicht-gmbh',
        name: 'Nordlicht GmbH',
        currency: 'EUR',
        fiscalYearStart: 4,
      });
      // The four people of the example file were created in January and February 2026.
      expect(body.data?.funnel.entered).toBe(4);
      expect(body.data?.funnel.stages[0]).toEqual({ key: 'subscriber', reached: 4 });
    });

    it("reads dates without an offset in the tenant's zone unless the mapping names one", async () => {
      // 23:30 on 31 March in Berlin is 21:30 UTC: a March person. Read as UTC it would be April in Berlin.
      const file = join(folder, 'late.csv');
      writeFileSync(file, 'id,email,created\nL-1,late@example.com,2026-03-31T23:30:00\n');
      const mapping = (dates: object) => {
        const path = join(folder, `mapping-${Object.keys(dates).length}.json`);
        writeFileSync(
          path,
          JSON.stringify({
            kind: 'people',
            system: 'late-export',
            dates,
            columns: { sourceId: 'id', email: 'email', createdAt: 'created' },
          }),
        );
        return path;
      };
      const createdAt = async () =>
        Number(
          (
            await store()
              .db.selectFrom('people')
              .select('created_at')
              .where('email', '=', 'late@example.com')
              .executeTakeFirstOrThrow()
          ).created_at,
        );
      const inZone = await cli([
        'import',
        'csv',
        file,
        '--tenant',
        'nordlicht-gmbh',
        '--mapping',
        mapping({ format: 'iso' }),
      ]);
      expect(inZone.code, inZone.stderr).toBe(0);
      expect(await createdAt()).toBe(Date.parse('2026-03-31T21:30:00Z'));

      const other = join(folder, 'utc.csv');
      writeFileSync(other, 'id,email,created\nU-1,utc@example.com,2026-03-31T23:30:00\n');
      const inUtc = await cli([
        'import',
        'csv',
        other,
        '--tenant',
        'nordlicht-gmbh',
        '--mapping',
        mapping({ format: 'iso', timeZone: 'UTC' }),
      ]);
      expect(inUtc.code, inUtc.stderr).toBe(0);
      const utc = await store()
        .db.selectFrom('people')
        .select('created_at')
        .where('email', '=', 'utc@example.com')
        .executeTakeFirstOrThrow();
      expect(Number(utc.created_at)).toBe(Date.parse('2026-03-31T23:30:00Z'));
    });

    it('changes settings; business hours make a new SLA policy version with its history', async () => {
      const updated = await cli([
        'tenant',
        'update',
        'nordlicht-gmbh',
        '--name',
        'Nordlicht AG',
        '--currency',
        'CHF',
        '--business-hours',
        'Sun-Thu 09:00-17:00',
      ]);
      expect(updated.code, updated.stderr).toBe(0);
      expect(updated.stdout.trim()).toBe(
        'updated tenant nordlicht-gmbh (Nordlicht AG): Europe/Berlin, CHF, fiscal year from April, SLA business hours Sun-Thu 09:00-17:00, holidays 2026-12-24, 2026-12-25; SLA policy version 2',
      );
      expect(await count('sla_policies')).toBe(2);
      const change = await store()
        .db.selectFrom('definition_changes')
        .selectAll()
        .where('tenant_id', '=', 'nordlicht-gmbh')
        .executeTakeFirstOrThrow();
      expect(change).toMatchObject({
        kind: 'sla_policy',
        status: 'applied',
        proposed_by: 'tandem tenant update',
      });

      // A new zone moves an SLA policy that was in the old one.
      const moved = await cli(['tenant', 'update', 'nordlicht-gmbh', '--time-zone', 'Europe/Zurich']);
      expect(moved.code, moved.stderr).toBe(0);
      const latest = await store()
        .db.selectFrom('sla_policies')
        .selectAll()
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow();
      expect([Number(latest.version), latest.time_zone, latest.business_days]).toEqual([
        3,
        'Europe/Zurich',
        '[1,2,3,4,7]',
      ]);

      // With sign-off on, the command (which speaks for no team) cannot propose business hours.
      await setNeedsApproval(store(), true, { actor: { name: 'Sam', team: 'sales' }, now: Date.now() });
      const refused = await cli(['tenant', 'update', 'nordlicht-gmbh', '--holidays', '2026-12-31']);
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(
        /^tandem: this tenant needs the other team's sign-off on SLA policy changes/,
      );
      expect(await count('sla_policies')).toBe(3);
      const renamed = await cli(['tenant', 'update', 'nordlicht-gmbh', '--name', 'Nordlicht GmbH']);
      expect(renamed.code, renamed.stderr).toBe(0);
      await setNeedsApproval(store(), false, { actor: { name: 'Sam', team: 'sales' }, now: Date.now() });
    });

    it('says what is wrong in one line with exit code 2, and the demo seed leaves a company tenant alone', async () => {
      const base = ['--name', 'Acme', '--time-zone', 'UTC', '--currency', 'USD'];
      const cases: [string[], string][] = [
        [
          ['tenant', 'create', 'Acme', ...base],
          "tandem: tenant id 'Acme' must be 2–40 lower-case letters or digits",
        ],
        [
          ['tenant', 'create', 'acme', '--name', 'Acme', '--time-zone', 'Europe/berlin', '--currency', 'USD'],
          "tandem: unknown time zone 'Europe/berlin': did you mean Europe/Berlin?",
        ],
        [
          ['tenant', 'create', 'acme', '--name', 'Acme', '--time-zone', 'UTC', '--currency', 'EURO'],
          "tandem: 'EURO' is not an ISO 4217 currency code",
        ],
        [
          ['tenant', 'create', 'acme', ...base, '--fiscal-year-start', 'april'],
          'tandem: fiscal year start must be a month number',
        ],
        [
          ['tenant', 'create', 'acme', ...base, '--business-hours', '9 to 5'],
          "tandem: business hours '9 to 5': expected days",
        ],
        [
          ['tenant', 'create', 'acme', ...base, '--holidays', '2026-02-30'],
          "tandem: holiday '2026-02-30' is not a date",
        ],
        [['tenant', 'create', 'nordlicht-gmbh', ...base], "tandem: tenant 'nordlicht-gmbh' exists already"],
        [
          ['tenant', 'update', 'initech', '--name', 'Initech'],
          "tandem: unknown tenant 'initech' (tenants: nordlicht-gmbh)",
        ],
        [['tenant', 'update', 'nordlicht-gmbh'], 'tandem: say what to change: --name'],
      ];
      for (const [args, start] of cases) {
        const result = await cli(args);
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
        expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
        expect(result.stderr.trim().startsWith(start), result.stderr).toBe(true);
      }
      expect(await test.database.db.selectFrom('tenants').select('id').execute()).toEqual([
        { id: 'nordlicht-gmbh' },
      ]);

      const own = await cli(['tenant', 'create', 'acme', ...base]);
      expect(own.code, own.stderr).toBe(0);
      const seeded = await cli([
        'seed',
        '--tenants',
        '1',
        '--people',
        '10',
        '--touches',
        '0',
        '--no-progress',
      ]);
      expect(seeded.code).toBe(2);
      expect(seeded.stderr.trim()).toBe(
        "tandem: tenant 'acme' exists and was not made by the demo seed: `tandem seed` writes only the demo's tenants (acme, nordlicht); seed into another database (--database)",
      );
      expect(
        await new TenantStore(test.database, 'acme').db.selectFrom('people').select('id').execute(),
      ).toEqual([]);
    });
  });
}
