/**
 * The sync runner: reads each stream of a connector from its stored cursor and writes what it
 * reads in transactions that each hold whole pages and the cursor that follows the last of them.
 * Killed at any point, a rerun starts after the last committed page; the pages in flight are read
 * again, and since every write is idempotent by source id, replaying them changes nothing.
 * Small pages (Marketo's 300, HubSpot's 200) are written a few at a time: a transaction per
 * 300 records spends more on committing than on writing.
 */

import { warningText } from '../ingest/batch.js';
import { IngestCaches } from '../ingest/caches.js';
import { type IngestReport, ingestRecords } from '../ingest/ingest.js';
import { tenantTimeZone } from '../rollups/marks.js';
import type { TenantStore } from '../store/tenant-store.js';
import { readCursor, writeCursor } from './cursor.js';
import { unknownPeople } from './missing-people.js';
import type { Connector, SkippedRecord, SourcePage } from './source.js';

export interface StreamReport {
  stream: string;
  pages: number;
  read: number;
  written: number;
  duplicates: number;
  /** People fetched because a record of this stream referred to them before they were synced. */
  fetchedPeople: number;
  rejectedCount: number;
  /** The first rejections (source id and reason); all are counted. */
  rejected: SkippedRecord[];
  /** Records written with a warning (an owner who is no user…, ingest/batch.ts RecordWarning). */
  warningCount: number;
  /** The first of them (source id and what was wrong); all are counted. */
  warnings: SkippedRecord[];
  /** Where the stream will resume. */
  cursor: string | null;
}

export interface SyncReport {
  source: string;
  streams: StreamReport[];
  requests: number;
  retries: number;
  ms: number;
}

export interface SyncOptions {
  /** Ignore stored cursors and read everything again (writes stay idempotent). */
  full?: boolean;
  /** Only these streams. */
  streams?: string[];
  caches?: IngestCaches;
  keepRejected?: number;
  /** Pages are gathered until they hold this many records, then written in one transaction. */
  recordsPerTransaction?: number;
  onPage?: (progress: { stream: string; pages: number; read: number }) => void;
}

export async function runSync(
  store: TenantStore,
  connector: Connector,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const started = performance.now();
  const caches = options.caches ?? new IngestCaches();
  const keep = options.keepRejected ?? 20;
  // Date-only fields are the tenant's local days, as a CSV import reads dates without an offset.
  connector.timeZone = await tenantTimeZone(store);
  const streams: StreamReport[] = [];
  for (const stream of connector.streams) {
    if (options.streams && !options.streams.includes(stream.name)) continue;
    const start = options.full ? null : await readCursor(store, connector.source, stream.name);
    const report: StreamReport = {
      stream: stream.name,
      pages: 0,
      read: 0,
      written: 0,
      duplicates: 0,
      fetchedPeople: 0,
      rejectedCount: 0,
      rejected: [],
      warningCount: 0,
      warnings: [],
      cursor: start,
    };
    streams.push(report);
    let pending: SourcePage[] = [];
    let pendingRecords = 0;
    const write = async () => {
      if (pending.length === 0) return;
      const page = mergePages(pending);
      pending = [];
      pendingRecords = 0;
      const result = await ingestPage(store, connector, page, {
        caches,
        checkpoint: page.cursor === undefined ? undefined : { stream: stream.name, cursor: page.cursor },
      });
      report.written += result.written;
      report.duplicates += result.duplicates;
      report.fetchedPeople += result.fetchedPeople;
      report.rejectedCount += result.rejectedCount;
      for (const entry of result.rejectedRecords) {
        if (report.rejected.length < keep) report.rejected.push(entry);
      }
      report.warningCount += result.warningCount;
      for (const warning of result.warnings) {
        if (report.warnings.length < keep)
          report.warnings.push({ sourceId: warning.sourceId ?? warning.kind, reason: warningText(warning) });
      }
      if (page.cursor !== undefined) report.cursor = page.cursor;
    };
    try {
      for await (const page of stream.pages(start)) {
        pending.push(page);
        pendingRecords += page.records.length;
        report.pages++;
        report.read += page.records.length;
        if (pendingRecords >= (options.recordsPerTransaction ?? 2_000)) await write();
        options.onPage?.({ stream: stream.name, pages: report.pages, read: report.read });
      }
    } catch (error) {
      // The source failed mid-stream: what was read before is whole and is kept, cursor included.
      await write();
      throw error;
    }
    await write();
  }
  const stats = connector.stats?.() ?? { requests: 0, retries: 0 };
  return {
    source: connector.source,
    streams,
    requests: stats.requests,
    retries: stats.retries,
    ms: performance.now() - started,
  };
}

/**
 * Consecutive pages as one: their records in order, and the last cursor among them (a page
 * without one is no resumable point, so the one before it stands). A deal read twice (a search
 * window re-reads its boundary) is kept once, as last read: a batch writes each deal once.
 */
export function mergePages(pages: SourcePage[]): SourcePage {
  if (pages.length === 1) return pages[0]!;
  const records = pages.flatMap((page) => page.records);
  const lastOpportunity = new Map<string, number>();
  records.forEach((record, index) => {
    if (record.kind === 'opportunity') lastOpportunity.set(`${record.system}\u0000${record.sourceId}`, index);
  });
  return {
    records: records.filter(
      (record, index) =>
        record.kind !== 'opportunity' ||
        lastOpportunity.get(`${record.system}\u0000${record.sourceId}`) === index,
    ),
    skipped: pages.flatMap((page) => page.skipped ?? []),
    cursor: pages.findLast((page) => page.cursor !== undefined)?.cursor,
  };
}

export interface PageResult extends IngestReport {
  fetchedPeople: number;
  /** Rejections and skips with the source id they concern. */
  rejectedRecords: SkippedRecord[];
}

/**
 * Writes one page in one transaction, with the people it needs and, if given, the cursor that
 * follows it. Also the way webhooks write (without a cursor).
 */
export async function ingestPage(
  store: TenantStore,
  connector: Connector,
  page: SourcePage,
  options: { caches?: IngestCaches; checkpoint?: { stream: string; cursor: string } },
): Promise<PageResult> {
  const missing = connector.fetchPeople ? await unknownPeople(store, page.records) : [];
  const people = missing.length ? await connector.fetchPeople!(missing) : [];
  const records = [...people, ...page.records];
  const { checkpoint } = options;
  let checkpointed = false;
  const saveCursor = async (trx: TenantStore) => {
    if (!checkpoint) return;
    await writeCursor(trx, connector.source, checkpoint.stream, checkpoint.cursor);
    checkpointed = true;
  };
  const report = await ingestRecords(store, records, {
    // One batch for the whole page: its rows and its cursor commit together or not at all.
    batchSize: Math.max(1, records.length),
    caches: options.caches,
    afterBatch: saveCursor,
  });
  // A page with nothing valid to write (empty, or all rejected) still moves the cursor on.
  if (checkpoint && !checkpointed) await store.transaction(saveCursor);
  const skipped = page.skipped ?? [];
  return {
    ...report,
    rejectedCount: report.rejectedCount + skipped.length,
    fetchedPeople: people.length,
    rejectedRecords: [
      ...skipped,
      ...report.rejected.map((entry) => ({
        sourceId: entry.sourceId ?? `${entry.kind} #${entry.index - people.length + 1} of the page`,
        reason: entry.reason,
      })),
    ],
  };
}
