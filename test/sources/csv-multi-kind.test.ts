/**
 * One file, several kinds (issue #15): a lead list of people, their lead source, the stage they
 * reached and when, imported through one mapping in one pass, on SQLite and PostgreSQL. People are
 * written before their stages, a blank stage date makes no stage change, a bad cell rejects the
 * row whole, the summary counts each kind, and importing again writes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { openDatabase } from '../../gateway/store/database.js';
import { migrateToLatest } from '../../gateway/store/migrate.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { runCli } from '../cli/run-cli.js';
import { dialects } from '../support/databases.js';
import { rowCounts, type SourceTestDatabase, sourceTestDatabase } from './support.js';

const leadList = [
  'Lead ID,Email,First name,Company,Source,Created,MQL date,SQL date',
  'L-1,ada@lovelace.example,Ada,lovelace.example,Organic Search,2025-02-01,2025-03-01,2025-03-04',
  'L-2,alan@turing.example,Alan,turing.example,Paid Search,2025-02-01,2025-04-10,',
  'L-3,grace@hopper.example,Grace,hopper.example,Referral,2025-02-01,,',
  'L-4,edsger@dijkstra.example,Edsger,dijkstra.example,List Import,2025-02-01,someday,',
].join('\n');

const mapping = {
  system: 'leadlist',
  objectType: 'lead',
  kinds: {
    // Declared after the stages on purpose: people are written first whatever the file's order.
    stages: [
      {
        columns: { personId: 'Lead ID', occurredAt: 'MQL date' },
        values: { to: 'mql', byTeam: 'marketing' },
      },
      { columns: { personId: 'Lead ID', occurredAt: 'SQL date' }, values: { to: 'sql', byTeam: 'sales' } },
    ],
    people: {
      columns: {
        sourceId: 'Lead ID',
        email: 'Email',
        firstName: 'First name',
        accountDomain: 'Company',
        leadSource: 'Source',
        // Without it a person starts on the file's date, after the stages the list dates earlier.
        createdAt: 'Created',
      },
    },
  },
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`one CSV file, several kinds, on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let folder: string;
    let file: string;
    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-multi-kind-'));
      file = join(folder, 'leads.csv');
      writeFileSync(file, leadList);
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('checks the whole mapping and puts people before their stages', () => {
      const checked = checkMapping(mapping);
      expect(checked.sections.map((s) => `${s.kind}:${s.values.to ?? ''}`)).toEqual([
        'people:',
        'stages:mql',
        'stages:sql',
      ]);
      expect(checked.sections.every((s) => s.system === 'leadlist' && s.objectType === 'lead')).toBe(true);
    });

    it('imports people, lead sources and stage dates from one pass over the file', async () => {
      const report = await importCsv(test.acme, { file, mapping: checkMapping(mapping) });
      expect(report.rows).toBe(4);
      // Edsger's MQL date is no date: his row is rejected whole, his person included.
      expect(report.rejected).toEqual([
        { line: 5, reason: 'column "MQL date": "someday" is not a date as iso' },
      ]);
      expect(report.madeByKind).toEqual({ people: 3, stages: 3 });
      expect(report.byKind).toEqual({ person: 3, stageChange: 3 });
      const people = await test.acme.db
        .selectFrom('people')
        .select(['email', 'lead_source', 'stage'])
        .orderBy('email')
        .execute();
      expect(people).toEqual([
        { email: 'ada@lovelace.example', lead_source: 'Organic Search', stage: 'sql' },
        { email: 'alan@turing.example', lead_source: 'Paid Search', stage: 'mql' },
        // Blank stage dates: Grace is imported, with no stage change.
        { email: 'grace@hopper.example', lead_source: 'Referral', stage: 'subscriber' },
      ]);
      expect((await rowCounts(test.acme)).people).toBe(3);
      const handoffs = await test.acme.db
        .selectFrom('handoffs')
        .select('accepted_at')
        .orderBy('handed_off_at')
        .execute();
      // A date without an offset is a local day of the tenant (acme: America/New_York).
      expect(handoffs.map((h) => h.accepted_at)).toEqual([Date.parse('2025-03-04T00:00:00-05:00'), null]);
      const transitions = await test.acme.db
        .selectFrom('stage_transitions')
        .select(['to_stage', 'occurred_at'])
        .orderBy('occurred_at')
        .execute();
      expect(transitions.map((t) => t.to_stage)).toEqual(['mql', 'sql', 'mql']);
    });

    it('writes nothing when the same file is imported again', async () => {
      const before = await rowCounts(test.acme);
      const again = await importCsv(test.acme, { file, mapping: checkMapping(mapping) });
      // People who would change nothing and the stage changes are all already there.
      expect(again).toMatchObject({ written: 0, duplicates: 6, rejectedCount: 1 });
      expect(await rowCounts(test.acme)).toEqual(before);
    });

    it('picks one kind out of the file with --kind', async () => {
      const onlyPeople = checkMapping(mapping, 'people');
      expect(onlyPeople.sections.map((s) => s.kind)).toEqual(['people']);
      const report = await importCsv(test.acme, { file, mapping: onlyPeople });
      // Edsger's row now has no bad cell: the stage columns are not read. The others are there.
      expect(report).toMatchObject({ written: 1, duplicates: 3, rejectedCount: 0 });
      expect((await rowCounts(test.acme)).people).toBe(4);
    });
  });
}

describe('multi-kind mapping files', () => {
  it('names what is wrong before the first row', () => {
    expect(() => checkMapping({ kinds: { leads: { columns: { email: 'E' } } } })).toThrow(
      `mapping: "kinds" has 'leads', not a kind (people, accounts,`,
    );
    expect(() =>
      checkMapping({ kinds: { people: { columns: { email: 'E' } }, stages: { columns: { email: 'E' } } } }),
    ).toThrow('mapping, kinds.stages: stages need to (a column or a value)');
    expect(() =>
      checkMapping({
        kinds: {
          stages: [{ columns: { email: 'E', to: 'T', occurredAt: 'W' } }, { columns: { mail: 'E' } }],
        },
      }),
    ).toThrow("mapping, kinds.stages[1]: 'mail' is not a field of stages");
    expect(() =>
      checkMapping({ values: { region: 'EU' }, kinds: { people: { columns: { email: 'E' } } } }),
    ).toThrow('with "kinds", give "columns" and "values" inside each kind');
    expect(() =>
      checkMapping({ columns: { email: 'E' }, kinds: { people: { columns: { email: 'E' } } } }),
    ).toThrow('with "kinds", give "columns" and "values" inside each kind');
    expect(() => checkMapping({ kinds: { people: { columns: { email: 'E' } } } }, 'stages')).toThrow(
      `mapping: "kinds" has no 'stages' (it has people)`,
    );
    expect(() => checkMapping({ kind: 'people' })).toThrow('say which column fills which field');
  });
});

describe('tandem import csv with a mapping of several kinds', () => {
  let folder: string;
  let db: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-multi-kind-cli-'));
    db = join(folder, 'tandem.db');
    const database = await openDatabase({ url: db });
    await migrateToLatest(database.db);
    await ensureTenant(database, { id: 'acme', name: 'Acme', timeZone: 'UTC', currency: 'USD' });
    await database.close();
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('imports the shipped lead list and counts what each kind made', async () => {
    const args = ['import', 'csv', 'docs/examples/leads.csv', '--tenant', 'acme'];
    const result = await runCli([...args, '--mapping', 'docs/examples/leads-mapping.json', '--database', db]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/4 rows read, 8 records written, 0 already there, 0 rejected/);
    expect(lines[1]).toBe('  made: 4 people, 4 stages');
    const database = await openDatabase({ url: db });
    try {
      const people = await database.db
        .selectFrom('people')
        .select(['email', 'lead_source', 'stage'])
        .orderBy('created_at')
        .execute();
      expect(people.map((p) => [p.lead_source, p.stage])).toEqual([
        ['Organic Search', 'sql'],
        ['Paid Search', 'mql'],
        ['Referral', 'subscriber'],
        ['List Import', 'mql'],
      ]);
    } finally {
      await database.close();
    }
  });
});
