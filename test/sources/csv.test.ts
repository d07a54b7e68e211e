/**
 * CSV import through a mapping file, on SQLite and PostgreSQL: the shipped examples, rejected rows
 * reported by line and reason while the rest goes in, re-imports that change nothing, and mapping
 * mistakes caught before the first row.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping, loadMapping } from '../../gateway/sources/csv/mapping.js';
import { dialects } from '../support/databases.js';
import { rowCounts, type SourceTestDatabase, sourceTestDatabase } from './support.js';

const examples = fileURLToPath(new URL('../../docs/examples/', import.meta.url));
const example = async (kind: string) => ({
  file: join(examples, `${kind}.csv`),
  mapping: await loadMapping(join(examples, `${kind}-mapping.json`)),
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`CSV import on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let folder: string;
    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-csv-'));
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });
    const file = (name: string, text: string) => {
      const path = join(folder, name);
      writeFileSync(path, text);
      return path;
    };

    it('imports the example people, touches and costs', async () => {
      const people = await importCsv(test.acme, await example('people'));
      expect(people).toMatchObject({ rows: 4, written: 4, rejectedCount: 0 });
      const touches = await importCsv(test.acme, await example('touches'));
      expect(touches).toMatchObject({ rows: 6, written: 6, rejectedCount: 0 });
      const costs = await importCsv(test.acme, await example('costs'));
      expect(costs).toMatchObject({ rows: 4, written: 7, rejectedCount: 0 });
      const counts = await rowCounts(test.acme);
      expect(counts).toMatchObject({ people: 4, touches: 6, campaigns: 3, campaign_costs: 4 });
      // Colleagues share the account of their domain and stay two people.
      const acme = await test.acme.db
        .selectFrom('people')
        .select(['account_id', 'created_at'])
        .where('email', 'like', '%@acme-robotics.com')
        .execute();
      expect(acme).toHaveLength(2);
      expect(acme[0]!.account_id).toBe(acme[1]!.account_id);
      // 14/01/2026 09:30 in Berlin is 08:30 UTC.
      expect(acme.map((p) => p.created_at)).toContain(Date.parse('2026-01-14T08:30:00Z'));
      const webinar = await test.acme.db
        .selectFrom('campaign_costs')
        .select(['period', 'amount'])
        .orderBy('period')
        .orderBy('amount')
        .execute();
      expect(webinar.map((c) => c.amount)).toEqual([1200, 4500, 800, 2300.5]);
    });

    it('writes nothing again when the same files are imported again', async () => {
      const before = await rowCounts(test.acme);
      const touches = await importCsv(test.acme, await example('touches'));
      expect(touches).toMatchObject({ written: 0, duplicates: 6, rejectedCount: 0 });
      await importCsv(test.acme, await example('people'));
      await importCsv(test.acme, await example('costs'));
      expect(await rowCounts(test.acme)).toEqual(before);
    });

    it('reports each bad row with its line and reason, and imports the rest', async () => {
      const path = file(
        'messy-touches.csv',
        [
          'Event ID,Contact ID,Activity,Campaign,URL,When',
          'M-1,C-1001,Opened,,,2026-03-01T10:00:00Z',
          'M-2,C-1001,Opened,,"a url with',
          'two lines",2026-03-01T11:00:00Z',
          'M-3,C-1001,Opened,,,2026-13-01T10:00:00Z',
          'M-4,C-9999,Opened,,,2026-03-01T10:00:00Z',
          'M-5,C-1002,Teleported,,,2026-03-01T10:00:00Z',
          'M-6,C-1002,Opened,,too,many,cells',
          '',
          'M-7,,Opened,,,2026-03-01T10:00:00Z',
          'M-8,C-1002,Clicked,,,2026-03-01T10:00:00Z',
        ].join('\n'),
      );
      const { mapping } = await example('touches');
      const report = await importCsv(test.acme, { file: path, mapping });
      expect(report.rows).toBe(8);
      expect(report.written).toBe(3);
      expect(report.rejected).toEqual([
        { line: 5, reason: 'column "When": "2026-13-01T10:00:00Z" is not a date as iso' },
        // Refused when written, and named like a bad cell: the column the reference came from.
        { line: 6, reason: 'column "Contact ID": "C-9999" names no person: import the people first' },
        {
          line: 7,
          reason: expect.stringMatching(/^column "Activity": "Teleported" is not accepted \(invalid option/),
        },
        { line: 8, reason: 'columns length is 6, got 7' },
        { line: 10, reason: 'no person: column "Contact ID" is blank' },
      ]);
      expect(report.rejectedCount).toBe(5);
    });

    it('imports accounts, opportunities and stage transitions', async () => {
      const accounts = file(
        'accounts.csv',
        'Id,Name,Website,Employees\nA-1,Initech,https://www.initech.example/,"1,200"\n',
      );
      const mapping = (json: object) => checkMapping({ system: 'crm-export', ...json });
      expect(
        await importCsv(test.acme, {
          file: accounts,
          mapping: mapping({
            kind: 'accounts',
            columns: { sourceId: 'Id', name: 'Name', domain: 'Website', employees: 'Employees' },
          }),
        }),
      ).toMatchObject({ written: 1, rejectedCount: 0 });
      const deals = file(
        'deals.csv',
        [
          'Deal,Name,Account,Contact,Amount,Stage,Probability,Created,Closed,Won',
          'D-1,Initech renewal,A-1,C-1004,"24,000",Closed Won,100%,2026-02-01,2026-03-15,yes',
          'D-2,Initech upsell,A-1,,9000,Proposal,40,2026-03-01,,',
          'D-1,Initech renewal again,A-1,,1,Closed Won,1,2026-02-01,,',
          'D-3,Broken,A-1,,lots,Proposal,0.1,2026-03-01,,',
        ].join('\n'),
      );
      const dealReport = await importCsv(test.acme, {
        file: deals,
        mapping: mapping({
          kind: 'opportunities',
          objectType: 'record',
          columns: {
            sourceId: 'Deal',
            name: 'Name',
            accountId: 'Account',
            personId: 'Contact',
            amount: 'Amount',
            stage: 'Stage',
            probability: 'Probability',
            createdAt: 'Created',
            closedAt: 'Closed',
            isWon: 'Won',
          },
        }),
      });
      expect(dealReport.written).toBe(2);
      expect(dealReport.rejected).toEqual([
        {
          line: 4,
          reason: 'column "Deal": "D-1" is an opportunity on an earlier line too: one row per opportunity',
        },
        { line: 5, reason: 'column "Amount": "lots" is not a number' },
      ]);
      const stored = await test.acme.db
        .selectFrom('opportunities')
        .select([
          'source_id',
          'amount',
          'probability',
          'is_closed',
          'is_won',
          'account_id',
          'primary_person_id',
        ])
        .orderBy('source_id')
        .execute();
      expect(
        stored.map(({ account_id, primary_person_id, ...rest }) => ({
          ...rest,
          account: !!account_id,
          person: !!primary_person_id,
        })),
      ).toEqual([
        {
          source_id: 'D-1',
          amount: 24000,
          probability: 1,
          is_closed: 1,
          is_won: 1,
          account: true,
          person: true,
        },
        {
          source_id: 'D-2',
          amount: 9000,
          probability: 0.4,
          is_closed: 0,
          is_won: 0,
          account: true,
          person: false,
        },
      ]);
      const stages = file(
        'stages.csv',
        'Email,Stage,When,Team\njane.doe@acme-robotics.com,mql,2026-02-01T10:00:00Z,marketing\njane.doe@acme-robotics.com,sal,2026-02-01T12:00:00Z,sales\njane.doe@acme-robotics.com,hot,2026-02-02T12:00:00Z,sales\n',
      );
      const stageReport = await importCsv(test.acme, {
        file: stages,
        mapping: mapping({
          kind: 'stages',
          columns: { email: 'Email', to: 'Stage', occurredAt: 'When', byTeam: 'Team' },
        }),
      });
      expect(stageReport.written).toBe(2);
      expect(stageReport.rejected).toEqual([
        { line: 4, reason: expect.stringMatching(/^unknown stage 'hot'/) },
      ]);
      const jane = await test.acme.db
        .selectFrom('people')
        .select(['id', 'stage'])
        .where('email', '=', 'jane.doe@acme-robotics.com')
        .executeTakeFirstOrThrow();
      expect(jane.stage).toBe('sal');
      const handoff = await test.acme.db
        .selectFrom('handoffs')
        .select(['accepted_at'])
        .where('person_id', '=', jane.id)
        .executeTakeFirstOrThrow();
      expect(handoff.accepted_at).toBe(Date.parse('2026-02-01T12:00:00Z'));
      const again = await importCsv(test.acme, {
        file: stages,
        mapping: mapping({
          kind: 'stages',
          columns: { email: 'Email', to: 'Stage', occurredAt: 'When', byTeam: 'Team' },
        }),
      });
      expect(again).toMatchObject({ written: 0, duplicates: 2 });
    });

    it('stops before the first row on a column the file does not have', async () => {
      const path = file('people-typo.csv', 'Contact,Mail\nC-1,a@b.c\n');
      const { mapping } = await example('people');
      await expect(importCsv(test.acme, { file: path, mapping })).rejects.toThrow(
        `${path} has no column "Contact ID", "Email", "First Name", "Last Name", "Job Title", "Company Domain", "Country", "Lead Source", "Created" that the mapping names (its columns: Contact, Mail)`,
      );
      expect((await rowCounts(test.acme)).people).toBe(4);
    });
  });
}

describe('CSV mapping files', () => {
  it('names an unknown field, a missing required field and a bad kind', () => {
    expect(() => checkMapping({ kind: 'people', columns: { emial: 'Email' } })).toThrow(
      "mapping: 'emial' is not a field of people (fields: sourceId, email,",
    );
    expect(() => checkMapping({ kind: 'touches', columns: { email: 'Email', type: 'Type' } })).toThrow(
      'mapping: touches need channel (a column or a value)',
    );
    expect(() => checkMapping({ columns: { email: 'Email' } }, 'leads')).toThrow(
      "--kind must be one of people, accounts, touches, opportunities, stages, costs, users, products, got 'leads'",
    );
    expect(() =>
      checkMapping({ kind: 'people', columns: { email: 'E' }, dates: { format: 'YYYY', timeZone: 'UTC' } }),
    ).toThrow("date format 'YYYY' needs");
    expect(
      checkMapping({
        kind: 'touches',
        columns: { email: 'E', type: 'T', occurredAt: 'W' },
        values: { channel: 'email' },
      }).kind,
    ).toBe('touches');
  });
});
