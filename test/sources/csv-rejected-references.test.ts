/**
 * A row the write refuses because it names a person nobody imported (ingest/batch.ts personFor)
 * names the column that reference came from and its value, like a bad cell does: a touch's email,
 * a stage change's person id, a deal's contact. SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv, rejectionText } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { dialects } from '../support/databases.js';
import { type SourceTestDatabase, sourceTestDatabase } from './support.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`CSV rows naming an unknown person on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let folder: string;
    const file = (name: string, lines: string[]) => {
      const path = join(folder, name);
      writeFileSync(path, lines.join('\n'));
      return path;
    };
    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-csv-references-'));
      await importCsv(test.acme, {
        file: file('people.csv', ['Id,Email', 'P-1,known@one.example']),
        mapping: checkMapping({ kind: 'people', columns: { sourceId: 'Id', email: 'Email' } }),
      });
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('names the column of the reference and its value, for each kind that refers to people', async () => {
      const touches = await importCsv(test.acme, {
        file: file('touches.csv', [
          'Who,When',
          'known@one.example,2026-03-01T10:00:00Z',
          'ghost@one.example,2026-03-01T11:00:00Z',
        ]),
        mapping: checkMapping({
          kind: 'touches',
          columns: { email: 'Who', occurredAt: 'When' },
          values: { type: 'email_open', channel: 'email' },
        }),
      });
      expect(touches.written).toBe(1);
      expect(touches.rejected.map(rejectionText)).toEqual([
        'line 3, column "Who": "ghost@one.example" names no person: import the people first',
      ]);

      const stages = await importCsv(test.acme, {
        file: file('stages.csv', ['Lead,MQL date', 'P-1,2026-03-02', 'P-404,2026-03-02']),
        mapping: checkMapping({
          kind: 'stages',
          columns: { personId: 'Lead', occurredAt: 'MQL date' },
          values: { to: 'mql', byTeam: 'marketing' },
        }),
      });
      expect(stages.rejected.map(rejectionText)).toEqual([
        'line 3, column "Lead": "P-404" names no person: import the people first',
      ]);

      const deals = await importCsv(test.acme, {
        file: file('deals.csv', [
          'Deal,Contact: Email,Stage,Created',
          'D-1,known@one.example,Prospecting,2026-03-03',
          'D-2,nobody@one.example,Prospecting,2026-03-03',
        ]),
        mapping: checkMapping({
          kind: 'opportunities',
          columns: {
            sourceId: 'Deal',
            name: 'Deal',
            email: 'Contact: Email',
            stage: 'Stage',
            createdAt: 'Created',
          },
        }),
      });
      expect(deals.written).toBe(1);
      expect(deals.rejected.map(rejectionText)).toEqual([
        'line 3, column "Contact: Email": "nobody@one.example" names no person: import the people first',
      ]);
    });

    it('names the mapping value when no column holds the reference', async () => {
      const report = await importCsv(test.acme, {
        file: file('one-person.csv', ['When', '2026-03-01T10:00:00Z']),
        mapping: checkMapping({
          kind: 'touches',
          columns: { occurredAt: 'When' },
          values: { email: 'ghost@one.example', type: 'email_open', channel: 'email' },
        }),
      });
      expect(report.rejected.map(rejectionText)).toEqual([
        'line 2, value from mapping \'values\' for email: "ghost@one.example" names no person: import the people first',
      ]);
    });
  });
}
