/**
 * The four prospect flags (docs/domain.md "Prospects") arrive by CSV, on SQLite and PostgreSQL: a
 * mapping names a column per flag; yes/no, true/false, 1/0 and x are read, a blank cell leaves the
 * flag as it was, and any other value rejects its row naming the line, the column and the value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { dialects } from '../support/databases.js';
import { type SourceTestDatabase, sourceTestDatabase } from './support.js';

const mapping = checkMapping({
  kind: 'people',
  system: 'crm-export',
  columns: {
    sourceId: 'ID',
    email: 'Email',
    updatedAt: 'Updated',
    icpFit: 'ICP fit',
    hasBudget: 'Budget',
    hasTimeframe: 'Timeframe',
    willingToEngage: 'Will engage',
  },
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`CSV prospect flags on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let folder: string;
    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-csv-flags-'));
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    const flagsOf = (id: string) =>
      test.acme.db
        .selectFrom('people as p')
        .innerJoin('person_identities as i', 'i.person_id', 'p.id')
        .where('i.source_id', '=', id)
        .select(['p.icp_fit', 'p.has_budget', 'p.has_timeframe', 'p.willing_to_engage'])
        .executeTakeFirstOrThrow()
        .then((p) => [p.icp_fit, p.has_budget, p.has_timeframe, p.willing_to_engage].map(Number));

    it('imports the flags from their columns and rejects a bad value by line, column and value', async () => {
      const path = join(folder, 'people.csv');
      writeFileSync(
        path,
        [
          'ID,Email,Updated,ICP fit,Budget,Timeframe,Will engage',
          'P-1,ada@flags.example,2026-03-01T10:00:00Z,yes,TRUE,1,x',
          'P-2,bob@flags.example,2026-03-01T10:00:00Z,no,false,0,',
          'P-3,cy@flags.example,2026-03-01T10:00:00Z,Y,maybe,1,X',
          'P-4,di@flags.example,2026-03-01T10:00:00Z,x,,,',
        ].join('\n'),
      );
      const report = await importCsv(test.acme, { file: path, mapping });
      expect(report).toMatchObject({ rows: 4, written: 3, rejectedCount: 1 });
      expect(report.rejected).toEqual([
        {
          line: 4,
          reason: 'column "Budget": "maybe" is not a flag (yes/no, true/false, 1/0, x or blank)',
        },
      ]);
      expect(await flagsOf('P-1')).toEqual([1, 1, 1, 1]);
      expect(await flagsOf('P-2')).toEqual([0, 0, 0, 0]);
      expect(await flagsOf('P-4')).toEqual([1, 0, 0, 0]);
    });

    it('leaves a flag as it was on a blank cell, and clears it on a later no', async () => {
      const path = join(folder, 'later.csv');
      writeFileSync(
        path,
        [
          'ID,Email,Updated,ICP fit,Budget,Timeframe,Will engage',
          'P-1,ada@flags.example,2026-03-02T10:00:00Z,,,,no',
        ].join('\n'),
      );
      const report = await importCsv(test.acme, { file: path, mapping });
      expect(report).toMatchObject({ rows: 1, written: 1, rejectedCount: 0 });
      expect(await flagsOf('P-1')).toEqual([1, 1, 1, 0]);
    });
  });
}
