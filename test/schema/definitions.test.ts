/**
 * The shared definitions on SQLite and PostgreSQL: everyone reads the stage ladder and the SLA
 * policy versions; a new version of either is saved with who and when, applies from then on,
 * and every bad input is refused with its code and the bad value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessHours } from '../../gateway/domain/business-hours.js';
import { defaultStages } from '../../gateway/domain/stages.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { customerRecords } from './customer-fixture.js';

const ladderQuery =
  '{ lifecycleDefinitions { version createdBy createdAt stages { key label position ownerTeam entryCriteria } } }';

/** The default ladder as LifecycleStageInput, with `change` applied to each stage. */
function ladder(
  change: (stage: {
    key: string;
    label: string;
    ownerTeam: string;
    entryCriteria: string;
  }) => object | null = (s) => s,
): string {
  const stages = defaultStages
    .map((s) =>
      change({
        key: s.key,
        label: s.label,
        ownerTeam: s.ownerTeam.toUpperCase(),
        entryCriteria: s.entryCriteria,
      }),
    )
    .filter(Boolean) as Record<string, string>[];
  return `[${stages.map((s) => `{ key: ${JSON.stringify(s.key)}, label: ${JSON.stringify(s.label)}, ownerTeam: ${s.ownerTeam}, entryCriteria: ${JSON.stringify(s.entryCriteria)} }`).join(', ')}]`;
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`shared definitions on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let johnId: string;

    const mutation = async (text: string) => {
      const result = await gateway.graphql<Record<string, number>>(`mutation { ${text} }`);
      return { data: result.data, error: result.errors?.[0] };
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      expect((await gateway.ingest('acme', customerRecords())).rejected).toEqual([]);
      const db = gateway.store('acme').db;
      johnId = (
        await db
          .selectFrom('person_emails')
          .select('person_id')
          .where('email', '=', 'john.roe@acme.com')
          .executeTakeFirstOrThrow()
      ).person_id;
    });
    afterAll(() => gateway?.drop());

    it('reads the default stage ladder a tenant starts with', async () => {
      const result = await gateway.graphql<{
        lifecycleDefinitions: {
          version: number;
          createdBy: string | null;
          stages: { key: string; ownerTeam: string; position: number }[];
        };
      }>(ladderQuery);
      const definitions = result.data!.lifecycleDefinitions;
      expect(definitions).toMatchObject({ version: 1, createdBy: null });
      expect(definitions.stages.map((s) => `${s.position}.${s.key}:${s.ownerTeam}`)).toEqual([
        '1.subscriber:MARKETING',
        '2.lead:MARKETING',
        '3.mql:MARKETING',
        '4.sal:SALES',
        '5.sql:SALES',
        '6.opportunity:SALES',
        '7.customer:SALES',
      ]);
    });

    it('reads the SLA policy versions, newest first', async () => {
      const result = await gateway.graphql<{ slaPolicies: unknown[] }>(
        '{ slaPolicies { version targetHours timeZone businessDays startHour endHour } }',
      );
      expect(result.data!.slaPolicies).toEqual([
        {
          version: 1,
          targetHours: 4,
          timeZone: 'America/New_York',
          businessDays: [1, 2, 3, 4, 5],
          startHour: 9,
          endHour: 17,
        },
      ]);
    });

    it.each([
      ['BAD_TIME_ZONE', 'timeZone: "Mars/Olympus_Mons"', "unknown time zone 'Mars/Olympus_Mons'"],
      ['BAD_TARGET_HOURS', 'targetHours: 0', 'got 0'],
      ['BAD_BUSINESS_DAYS', 'businessDays: [1, 8]', 'got [1, 8]'],
      ['BAD_HOURS', 'startHour: 18, endHour: 9', 'got 18 to 9'],
      ['BAD_GOALS', 'monthlyLeadGoal: -1', 'monthlyLeadGoal must be a whole number, 0 or more, got -1'],
      ['BAD_THRESHOLDS', 'redBelow: 0.9, amberBelow: 0.7', 'got redBelow 0.9 and amberBelow 0.7'],
    ])('refuses an SLA policy with %s', async (code, input, text) => {
      const { error } = await mutation(`updateSlaPolicy(input: { ${input} })`);
      expect(error?.extensions?.code).toBe(code);
      expect(error?.message).toContain(text);
    });

    it('refuses a holiday that is not a date', async () => {
      const { error } = await mutation('updateSlaPolicy(input: { holidays: ["2026-13-01"] })');
      expect(error?.message).toContain('"2026-13-01"');
    });

    it('saves a new SLA policy version that applies to handoffs made after it', async () => {
      const { data, error } = await mutation(
        'updateSlaPolicy(input: { targetHours: 8, timeZone: "Europe/Berlin", holidays: ["2026-12-25"] })',
      );
      expect(error).toBeUndefined();
      expect(data!.updateSlaPolicy).toBe(2);
      const list = await gateway.graphql<{ slaPolicies: unknown[] }>(
        '{ slaPolicies { version targetHours timeZone holidays monthlyLeadGoal } }',
      );
      expect(list.data!.slaPolicies).toEqual([
        {
          version: 2,
          targetHours: 8,
          timeZone: 'Europe/Berlin',
          holidays: ['2026-12-25'],
          monthlyLeadGoal: 300,
        },
        { version: 1, targetHours: 4, timeZone: 'America/New_York', holidays: [], monthlyLeadGoal: 300 },
      ]);
      await mutation(
        `qualifyLead(personId: "${johnId}", icpFit: true, hasBudget: true, hasTimeframe: true, willingToEngage: true) { id }`,
      );
      const handoff = await gateway.graphql<{
        handOffLead: { sla: { policyVersion: number; handedOffAt: string; deadlineAt: string } };
      }>(`mutation { handOffLead(personId: "${johnId}") { sla { policyVersion handedOffAt deadlineAt } } }`);
      const sla = handoff.data!.handOffLead.sla;
      expect(sla.policyVersion).toBe(2);
      const calendar = {
        timeZone: 'Europe/Berlin',
        days: [1, 2, 3, 4, 5],
        startHour: 9,
        endHour: 17,
        holidays: ['2026-12-25'],
      };
      expect(sla.deadlineAt).toBe(addBusinessHours(new Date(sla.handedOffAt), 8, calendar).toISOString());
    });

    it.each([
      [
        'BAD_STAGE_KEY',
        () => ladder((s) => (s.key === 'mql' ? { ...s, key: 'Hot' } : s)),
        "stage key 'Hot' must be lower case",
      ],
      [
        'DUPLICATE_STAGE',
        () => ladder((s) => (s.key === 'sql' ? { ...s, key: 'sal' } : s)),
        "stage key 'sal' appears more than once",
      ],
      [
        'BAD_STAGE_ORDER',
        () => ladder((s) => (s.key === 'customer' ? { ...s, ownerTeam: 'MARKETING' } : s)),
        "marketing stage 'customer' comes after sales stage 'sal'",
      ],
      [
        'BAD_STAGES',
        () => ladder((s) => ({ ...s, ownerTeam: 'MARKETING' })),
        'needs marketing stages followed by sales stages',
      ],
      [
        'STAGE_IN_USE',
        // Jane's open deal made her an opportunity (customer-fixture.ts).
        () => ladder((s) => (s.key === 'opportunity' || s.key === 'mql' ? null : s)),
        "'mql' (1 person), 'opportunity' (1 person)",
      ],
    ])('refuses a stage ladder with %s, naming the bad key', async (code, stages, text) => {
      const { error } = await mutation(`updateLifecycleStages(stages: ${stages()})`);
      expect(error?.extensions?.code).toBe(code);
      expect(error?.message).toContain(text);
    });

    it('saves a new stage ladder version with who saved it, and people show its labels', async () => {
      const stages = ladder((s) => (s.key === 'mql' ? { ...s, label: 'Marketing qualified' } : s)).replace(
        '[',
        '[{ key: "nurture", label: "Nurture", ownerTeam: MARKETING, entryCriteria: "recycled, kept warm by email" }, ',
      );
      const { data, error } = await mutation(`updateLifecycleStages(stages: ${stages})`);
      expect(error).toBeUndefined();
      expect(data!.updateLifecycleStages).toBe(2);
      const result = await gateway.graphql<{
        lifecycleDefinitions: {
          version: number;
          createdBy: string;
          stages: { key: string; label: string; position: number }[];
        };
      }>(ladderQuery);
      const definitions = result.data!.lifecycleDefinitions;
      expect(definitions).toMatchObject({ version: 2, createdBy: 'analyst' });
      expect(definitions.stages.slice(0, 4).map((s) => [s.position, s.key, s.label])).toEqual([
        [1, 'nurture', 'Nurture'],
        [2, 'subscriber', 'Subscriber'],
        [3, 'lead', 'Lead (inquiry)'],
        [4, 'mql', 'Marketing qualified'],
      ]);
      const john = await gateway.graphql<{
        customer: { focus: { stage: { key: string; label: string; position: number } } };
      }>(`{ customer(id: "${johnId}") { focus { stage { key label position } } } }`);
      expect(john.data!.customer.focus.stage).toEqual({
        key: 'mql',
        label: 'Marketing qualified',
        position: 4,
      });
    });
  });
}
