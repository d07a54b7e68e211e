/**
 * `tandem sync <source> --tenant acme`: one source, now, from where its last sync stopped. Prints
 * a line per stream; a source failure (credentials refused, limits reached, vendor down beyond
 * the retries) is one line and exit code 1, with everything written before it kept and the
 * cursors where the next run resumes.
 */
import { SingleBar } from 'cli-progress';
import type { StoreOptions } from '../config.js';
import { SourceError } from '../sources/http.js';
import { createConnector } from '../sources/registry.js';
import { runSync, type SyncReport } from '../sources/sync.js';
import { TenantStore } from '../store/tenant-store.js';
import { requireTenant } from './import.js';
import { openMigratedDatabase } from './open-store.js';

export interface SyncCommandOptions extends StoreOptions {
  tenant: string;
  full?: boolean;
  stream?: string;
  progress: boolean;
}

export async function syncCommand(source: string, options: SyncCommandOptions): Promise<void> {
  const connector = createConnector(source, options.tenant);
  const database = await openMigratedDatabase(options);
  const bar = options.progress && process.stderr.isTTY ? progressBar(source) : null;
  let where = 'before the first page';
  try {
    await requireTenant(database, options.tenant);
    bar?.start(0, 0, { stream: '', records: 0 });
    const report = await runSync(new TenantStore(database, options.tenant), connector, {
      full: options.full,
      streams: options.stream?.split(',').map((name) => name.trim()),
      onPage: ({ stream, pages, read }) => {
        where = `in stream ${stream} after ${pages} page${pages === 1 ? '' : 's'}`;
        bar?.update(0, { stream, records: read.toLocaleString('en') });
      },
    });
    bar?.stop();
    console.log(summary(options.tenant, report));
  } catch (error) {
    bar?.stop();
    if (!(error instanceof SourceError)) throw error;
    console.error(`tandem: ${error.message} (stopped ${where}; what was read is saved, run again to resume)`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

function summary(tenant: string, report: SyncReport): string {
  const n = (value: number) => value.toLocaleString('en');
  const total = report.streams.reduce((sum, stream) => sum + stream.read, 0);
  const lines = [
    `${report.source} → ${tenant}: ${n(total)} records in ${(report.ms / 1000).toFixed(1)} s (${n(report.requests)} requests, ${n(report.retries)} retries)`,
  ];
  for (const stream of report.streams) {
    lines.push(
      `  ${stream.stream}: ${n(stream.read)} read, ${n(stream.written)} written, ${n(stream.duplicates)} already there, ${n(stream.rejectedCount)} rejected` +
        (stream.fetchedPeople ? `, ${n(stream.fetchedPeople)} people fetched on demand` : ''),
    );
    for (const entry of stream.rejected.slice(0, 5)) lines.push(`    id ${entry.sourceId}: ${entry.reason}`);
    if (stream.warningCount) lines.push(`    ${n(stream.warningCount)} written with a warning:`);
    for (const entry of stream.warnings.slice(0, 5)) lines.push(`    id ${entry.sourceId}: ${entry.reason}`);
  }
  return lines.join('\n');
}

function progressBar(source: string): SingleBar {
  return new SingleBar({
    format: `syncing ${source} | {stream} | {records} records | {duration_formatted}`,
    hideCursor: true,
    stream: process.stderr,
  });
}
