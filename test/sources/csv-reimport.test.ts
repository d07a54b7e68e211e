/**
 * Importing the same contacts file again writes nothing: a person record that changes nothing
 * stored counts as already there (ingest/apply-person.ts), as replayed stage changes do; a row
 * changed since is written. Northwind's HubSpot contacts export, on SQLite and PostgreSQL.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { loadMapping } from '../../gateway/sources/csv/mapping.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { rowCounts } from './support.js';

const examples = join(import.meta.dirname, '../../docs/examples/northwind');

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`importing a contacts file again on ${dialect.name}`, () => {
    let test: TestDatabase;
    let store: TenantStore;
    let folder: string;
    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      await ensureTenant(test.database, {
        id: 'northwind',
        name: 'Northwind Robotik GmbH',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
      });
      store = new TenantStore(test.database, 'northwind');
      folder = mkdtempSync(join(tmpdir(), 'tandem-reimport-'));
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('writes 0 the second time, and only the changed row the third', async () => {
      const mapping = await loadMapping(join(examples, 'hubspot-contacts-mapping.json'));
      // The file's modification time stands in for rows without an updated date: the same export
      // written again keeps it, so only the changed cell differs.
      const file = join(folder, 'hubspot-contacts.csv');
      const exported = new Date('2026-01-15T09:00:00Z');
      const write = (text: string) => {
        writeFileSync(file, text);
        utimesSync(file, exported, exported);
      };
      const original = readFileSync(join(examples, 'hubspot-contacts.csv'), 'utf8');
      write(original);
      const first = await importCsv(store, { file, mapping });
      expect(first).toMatchObject({ written: 418, duplicates: 0, rejectedCount: 1 });
      const stored = await rowCounts(store);

      const again = await importCsv(store, { file, mapping });
      expect(again).toMatchObject({ written: 0, duplicates: 418, rejectedCount: 1 });
      expect(await rowCounts(store)).toEqual(stored);

      // One contact's job title changed in the CRM: that person is written, nobody else.
      const [header, second, ...rest] = original.split('\n');
      const title = header!.split(',').indexOf('Job Title');
      const cells = second!.split(',');
      expect(title).toBeGreaterThan(0);
      cells[title] = 'Head of Automation';
      write([header, cells.join(','), ...rest].join('\n'));
      const changed = await importCsv(store, { file, mapping });
      expect(changed).toMatchObject({ written: 1, duplicates: 417, rejectedCount: 1 });
    });
  });
}
