/**
 * Seeding through the real ingest path: 1,000,000 touches (100,000 people) into a fresh SQLite
 * database must take at most 60 s on the 2-core machine. Side by side, in the same run:
 * - generation alone (what the database and the ingest logic add on top of it);
 * - a baseline of the same ingest path committing each record on its own (batchSize 1),
 *   on a 20,000-touch sample, which is what batching saves.
 */
import { generateDemoRecords } from '../gateway/seed/generate.js';
import { benchNow, seededDatabase } from './fixtures.js';
import { fmt, type Section, table } from './report.js';

function generateOnly(people: number, touches: number) {
  const started = performance.now();
  let records = 0;
  for (const _ of generateDemoRecords({ tenantId: 'acme', seed: 42, people, touches, now: benchNow }))
    records++;
  return { ms: performance.now() - started, records };
}

const rate = (r: { records: number; ms: number }) => fmt.int(r.records / (r.ms / 1000));

export async function benchSeed(options: { postgresUrl?: string }): Promise<Section> {
  const generated = generateOnly(100_000, 1_000_000);
  const full = await seededDatabase(100_000, 1_000_000);
  const sample = await seededDatabase(2_000, 20_000);
  const perRecord = await seededDatabase(2_000, 20_000, { batchSize: 1 });
  const rows: (string | number)[][] = [
    [
      'generation only (no database)',
      '100,000 / 1,000,000',
      fmt.int(generated.records),
      fmt.s(generated.ms),
      rate(generated),
    ],
    [
      '**tandem seed, SQLite** (target ≤ 60 s)',
      '100,000 / 1,000,000',
      fmt.int(full.records),
      `**${fmt.s(full.ms)}**`,
      rate(full),
    ],
    ['then building the dashboard rollups, SQLite', '100,000 / 1,000,000', '', fmt.s(full.rollupMs), ''],
    [
      'tandem seed, SQLite, 20,000 records a batch',
      '2,000 / 20,000',
      fmt.int(sample.records),
      fmt.s(sample.ms),
      rate(sample),
    ],
    [
      'baseline: same path, one transaction per record',
      '2,000 / 20,000',
      fmt.int(perRecord.records),
      fmt.s(perRecord.ms),
      rate(perRecord),
    ],
  ];
  if (options.postgresUrl) {
    const pg = await seededDatabase(100_000, 1_000_000, { url: options.postgresUrl });
    rows.push(
      ['tandem seed, PostgreSQL', '100,000 / 1,000,000', fmt.int(pg.records), fmt.s(pg.ms), rate(pg)],
      ['then building the dashboard rollups, PostgreSQL', '100,000 / 1,000,000', '', fmt.s(pg.rollupMs), ''],
    );
  }
  const body = `${table(['what', 'people / touches', 'records', 'time', 'records/s'], rows)}

Batching is ${(perRecord.ms / sample.ms).toFixed(1)}× faster than committing record by record.
Rejected records in the million-touch run: ${full.rejected}.`;
  return { id: 'seed', title: 'Seeding demo data', body };
}
