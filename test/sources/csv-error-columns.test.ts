/**
 * Errors say where (issue #15): every rejected CSV row names its line, the column as the file
 * heads it and the value, whether the cell failed to read (a number, a date) or the record it made
 * failed the ingest path's checks (an unknown touch type, a bad email); a blank cell falls back to
 * the mapping's `values`, and a bad value from there is named as such. SQLite and PostgreSQL.
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
  describe.skipIf(!available)(`CSV rejections name line, column and value on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let folder: string;
    const file = (name: string, lines: string[]) => {
      const path = join(folder, name);
      writeFileSync(path, lines.join('\n'));
      return path;
    };
    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-csv-errors-'));
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('names the column and the cell for bad cells and for invalid records', async () => {
      const people = file('people.csv', [
        'Email,Employees,Mail opt',
        'ok@one.example,12,',
        'not-an-email,5,',
        ',7,',
      ]);
      const report = await importCsv(test.acme, {
        file: people,
        mapping: checkMapping({ kind: 'people', columns: { email: 'Email', firstName: 'Mail opt' } }),
      });
      expect(report.written).toBe(1);
      expect(report.rejected.map(rejectionText)).toEqual([
        expect.stringMatching(/^line 3, column "Email": "not-an-email" is not accepted \(/),
        'line 4: no id: column "Email" is blank',
      ]);

      const touches = file('touches.csv', [
        'Who,What,Amount,When',
        'ok@one.example,Opened,1,2026-03-01T10:00:00Z',
        'ok@one.example,Teleported,1,2026-03-01T11:00:00Z',
        'ok@one.example,Opened,1,31/02/2026',
        'ok@one.example,,1,2026-03-01T12:00:00Z',
      ]);
      const touchReport = await importCsv(test.acme, {
        file: touches,
        mapping: checkMapping({
          kind: 'touches',
          columns: {
            email: 'Who',
            type: { column: 'What', map: { Opened: 'email_open' } },
            occurredAt: 'When',
          },
          // A blank "What" falls back to this value; a channel no column holds comes from here.
          values: { type: 'email_click', channel: 'email' },
        }),
      });
      expect(touchReport.written).toBe(2);
      expect(touchReport.rejected.map(rejectionText)).toEqual([
        expect.stringMatching(/^line 3, column "What": "Teleported" is not accepted \(invalid option/),
        'line 4, column "When": "31/02/2026" is not a date as iso',
      ]);
      const types = await test.acme.db.selectFrom('touches').select('type').orderBy('type').execute();
      expect(types.map((t) => t.type)).toEqual(['email_click', 'email_open']);
    });

    it('names a bad value that came from the mapping, not from a cell', async () => {
      const deals = file('deals.csv', [
        'Deal,Name,Amount,Created',
        'D-1,One,,2026-01-05',
        'D-2,Two,10,2026-01-06',
      ]);
      const report = await importCsv(test.acme, {
        file: deals,
        mapping: checkMapping({
          kind: 'opportunities',
          columns: { sourceId: 'Deal', name: 'Name', amount: 'Amount', createdAt: 'Created' },
          values: { amount: 'n/a', stage: 'Proposal' },
        }),
      });
      expect(report.written).toBe(1);
      expect(report.rejected.map(rejectionText)).toEqual([
        `line 2, value from mapping 'values' for amount: "n/a" is not a number`,
      ]);
    });
  });
}
