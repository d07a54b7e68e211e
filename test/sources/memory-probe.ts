/**
 * Run as a child process with --expose-gc by csv-memory.test.ts: writes a CSV of `rows` touches
 * for 2,000 people, imports it into a fresh SQLite database and prints the heap in use after a
 * full collection at every 10 % of the file, as JSON. A child process, because only there can a
 * full collection be forced, which is what makes the figures comparable.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { openDatabase } from '../../gateway/store/database.js';
import { migrateToLatest } from '../../gateway/store/migrate.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';

const [folder = '.', count = '100000'] = process.argv.slice(2);
const rows = Number(count);
const people = 2_000;

async function write(path: string, header: string, total: number, line: (i: number) => string) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let i = 0; i < total; i++) if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const types = ['email_open', 'email_click', 'page_view', 'form_submit'];
await write(join(folder, 'people.csv'), 'id,email', people, (i) => `P${i},p${i}@c${i % 300}.example`);
await write(
  join(folder, 'touches.csv'),
  'id,person,type,when',
  rows,
  (i) => `T${i},P${i % people},${types[i % 4]},2025-03-01T00:00:00Z`,
);
const database = await openDatabase({ url: join(folder, 'probe.db') });
await migrateToLatest(database.db);
await ensureTenant(database, { id: 'acme', name: 'Acme', timeZone: 'UTC', currency: 'USD' });
const store = new TenantStore(database, 'acme');
await importCsv(store, {
  file: join(folder, 'people.csv'),
  mapping: checkMapping({ kind: 'people', columns: { sourceId: 'id', email: 'email' } }),
});
const heap: number[] = [];
let next = rows / 10;
const report = await importCsv(store, {
  file: join(folder, 'touches.csv'),
  mapping: checkMapping({
    kind: 'touches',
    columns: { sourceId: 'id', personId: 'person', type: 'type', occurredAt: 'when' },
    values: { channel: 'email' },
  }),
  onProgress: ({ rows: read }) => {
    if (read < next) return;
    next += rows / 10;
    (globalThis as { gc?: () => void }).gc?.();
    heap.push(process.memoryUsage().heapUsed);
  },
});
await database.close();
console.log(JSON.stringify({ rows: report.rows, written: report.written, heap }));
