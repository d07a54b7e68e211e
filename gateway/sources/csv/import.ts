/**
 * `tandem import csv`: streams a CSV file through the mapping into the ingest path. Memory stays
 * flat however long the file: rows are parsed, mapped and written in batches as they are read
 * (back-pressure from the database reaches the file reader), and only the first rejections are
 * kept. A bad row is reported with its line, the column and the value, and the rest goes in. A
 * mapping with several kinds makes each row a record of each kind, in one pass (multi-kind.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type CsvError, parse } from 'csv-parse';
import { UsageError } from '../../config.js';
import { IngestCaches } from '../../ingest/caches.js';
import { ingestRecords } from '../../ingest/ingest.js';
import type { SourceRecordInput } from '../../ingest/records.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { findTenant } from '../../store/tenants.js';
import { RowReader, RowRejected } from './cells.js';
import { describeInvalidRecord, describeRejectedReference } from './issue-columns.js';
import { LineIndex } from './line-index.js';
import type { CsvMapping } from './mapping.js';
import { ownColumns, sectionApplies } from './multi-kind.js';
import { rowMapper } from './rows.js';
import { type CsvWarning, csvWarning } from './warnings.js';

export interface CsvRejection {
  line: number;
  /** What is wrong, e.g. `column "Amount": "n/a" is not a number`; `rejectionText` puts the line first. */
  reason: string;
}

/** `line 12, column "Amount": "n/a" is not a number`, or `line 6: no person: …`. */
export function rejectionText({ line, reason }: CsvRejection): string {
  return /^(column|value from) /.test(reason) ? `line ${line}, ${reason}` : `line ${line}: ${reason}`;
}

export interface CsvImportReport {
  rows: number;
  /** Records the rows became (a cost row may also name its campaign). */
  records: number;
  written: number;
  duplicates: number;
  rejectedCount: number;
  /** The first rejections, by line. */
  rejected: CsvRejection[];
  /** Records applied by record kind (person, stageChange…), already-stored ones included. */
  byKind: Record<string, number>;
  /** Records the rows made, by the mapping's kinds (people, stages…): the summary per kind. */
  madeByKind: Record<string, number>;
  /**
   * Rows written with a warning (an owner or product that names nothing, a created date taken
   * from the row's other dates): kept, not rejected. The first ones by line, and a count by sort.
   */
  warningCount: number;
  warnings: CsvWarning[];
  warningsByCode: Record<string, number>;
  bytes: number;
  ms: number;
}

export interface CsvImportOptions {
  file: string;
  mapping: CsvMapping;
  batchSize?: number;
  keepRejected?: number;
  /** Called every few thousand rows with the bytes read so far (for a progress bar). */
  onProgress?: (progress: { bytes: number; rows: number }) => void;
}

/** The file cannot be read at all (missing, unreadable, not CSV): one line, exit code 1. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

export async function importCsv(store: TenantStore, options: CsvImportOptions): Promise<CsvImportReport> {
  const started = performance.now();
  const { file, mapping } = options;
  const keep = options.keepRejected ?? 1_000;
  let fileTime: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CsvFileError(`cannot read ${file}: not a file`);
    fileTime = Math.floor(info.mtimeMs);
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    throw new CsvFileError(`cannot read ${file}: ${describeFsError(error)}`);
  }

  const rejected: CsvRejection[] = [];
  let rejectedCount = 0;
  const reject = (line: number, reason: string) => {
    rejectedCount++;
    if (rejected.length < keep) rejected.push({ line, reason });
  };

  // Dates without an offset are the company's local times unless the mapping says otherwise.
  const tenantZone = (await findTenant(store.database, store.tenantId))?.time_zone;
  const sections = mapping.sections.map((section) => new RowReader(section, tenantZone));
  const own = ownColumns(mapping.sections);
  const madeByKind: Record<string, number> = {};
  const mapRow = rowMapper(fileTime);
  // Line bookkeeping happens inside the parser, in parse order (the consumer may lag behind it).
  let lastEnd = 1;
  let lastEmpty = 0;
  let bytes = 0;
  let skippedRows = 0;
  const parser = parse({
    delimiter: mapping.delimiter,
    bom: true,
    columns: (header: string[]) => {
      const names = header.map((name) => name.trim());
      const missing = [...new Set(sections.flatMap((reader) => reader.missingColumns(names)))];
      if (missing.length) {
        throw new UsageError(
          `${file} has no column ${missing.map((m) => `"${m}"`).join(', ')} that the mapping names (its columns: ${names.join(', ')})`,
        );
      }
      return names;
    },
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (row: Record<string, string>, context) => {
      const line = lastEnd + 1 + (context.empty_lines - lastEmpty);
      lastEnd = context.lines;
      lastEmpty = context.empty_lines;
      bytes = context.bytes;
      return { row, line };
    },
  });
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    skippedRows++;
    const line = lastEnd + 1;
    lastEnd = error.lines ?? lastEnd + 1;
    reject(line, error.message.replace(/^Invalid Record Length: /, '').replace(/ on line \d+$/, ''));
  });
  // The parser can fail (a header without the mapped columns) before ingest starts reading it;
  // the reader below rethrows the error, this listener only keeps it from being "unhandled".
  parser.on('error', () => {});
  const input = createReadStream(file);
  input.on('error', (error) =>
    parser.destroy(new CsvFileError(`cannot read ${file}: ${describeFsError(error)}`)),
  );
  input.pipe(parser);

  const lines = new LineIndex();
  let rows = 0;
  let position = 0;
  // The section whose record was yielded last, still on that record's row: ingest validates each
  // record as it reads it, so an invalid one is explained from its own cells (issue-columns.ts).
  let yieldedBy = sections[0]!;
  const records = async function* (): AsyncGenerator<SourceRecordInput> {
    for await (const { row, line } of parser as AsyncIterable<{
      row: Record<string, string>;
      line: number;
    }>) {
      rows++;
      if (rows % 5_000 === 0) options.onProgress?.({ bytes, rows });
      // A row is taken whole or not at all: a bad cell in any kind rejects the row.
      const made: { record: SourceRecordInput; reader: RowReader }[] = [];
      try {
        sections.forEach((reader, i) => {
          if (!sectionApplies(own[i]!, row)) return;
          reader.row = row;
          for (const record of mapRow(reader)) made.push({ record, reader });
        });
      } catch (error) {
        if (!(error instanceof RowRejected)) throw error;
        reject(line, error.message);
        continue;
      }
      for (const { record, reader } of made) {
        lines.add(position++, line);
        madeByKind[reader.mapping.kind] = (madeByKind[reader.mapping.kind] ?? 0) + 1;
        yieldedBy = reader;
        yield record;
      }
    }
  };

  let report: Awaited<ReturnType<typeof ingestRecords>>;
  try {
    report = await ingestRecords(store, records(), {
      // Large batches: a touch file revisits the same people, and each batch rewrites each person once.
      batchSize: options.batchSize ?? 20_000,
      caches: new IngestCaches(),
      keepRejected: keep,
      describeInvalid: (error, input) => describeInvalidRecord(error, input, yieldedBy),
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof CsvFileError) throw error;
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new CsvFileError(`cannot read ${file} as CSV: ${(error as Error).message}`);
    }
    throw error;
  }
  options.onProgress?.({ bytes, rows });
  for (const entry of report.rejected)
    reject(lines.lineOf(entry.index), describeRejectedReference(entry, sections) ?? entry.reason);
  // Ingest counted its own rejections too; keep each rejection counted once.
  rejectedCount -= report.rejected.length;
  rejectedCount += report.rejectedCount;
  rejected.sort((a, b) => a.line - b.line);
  return {
    rows: rows + skippedRows,
    records: report.read,
    written: report.written,
    duplicates: report.duplicates,
    rejectedCount,
    warningCount: report.warningCount,
    warnings: report.warnings.map((warning) => csvWarning(warning, lines.lineOf(warning.index), mapping)),
    warningsByCode: report.warningsByCode,
    rejected,
    byKind: report.byKind,
    madeByKind,
    bytes,
    ms: performance.now() - started,
  };
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (error as Error).message ?? String(error);
}
