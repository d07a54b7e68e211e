/**
 * The `users` import kind (issue #15), on SQLite and PostgreSQL: reps, managers and marketers with
 * their team, role, region and manager (listed before or after them); a function taken from the
 * role when the file has none; a manager or an owner email that names nobody reported per row
 * (line, column, value) while the row is kept; and the same users as a connector's deal owners.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { csvWarningText } from '../../gateway/sources/csv/warnings.js';
import { dialects } from '../support/databases.js';
import { type SourceTestDatabase, sourceTestDatabase } from './support.js';

const usersCsv = [
  'Email,Full name,Title,Function,Team,Manager,Office',
  'ana.rep@acme.example,Ana Rep,Account Executive,,Sales – East,sam.boss@acme.example,New York',
  'sam.boss@acme.example,Sam Boss,VP Sales,Sales,Sales – East,,New York',
  'mia.mkt@acme.example,Mia Marketer,Field Marketing Manager,,,sam.boss@acme.example,Berlin',
  'ned.new@acme.example,Ned New,SDR,,Sales – East,nobody@acme.example,London',
  'oli.odd@acme.example,Oli Odd,Chief of Staff,,Special Projects,,',
  'bad.fn@acme.example,Bad Function,Engineer,Engineering,,,',
].join('\n');

const usersMapping = {
  kind: 'users',
  columns: {
    email: 'Email',
    name: 'Full name',
    role: 'Title',
    function: 'Function',
    team: 'Team',
    managerEmail: 'Manager',
    region: 'Office',
  },
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`CSV users on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let folder: string;
    const file = (name: string, text: string) => {
      const path = join(folder, name);
      writeFileSync(path, text);
      return path;
    };
    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-users-'));
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('imports users with team, role, region and manager; names what it could not use, by line and column', async () => {
      const report = await importCsv(test.acme, {
        file: file('users.csv', usersCsv),
        mapping: checkMapping(usersMapping),
      });
      expect(report).toMatchObject({ rows: 6, written: 4, rejectedCount: 2, warningCount: 1 });
      expect(report.rejected).toEqual([
        {
          line: 6,
          reason:
            'team \'Special Projects\' is new and nothing says whether it is sales or marketing: give its function (sales or marketing), or a role that says it (e.g. "SDR", "Marketing Manager")',
        },
        { line: 7, reason: 'column "Function": "Engineering" is not a function: sales or marketing' },
      ]);
      expect(report.warnings.map(csvWarningText)).toEqual([
        'line 5, column "Manager": "nobody@acme.example" is not a user: written without a manager',
      ]);
      expect(report.warningsByCode).toEqual({ unknownManager: 1 });

      const users = await test.acme.db
        .selectFrom('users')
        .leftJoin('teams', 'teams.id', 'users.team_id')
        .select([
          'users.email',
          'users.role',
          'users.region',
          'users.manager_id',
          'teams.name',
          'teams.function',
        ])
        .orderBy('users.email')
        .execute();
      const boss = 'usr_sam.boss@acme.example';
      expect(users).toEqual([
        {
          email: 'ana.rep@acme.example',
          role: 'Account Executive',
          region: 'New York',
          // Listed after Ana: managers are known from anywhere in the import.
          manager_id: boss,
          name: 'Sales – East',
          function: 'sales',
        },
        {
          email: 'mia.mkt@acme.example',
          role: 'Field Marketing Manager',
          region: 'Berlin',
          manager_id: boss,
          // No team and no function column: the role says marketing, and the function is the team.
          name: 'Marketing',
          function: 'marketing',
        },
        {
          email: 'ned.new@acme.example',
          role: 'SDR',
          region: 'London',
          manager_id: null,
          name: 'Sales – East',
          function: 'sales',
        },
        {
          email: 'sam.boss@acme.example',
          role: 'VP Sales',
          region: 'New York',
          manager_id: null,
          name: 'Sales – East',
          function: 'sales',
        },
      ]);
    });

    it('writes nothing new when the same file is imported again', async () => {
      const again = await importCsv(test.acme, {
        file: file('users.csv', usersCsv),
        mapping: checkMapping(usersMapping),
      });
      expect(again).toMatchObject({ written: 4, rejectedCount: 2, warningCount: 1 });
      const count = await test.acme.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(4);
    });

    it('reports an owner email that names nobody per row and keeps the row, for people and deals alike', async () => {
      const people = file(
        'people.csv',
        'Email,Owner\nlee@client.example,ana.rep@acme.example\nkim@client.example,ghost@acme.example\n',
      );
      const report = await importCsv(test.acme, {
        file: people,
        mapping: checkMapping({ kind: 'people', columns: { email: 'Email', ownerEmail: 'Owner' } }),
      });
      expect(report).toMatchObject({ written: 2, rejectedCount: 0, warningCount: 1 });
      expect(report.warnings.map(csvWarningText)).toEqual([
        'line 3, column "Owner": "ghost@acme.example" is not a user: written without an owner',
      ]);
      const owners = await test.acme.db
        .selectFrom('people')
        .select(['email', 'owner_id'])
        .orderBy('email')
        .execute();
      expect(owners).toEqual([
        { email: 'kim@client.example', owner_id: null },
        { email: 'lee@client.example', owner_id: 'usr_ana.rep@acme.example' },
      ]);
    });

    it("takes a connector's deal owner as the user the users file made", async () => {
      const report = await ingestRecords(test.acme, [
        {
          kind: 'opportunity',
          system: 'salesforce',
          sourceId: '006A',
          name: 'Client renewal',
          primaryPerson: { email: 'lee@client.example' },
          ownerEmail: 'Ana.Rep@acme.example',
          amount: 1000,
          stage: 'Negotiation/Review',
          createdAt: '2026-01-05T10:00:00Z',
        },
        {
          kind: 'opportunity',
          system: 'salesforce',
          sourceId: '006B',
          name: 'Client upsell',
          primaryPerson: { email: 'lee@client.example' },
          ownerEmail: 'left.company@acme.example',
          amount: 500,
          stage: 'Prospecting',
          createdAt: '2026-01-06T10:00:00Z',
        },
      ]);
      expect(report.rejected).toEqual([]);
      expect(report.warnings).toMatchObject([
        { index: 1, code: 'unknownOwner', field: 'ownerEmail', value: 'left.company@acme.example' },
      ]);
      const deals = await test.acme.db
        .selectFrom('opportunities')
        .select(['source_id', 'owner_id', 'is_closed', 'probability'])
        .orderBy('source_id')
        .execute();
      expect(deals).toEqual([
        // The stage map's built-in Salesforce stages give the probability the record left out.
        { source_id: '006A', owner_id: 'usr_ana.rep@acme.example', is_closed: 0, probability: 0.9 },
        { source_id: '006B', owner_id: null, is_closed: 0, probability: 0.1 },
      ]);
    });
  });
}
