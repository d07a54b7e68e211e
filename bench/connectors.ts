/**
 * Connector throughput, on loopback: records per second for
 * - a CSV import of 1,000,000 touches (after 100,000 people) through `importCsv`, with the heap
 *   sampled along the way (flat memory is the claim, so it is measured, not assumed);
 * - a sync of 1,000,000 Marketo activities from the fake Marketo server (generated on demand),
 *   as in production: 300 activities a page, whole pages about 2,000 records to a transaction
 *   with their cursor, and the 100,000 leads fetched on demand as their first touches arrive.
 * PostgreSQL gets a 200,000-touch sample of each when reachable (one database for both: the
 * sync counts only its own touches).
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importCsv } from '../gateway/sources/csv/import.js';
import { checkMapping } from '../gateway/sources/csv/mapping.js';
import { MarketoConnector } from '../gateway/sources/marketo/connector.js';
import { Secret } from '../gateway/sources/secret.js';
import { runSync } from '../gateway/sources/sync.js';
import { openDatabase } from '../gateway/store/database.js';
import { migrateToLatest } from '../gateway/store/migrate.js';
import { TenantStore } from '../gateway/store/tenant-store.js';
import { ensureTenant } from '../gateway/store/tenants.js';
import { FakeMarketo } from '../test/sources/fakes/marketo-server.js';
import { postgresReachable } from './postgres.js';
import { fmt, type Section, table } from './report.js';

const tenant = { id: 'acme', name: 'Acme', timeZone: 'UTC', currency: 'USD' };
const touchTypes = ['email_open', 'email_click', 'page_view', 'form_submit', 'pricing_page_view'];
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** A full collection on demand (without --expose-gc), so heap samples compare live data only. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function openStore(url: string) {
  const database = await openDatabase({ url });
  await migrateToLatest(database.db);
  await ensureTenant(database, tenant, Date.parse('2025-01-01T00:00:00Z'));
  return { database, store: new TenantStore(database, tenant.id) };
}

async function writeCsv(
  path: string,
  header: string,
  rows: number,
  line: (i: number) => string,
): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let i = 0; i < rows; i++) if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

export async function csvImport(url: string, folder: string, people: number, touches: number) {
  const peopleFile = join(folder, `people-${people}.csv`);
  const touchFile = join(folder, `touches-${touches}.csv`);
  await writeCsv(
    peopleFile,
    'Id,Email,Created',
    people,
    (i) => `P${i},person${i}@company${i % 20_000}.example,2025-01-02T09:00:00Z`,
  );
  await writeCsv(touchFile, 'Id,Person,Type,When,Url', touches, (i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    return `T${i},P${(i * 7919) % people},${touchTypes[i % touchTypes.length]},2025-03-${day}T10:${String(i % 60).padStart(2, '0')}:00Z,https://tandem.test/page/${i % 50}`;
  });
  const { database, store } = await openStore(url);
  try {
    const peopleStarted = performance.now();
    await importCsv(store, {
      file: peopleFile,
      mapping: checkMapping({
        kind: 'people',
        columns: { sourceId: 'Id', email: 'Email', createdAt: 'Created' },
      }),
    });
    const peopleMs = performance.now() - peopleStarted;
    const gc = collector();
    const heap: number[] = [];
    let rss = 0;
    let nextSample = 0;
    const started = performance.now();
    const report = await importCsv(store, {
      file: touchFile,
      mapping: checkMapping({
        kind: 'touches',
        columns: { sourceId: 'Id', personId: 'Person', type: 'Type', occurredAt: 'When', url: 'Url' },
        values: { channel: 'email' },
      }),
      onProgress: ({ rows }) => {
        rss = Math.max(rss, process.memoryUsage().rss);
        if (rows < nextSample) return;
        nextSample += touches / 10;
        gc();
        heap.push(process.memoryUsage().heapUsed);
      },
    });
    const ms = performance.now() - started;
    return {
      peopleMs,
      ms,
      rows: report.rows,
      written: report.written,
      rejected: report.rejectedCount,
      heap,
      rss,
    };
  } finally {
    await database.close();
  }
}

export async function marketoSync(url: string, activities: number, leads: number) {
  const marketo = await new FakeMarketo().start();
  const since = Date.now() - 30 * 86_400_000;
  marketo.activityCount = activities;
  marketo.activityAt = (index) => ({
    id: index + 1,
    marketoGUID: `g-${index + 1}`,
    leadId: (index % leads) + 1,
    activityDate: new Date(since + index * 1000).toISOString(),
    activityTypeId: [1, 10, 11, 2][index % 4]!,
    attributes:
      index % 4 === 0
        ? [{ name: 'Webpage URL', value: `https://tandem.test/${index % 7 === 0 ? 'pricing' : 'blog'}` }]
        : [],
  });
  marketo.leadFor = (id) =>
    id >= 1 && id <= leads
      ? {
          id,
          email: `lead${id}@firm${id % 20_000}.example`,
          createdAt: new Date(since).toISOString(),
          updatedAt: new Date(since).toISOString(),
        }
      : undefined;
  const { database, store } = await openStore(url);
  try {
    const connector = new MarketoConnector({
      baseUrl: marketo.url,
      clientId: marketo.clientId,
      clientSecret: new Secret(marketo.clientSecret),
      historyDays: 31,
    });
    const started = performance.now();
    const report = await runSync(store, connector);
    const ms = performance.now() - started;
    const stream = report.streams.find((s) => s.stream === 'activities')!;
    const { n } = await store.db
      .selectFrom('touches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_system', '=', 'marketo')
      .executeTakeFirstOrThrow();
    return {
      ms,
      touches: Number(n),
      pages: stream.pages,
      fetched: stream.fetchedPeople,
      requests: report.requests,
    };
  } finally {
    await database.close();
    await marketo.close();
  }
}

export async function benchConnectors(ctx: { postgresUrl?: string }): Promise<Section> {
  const folder = mkdtempSync(join(tmpdir(), 'tandem-bench-connectors-'));
  try {
    const csv = await csvImport(join(folder, 'csv.db'), folder, 100_000, 1_000_000);
    const sync = await marketoSync(join(folder, 'sync.db'), 1_000_000, 100_000);
    const rows: (string | number)[][] = [
      [
        '**CSV import, SQLite** (touches by person id)',
        '100,000 people, then 1,000,000 touches',
        fmt.int(csv.written),
        fmt.s(csv.ms),
        `**${fmt.int(csv.rows / (csv.ms / 1000))}**`,
      ],
      [
        'CSV import, SQLite: the people file',
        '100,000 people',
        '100,000',
        fmt.s(csv.peopleMs),
        fmt.int(100_000 / (csv.peopleMs / 1000)),
      ],
      [
        '**Marketo sync from the fake server, SQLite**',
        `1,000,000 activities, ${fmt.int(sync.pages)} pages of 300`,
        fmt.int(sync.touches),
        fmt.s(sync.ms),
        `**${fmt.int(sync.touches / (sync.ms / 1000))}**`,
      ],
    ];
    if (ctx.postgresUrl) {
      // Databases of their own: the run's shared one already holds the seed benchmark's touches.
      const pgCsv = await csvImport((await postgresReachable())!, folder, 20_000, 200_000);
      rows.push([
        'CSV import, PostgreSQL',
        '20,000 people, then 200,000 touches',
        fmt.int(pgCsv.written),
        fmt.s(pgCsv.ms),
        fmt.int(pgCsv.rows / (pgCsv.ms / 1000)),
      ]);
      const pgSync = await marketoSync((await postgresReachable())!, 200_000, 20_000);
      rows.push([
        'Marketo sync, PostgreSQL',
        '200,000 activities',
        fmt.int(pgSync.touches),
        fmt.s(pgSync.ms),
        fmt.int(pgSync.touches / (pgSync.ms / 1000)),
      ]);
    }
    const body = `${table(['what', 'input', 'records written', 'time', 'records/s'], rows)}

Memory during the 1,000,000-row CSV import, heap in use after a full collection at each tenth of the file: ${csv.heap.map(mb).join(', ')}; peak RSS ${mb(csv.rss)}. Rejected rows: ${csv.rejected}.
The sync made ${fmt.int(sync.requests)} requests (activity pages, token, lead reads for the ${fmt.int(sync.fetched)} leads first seen through a touch), whole pages written about 2,000 records to a transaction, each transaction holding its pages' rows and the cursor after them.`;
    return { id: 'connectors', title: 'Connectors: CSV import and source sync (issue: sources)', body };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
