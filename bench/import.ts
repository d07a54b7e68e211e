/**
 * Import throughput (issue #15): rows per second of `tandem import csv`, run as a user runs it
 * (import-child.ts), for a 100,000-row HubSpot contacts export and then a 1,000,000-row Marketo
 * activity export (import-files.ts), each dialect on a database of its own. Beside it, in the
 * same run on the same files, the baseline: the CLI as it was at `baselineCommit`, the last commit
 * before the import was made fast, extracted from git into a temporary folder. Then the same
 * touch file imported again, which must write nothing. `--rows=N` sizes the touch file (people
 * are a tenth of it).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ImportRun, runImport } from './import-child.js';
import { writeActivities, writeContacts, writeMappings } from './import-files.js';
import { postgresReachable } from './postgres.js';
import { fmt, type Section, table } from './report.js';

/** The last commit before the import path was made fast: what the "baseline" rows run. */
export const baselineCommit = '1f0834c';
const root = fileURLToPath(new URL('..', import.meta.url));
const tenant = 'acme';

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

function rowsOption(): number {
  const arg = process.argv.find((a) => a.startsWith('--rows='));
  const rows = arg ? Number(arg.slice('--rows='.length)) : 1_000_000;
  if (!Number.isSafeInteger(rows) || rows < 1_000)
    throw new Error(`--rows must be a whole number ≥ 1000, got ${arg}`);
  return rows;
}

/** The baseline's CLI: its gateway and bin at `baselineCommit`, with this checkout's node_modules. */
function extractBaseline(folder: string): string {
  const dir = join(folder, `baseline-${baselineCommit}`);
  mkdirSync(dir);
  const archive = execFileSync(
    'git',
    ['-C', root, 'archive', baselineCommit, 'bin', 'gateway', 'package.json'],
    {
      maxBuffer: 256 * 2 ** 20,
    },
  );
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * A tenant made by `checkout`'s own code (its migrations, its defaults): the CLI refuses to import
 * into a tenant that does not exist, and a database migrated by newer code is refused by older code.
 */
function createTenant(checkout: string, database: string, folder: string): void {
  const script = join(folder, 'create-tenant.mts');
  const from = (path: string) => JSON.stringify(pathToFileURL(join(checkout, path)).href);
  writeFileSync(
    script,
    `import { openDatabase } from ${from('gateway/store/database.ts')};
import { migrateToLatest } from ${from('gateway/store/migrate.ts')};
import { ensureTenant } from ${from('gateway/store/tenants.ts')};
const database = await openDatabase({ url: process.argv[2] });
await migrateToLatest(database.db);
await ensureTenant(database, { id: '${tenant}', name: 'Acme', timeZone: 'America/New_York', currency: 'USD' }, Date.UTC(2023, 11, 1));
await database.close();
`,
  );
  execFileSync(process.execPath, ['--import', 'tsx', script, database], { cwd: root, stdio: 'inherit' });
}

interface Files {
  folder: string;
  contacts: string;
  activities: string;
  mappings: { contacts: string; activities: string };
}

interface DialectResult {
  people: ImportRun;
  touches: ImportRun;
  again?: ImportRun;
}

async function importBoth(checkout: string, database: string, files: Files, again: boolean) {
  createTenant(checkout, database, files.folder);
  const run = async (file: string, mapping: string) => {
    const result = await runImport(checkout, { file, mapping, database, tenant });
    // Printed as it comes: a run cut short still leaves its figures behind.
    console.log(
      `    ${file}: ${result.rows} rows, ${result.written} written, ${(result.ms / 1000).toFixed(1)} s, ${Math.round(result.rows / (result.ms / 1000))} rows/s, peak RSS ${mb(result.peakRss)}`,
    );
    return result;
  };
  const result: DialectResult = {
    people: await run(files.contacts, files.mappings.contacts),
    touches: await run(files.activities, files.mappings.activities),
  };
  if (again) result.again = await run(files.activities, files.mappings.activities);
  return result;
}

export async function benchImport(ctx: { postgresUrl?: string }): Promise<Section> {
  const touches = rowsOption();
  const people = Math.round(touches / 10);
  const folder = mkdtempSync(join(tmpdir(), 'tandem-bench-import-'));
  try {
    const files: Files = {
      folder,
      contacts: join(folder, 'hubspot-contacts.csv'),
      activities: join(folder, 'marketo-activities.csv'),
      mappings: writeMappings(folder),
    };
    await writeContacts(files.contacts, people);
    await writeActivities(files.activities, touches, people);
    const baseline = extractBaseline(folder);
    const dialects: { name: string; database: () => Promise<string> }[] = [
      {
        name: 'SQLite',
        database: async () => join(folder, `import-${Math.random().toString(36).slice(2)}.db`),
      },
    ];
    if (ctx.postgresUrl)
      dialects.push({ name: 'PostgreSQL', database: async () => (await postgresReachable())! });

    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    for (const dialect of dialects) {
      console.log(`  ${dialect.name}: this code`);
      const now = await importBoth(root, await dialect.database(), files, true);
      console.log(`  ${dialect.name}: baseline ${baselineCommit}`);
      const before = await importBoth(baseline, await dialect.database(), files, false);
      const line = (code: string, what: string, run: ImportRun, bold = false) => {
        const rate = fmt.int(run.rows / (run.ms / 1000));
        rows.push([
          dialect.name,
          code,
          what,
          fmt.int(run.rows),
          fmt.int(run.written),
          fmt.s(run.ms),
          bold ? `**${rate}**` : rate,
          mb(run.peakRss),
        ]);
      };
      line('this code', 'contacts', now.people);
      line('this code', 'activities', now.touches, true);
      line('this code', 'activities again', now.again!);
      line(`baseline ${baselineCommit}`, 'contacts', before.people);
      line(`baseline ${baselineCommit}`, 'activities', before.touches);
      notes.push(
        `- ${dialect.name}: peak RSS of the activity import at 25, 50, 75 and 100 % of the file read: ${now.touches.peakAtQuarter.map(mb).join(', ')} (baseline: ${before.touches.peakAtQuarter.map(mb).join(', ')}). Touches ${fmt.int(now.touches.rows / (now.touches.ms / 1000))}/s against ${fmt.int(before.touches.rows / (before.touches.ms / 1000))}/s: ${(before.touches.ms / now.touches.ms).toFixed(1)}× the baseline. Imported again, the file wrote ${fmt.int(now.again!.written)} rows (${fmt.int(now.again!.duplicates)} already there).`,
      );
    }
    const body = `${fmt.int(people)} contacts (a HubSpot contacts export: 11 columns, quoted titles, local dates) and then ${fmt.int(touches)} activities (a Marketo bulk activity export: a quoted JSON attributes cell, type ids mapped to touch types and channels), generated by \`bench/import-files.ts\`, imported by \`tandem import csv\` in a child process into a fresh database per dialect and code. Time is the child's wall time from spawn to exit, the rollup refresh at the end included; peak RSS is the child's (VmHWM). The baseline is the same CLI at commit ${baselineCommit} (before this work), run on the same files in the same run. "activities again" imports the same file a second time.

${table(['dialect', 'code', 'file', 'rows', 'written', 'time', 'rows/s', 'peak RSS'], rows)}

${notes.join('\n')}`;
    return {
      id: 'import',
      title: 'Import throughput: CSV files through `tandem import csv` (issue #15)',
      body,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
