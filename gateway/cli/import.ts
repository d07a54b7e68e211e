/**
 * `tandem import csv <file> --tenant acme --mapping mapping.json`: a CSV export into a tenant,
 * with a progress bar on a terminal, then a summary naming the first rejected lines and why.
 * Exit code 0 when rows went in (or were already there), 1 when the file could not be read or
 * every row was rejected, 2 for a mistake in the command or the mapping.
 */
import { stat } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { type StoreOptions, UsageError } from '../config.js';
import { CsvFileError, type CsvImportReport, importCsv, rejectionText } from '../sources/csv/import.js';
import { loadMapping } from '../sources/csv/mapping.js';
import { csvWarningText, warningSummary } from '../sources/csv/warnings.js';
import type { RevenueDatabase } from '../store/database.js';
import { TenantStore } from '../store/tenant-store.js';
import { findTenant, listTenants } from '../store/tenants.js';
import { openMigratedDatabase } from './open-store.js';

export interface ImportOptions extends StoreOptions {
  tenant: string;
  mapping: string;
  kind?: string;
  progress: boolean;
}

const shownRejections = 10;

export async function importCsvCommand(file: string, options: ImportOptions): Promise<void> {
  const mapping = await loadMapping(options.mapping, options.kind);
  const database = await openMigratedDatabase(options);
  try {
    await requireTenant(database, options.tenant);
    const size = await stat(file).then(
      (info) => info.size,
      () => 0,
    );
    const bar = options.progress && process.stderr.isTTY && size > 0 ? progressBar() : null;
    bar?.start(size, 0, { rows: 0 });
    let report: CsvImportReport;
    try {
      report = await importCsv(new TenantStore(database, options.tenant), {
        file,
        mapping,
        onProgress: ({ bytes, rows }) => bar?.update(bytes, { rows: rows.toLocaleString('en') }),
      });
    } finally {
      bar?.stop();
    }
    console.log(summary(file, options.tenant, report));
    const landed = report.written + report.duplicates > 0;
    process.exitCode = landed || report.rejectedCount === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    console.error(`tandem: ${error.message}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

export async function requireTenant(database: RevenueDatabase, tenantId: string): Promise<void> {
  if (await findTenant(database, tenantId)) return;
  const known = (await listTenants(database)).map((tenant) => tenant.id);
  throw new UsageError(
    `unknown tenant '${tenantId}' (${known.length ? `tenants: ${known.join(', ')}` : 'none exists yet: create it with `tandem tenant create` (docs/onboarding.md), or run `tandem start` for the demo'})`,
  );
}

/**
 * The import's one-line account. Rows and records differ when a row makes several (a mapping of
 * several kinds, a cost that names its campaign): rows are read and rejected by line, records are
 * written or found already there.
 */
function summary(file: string, tenant: string, report: CsvImportReport): string {
  const n = (value: number) => value.toLocaleString('en');
  const lines = [
    `${file} → ${tenant}: ${n(report.rows)} rows read, ${n(report.written)} records written, ${n(report.duplicates)} already there, ${n(report.rejectedCount)} rejected (${(report.ms / 1000).toFixed(1)} s)`,
    ...report.rejected.slice(0, shownRejections).map((entry) => `  ${rejectionText(entry)}`),
  ];
  // A mapping of several kinds: what the rows made of each (one line, before the rejections).
  const kinds = Object.entries(report.madeByKind);
  if (kinds.length > 1)
    lines.splice(1, 0, `  made: ${kinds.map(([kind, count]) => `${n(count)} ${kind}`).join(', ')}`);
  if (report.rejectedCount > shownRejections)
    lines.push(`  … and ${n(report.rejectedCount - shownRejections)} more`);
  // Rows kept with a warning: a sentence per sort, then the first of them by line.
  if (report.warningCount > 0) {
    lines.push(`${n(report.warningCount)} written with a warning:`);
    for (const sentence of warningSummary(report.warningsByCode)) lines.push(`  ${sentence}`);
    for (const warning of report.warnings.slice(0, shownRejections))
      lines.push(`  ${csvWarningText(warning)}`);
    if (report.warningCount > shownRejections)
      lines.push(`  … and ${n(report.warningCount - shownRejections)} more`);
  }
  return lines.join('\n');
}

function progressBar(): SingleBar {
  return new SingleBar({
    format: 'importing {bar} {percentage}% | {rows} rows | {duration_formatted} | ETA {eta_formatted}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    stream: process.stderr,
    etaBuffer: 50,
  });
}
