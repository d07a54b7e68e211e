/**
 * `tandem import csv` as a user runs it: a summary on success, the first rejected lines with
 * their reasons, one clear line and exit 1 when the file cannot be read, exit 2 for a bad mapping.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../gateway/store/database.js';
import { migrateToLatest } from '../../gateway/store/migrate.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { runCli } from '../cli/run-cli.js';

describe('tandem import csv', () => {
  let folder: string;
  let db: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-import-'));
    db = join(folder, 'tandem.db');
    const database = await openDatabase({ url: db });
    await migrateToLatest(database.db);
    await ensureTenant(database, { id: 'acme', name: 'Acme', timeZone: 'UTC', currency: 'USD' });
    await database.close();
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const importFile = (file: string, mapping: string, ...extra: string[]) =>
    runCli(['import', 'csv', file, '--tenant', 'acme', '--mapping', mapping, '--database', db, ...extra]);

  it('imports the example files and says what it did', async () => {
    const people = await importFile('docs/examples/people.csv', 'docs/examples/people-mapping.json');
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toMatch(
      /^docs\/examples\/people\.csv → acme: 4 rows read, 4 records written, 0 already there, 0 rejected \([\d.]+ s\)\n$/,
    );
    expect(people.stderr).toBe(''); // no progress bar without a terminal
    const touches = await importFile('docs/examples/touches.csv', 'docs/examples/touches-mapping.json');
    expect(touches.stdout).toMatch(/6 rows read, 6 records written, 0 already there, 0 rejected/);
    const again = await importFile('docs/examples/touches.csv', 'docs/examples/touches-mapping.json');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/6 rows read, 0 records written, 6 already there, 0 rejected/);
  });

  it('lists the first rejected lines, and exits 1 when nothing went in', async () => {
    const file = join(folder, 'bad.csv');
    const rows = Array.from({ length: 12 }, (_, i) => `B-${i},C-1001,Opened,,,not a date ${i}`);
    writeFileSync(file, ['Event ID,Contact ID,Activity,Campaign,URL,When', ...rows].join('\n'));
    const result = await importFile(file, 'docs/examples/touches-mapping.json', '--kind', 'touches');
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/12 rows read, 0 records written, 0 already there, 12 rejected/);
    expect(lines[1]).toBe(`  line 2, column "When": "not a date 0" is not a date as iso`);
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('  … and 2 more');
  });

  it('says in one line that a file cannot be read, or a mapping is wrong', async () => {
    const missing = await importFile(join(folder, 'nope.csv'), 'docs/examples/people-mapping.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`tandem: cannot read ${join(folder, 'nope.csv')}: no such file`);
    const mapping = join(folder, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ kind: 'people', columns: { mail: 'Email' } }));
    const wrong = await importFile('docs/examples/people.csv', mapping);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/^tandem: .*mapping\.json: 'mail' is not a field of people/);
    const tenant = await runCli([
      'import',
      'csv',
      'docs/examples/people.csv',
      '--tenant',
      'initech',
      '--mapping',
      'docs/examples/people-mapping.json',
      '--database',
      db,
    ]);
    expect(tenant.code).toBe(2);
    expect(tenant.stderr.trim()).toBe("tandem: unknown tenant 'initech' (tenants: acme)");
  });
});
