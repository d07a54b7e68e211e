/**
 * The store contract, run against SQLite and PostgreSQL alike: migrations, tenant isolation,
 * identity resolution, idempotent ingest and the SLA clock on handoffs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { latestMigration, migrateToLatest } from '../../gateway/store/migrate.js';
import { TenantScopeError } from '../../gateway/store/tenant-scope.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

const t0 = Date.parse('2026-03-02T14:00:00Z'); // a Monday, 09:00 in New York

function journey(prefix: string): SourceRecordInput[] {
  return [
    {
      kind: 'user',
      email: `rep@${prefix}.example`,
      name: 'Rita Rep',
      team: 'Sales – Enterprise',
      teamFunction: 'sales',
    },
    {
      kind: 'account',
      system: 'salesforce',
      sourceId: `${prefix}-A1`,
      name: 'Acme',
      domain: 'https://www.Acme.com/',
      industry: 'Software',
      employees: 800,
      region: 'North America',
      segment: 'Mid-market',
      updatedAt: t0,
    },
    {
      kind: 'person',
      system: 'marketo',
      objectType: 'ma_lead',
      sourceId: `${prefix}-M1`,
      email: 'jane.doe@acme.com',
      firstName: 'Jane',
      createdAt: t0,
      updatedAt: t0,
    },
    {
      kind: 'person',
      system: 'salesforce',
      objectType: 'lead',
      sourceId: `${prefix}-L1`,
      email: 'Jane.Doe@ACME.com',
      lastName: 'Doe',
      title: 'VP Marketing',
      createdAt: t0 + 1000,
      updatedAt: t0 + 1000,
      ownerEmail: `rep@${prefix}.example`,
    },
    {
      kind: 'person',
      system: 'salesforce',
      objectType: 'contact',
      sourceId: `${prefix}-C1`,
      email: 'jane@acme.com',
      convertedFrom: { system: 'salesforce', objectType: 'lead', sourceId: `${prefix}-L1` },
      createdAt: t0 + 2000,
      updatedAt: t0 + 2000,
    },
    {
      kind: 'person',
      system: 'marketo',
      objectType: 'ma_lead',
      sourceId: `${prefix}-M2`,
      email: 'john.roe@acme.com',
      createdAt: t0,
      updatedAt: t0,
    },
    {
      kind: 'touch',
      system: 'marketo',
      sourceId: `${prefix}-T1`,
      person: { system: 'marketo', objectType: 'ma_lead', sourceId: `${prefix}-M1` },
      channel: 'content',
      type: 'form_submit',
      occurredAt: t0 + 3000,
    },
    {
      kind: 'touch',
      system: 'marketo',
      sourceId: `${prefix}-T2`,
      person: { email: 'JANE.DOE@acme.com' },
      channel: 'email',
      type: 'email_click',
      occurredAt: t0 + 4000,
    },
    {
      kind: 'stageChange',
      system: 'marketo',
      sourceId: `${prefix}-S1`,
      person: { email: 'jane.doe@acme.com' },
      to: 'mql',
      byTeam: 'marketing',
      occurredAt: t0 + 3_600_000,
    },
    {
      kind: 'activity',
      system: 'salesforce',
      sourceId: `${prefix}-A1`,
      person: { system: 'salesforce', objectType: 'lead', sourceId: `${prefix}-L1` },
      userEmail: `rep@${prefix}.example`,
      type: 'call',
      occurredAt: t0 + 3 * 3_600_000,
    },
  ];
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`store contract on ${dialect.name}`, () => {
    let test: TestDatabase;
    let acme: TenantStore;
    let globex: TenantStore;

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      await ensureTenant(test.database, {
        id: 'acme',
        name: 'Acme',
        timeZone: 'America/New_York',
        currency: 'USD',
      });
      await ensureTenant(test.database, {
        id: 'globex',
        name: 'Globex',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
      });
      acme = new TenantStore(test.database, 'acme');
      globex = new TenantStore(test.database, 'globex');
      await ingestRecords(acme, journey('acme'));
      await ingestRecords(globex, journey('globex').slice(0, 6));
    });
    afterAll(() => test?.drop());

    it('runs migrations again without applying anything', async () => {
      const again = await migrateToLatest(test.database.db);
      expect(again.applied).toEqual([]);
      expect(again.current).toBe(latestMigration);
    });

    it('resolves one human across the CRM and marketing automation, whatever the email casing', async () => {
      const people = await acme.db.selectFrom('people').selectAll().orderBy('email').execute();
      // The newest record (the CRM contact) sets the primary email; every address still finds her.
      expect(people.map((p) => p.email)).toEqual(['jane@acme.com', 'john.roe@acme.com']);
      const jane = people[0]!;
      const emails = await acme.db
        .selectFrom('person_emails')
        .select('email')
        .where('person_id', '=', jane.id)
        .execute();
      expect(emails.map((e) => e.email).sort()).toEqual(['jane.doe@acme.com', 'jane@acme.com']);
      expect(jane.first_name).toBe('Jane');
      expect(jane.last_name).toBe('Doe');
      const identities = await acme.db
        .selectFrom('person_identities')
        .selectAll()
        .where('person_id', '=', jane.id)
        .execute();
      expect(identities.map((i) => `${i.system}:${i.object_type}`).sort()).toEqual([
        'marketo:ma_lead',
        'salesforce:contact',
        'salesforce:lead',
      ]);
      const provenance = JSON.parse(jane.provenance);
      expect(provenance.last_name.system).toBe('salesforce');
      expect(provenance.first_name.system).toBe('marketo');
    });

    it('keeps colleagues sharing a domain as two people in one account', async () => {
      const people = await acme.db.selectFrom('people').select('account_id').execute();
      const accounts = await acme.db.selectFrom('accounts').selectAll().execute();
      expect(accounts).toHaveLength(1);
      expect(accounts[0]!.domain).toBe('acme.com');
      expect(new Set(people.map((p) => p.account_id))).toEqual(new Set([accounts[0]!.id]));
    });

    it('grades fit and scores engagement from the default model', async () => {
      const jane = await acme.db
        .selectFrom('people')
        .selectAll()
        .where('email', '=', 'jane@acme.com')
        .executeTakeFirstOrThrow();
      // Software, 800 employees, North America, VP title; no department: round(3 × 4 ÷ 5) = 2 steps
      expect(jane.fit_grade).toBe('B');
      expect(jane.engagement_score).toBeCloseTo(53, 1); // form submit 50 + email click 3, a second apart
      const events = await acme.db
        .selectFrom('score_events')
        .select(['reason', 'delta'])
        .orderBy('occurred_at')
        .execute();
      expect(events).toEqual([
        { reason: 'form_submit', delta: 50 },
        { reason: 'email_click', delta: 3 },
      ]);
    });

    it('opens a handoff on MQL and stops its SLA clock at the first sales touch, in business hours', async () => {
      const [handoff] = await acme.db.selectFrom('handoffs').selectAll().execute();
      expect(handoff!.handed_off_at).toBe(t0 + 3_600_000);
      expect(handoff!.deadline_at).toBe(t0 + 5 * 3_600_000); // 4 business hours later, same day
      expect(handoff!.first_touch_at).toBe(t0 + 3 * 3_600_000);
      expect(handoff!.response_hours).toBeCloseTo(2, 6);
    });

    it('changes nothing when the same records arrive again', async () => {
      const before = await acme.db
        .selectFrom('touches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const report = await ingestRecords(acme, journey('acme'));
      // 4 person records that change nothing, 2 touches, 1 stage change, 1 activity
      expect(report.duplicates).toBe(8);
      const after = await acme.db
        .selectFrom('touches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
      const jane = await acme.db
        .selectFrom('people')
        .select('engagement_score')
        .where('email', '=', 'jane@acme.com')
        .executeTakeFirstOrThrow();
      expect(jane.engagement_score).toBeCloseTo(53, 1);
      expect(await acme.db.selectFrom('handoffs').selectAll().execute()).toHaveLength(1);
    });

    it('reports bad records by position and reason, and writes the good ones', async () => {
      const report = await ingestRecords(acme, [
        {
          kind: 'touch',
          system: 'marketo',
          sourceId: 'x1',
          person: { email: 'not-an-email' },
          channel: 'email',
          type: 'email_open',
          occurredAt: t0,
        },
        {
          kind: 'touch',
          system: 'marketo',
          sourceId: 'x2',
          person: { email: 'nobody@nowhere.com' },
          channel: 'email',
          type: 'email_open',
          occurredAt: t0,
        },
        {
          kind: 'stageChange',
          system: 'marketo',
          sourceId: 'x3',
          person: { email: 'john.roe@acme.com' },
          to: 'hot',
          byTeam: 'marketing',
          occurredAt: t0,
        },
        {
          kind: 'touch',
          system: 'marketo',
          sourceId: 'x4',
          person: { email: 'john.roe@acme.com' },
          channel: 'web',
          type: 'page_view',
          occurredAt: 'yesterday',
        },
        {
          kind: 'touch',
          system: 'marketo',
          sourceId: 'x5',
          person: { email: 'john.roe@acme.com' },
          channel: 'web',
          type: 'page_view',
          occurredAt: t0,
        },
      ]);
      expect(report.rejected.map((r) => r.index)).toEqual([0, 1, 2, 3]);
      expect(report.rejected[0]!.reason).toMatch(/person.*email/);
      expect(report.rejected[1]!.reason).toMatch(/unknown person \(email nobody@nowhere.com\)/);
      expect(report.rejected[2]!.reason).toMatch(/unknown stage 'hot'/);
      expect(report.rejected[3]!.reason).toMatch(/occurredAt: 'yesterday' is not a date-time/);
      expect(report.written).toBe(1);
    });

    it('never shows one tenant the rows of another', async () => {
      const acmeIds = (await acme.db.selectFrom('people').select('id').execute()).map((r) => r.id);
      const globexPeople = await globex.db.selectFrom('people').selectAll().execute();
      expect(globexPeople).toHaveLength(2);
      expect(globexPeople.every((p) => p.tenant_id === 'globex')).toBe(true);
      // Even asking for acme's ids explicitly, joined through another table, finds nothing.
      const leaked = await globex.db
        .selectFrom('people')
        .innerJoin('touches', 'touches.person_id', 'people.id')
        .select('people.id')
        .where('people.id', 'in', acmeIds)
        .execute();
      expect(leaked).toEqual([]);
      const updated = await globex.db
        .updateTable('people')
        .set({ title: 'hacked' })
        .where('id', 'in', acmeIds)
        .execute();
      expect(Number(updated[0]!.numUpdatedRows)).toBe(0);
    });

    it('refuses writes for another tenant and stores without a tenant', async () => {
      await expect(
        globex.db
          .insertInto('teams')
          .values({ tenant_id: 'acme', id: 'x', name: 'x', function: 'sales' })
          .execute(),
      ).rejects.toThrow(TenantScopeError);
      expect(() => new TenantStore(test.database, '')).toThrow(TenantScopeError);
    });
  });
}
