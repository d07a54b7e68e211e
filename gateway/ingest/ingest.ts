/**
 * The one ingest path: demo seed, CSV import, connectors, webhooks and the events endpoint all
 * call `ingestRecords`. Records are validated one by one (a bad record is reported with its
 * position and reason, the rest go in), then written in batches, each batch in one write
 * transaction (store/write.ts): the tenant's writers take turns, so concurrent ingests of the same
 * people neither lose score updates nor write a replayed record twice.
 */
import { markChange } from '../metrics/mark-change.js';
import { invalidateRollups, refreshRollups } from '../metrics/refresh.js';
import { tenantTimeZone } from '../rollups/marks.js';
import type { StoreChange } from '../store/changes.js';
import { type Definitions, loadDefinitions } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';
import { type ChangeMarker, writeTransaction } from '../store/write.js';
import { applyAccount } from './apply-account.js';
import { applyActivity } from './apply-activity.js';
import { applyOpportunity } from './apply-opportunity.js';
import { applyPerson } from './apply-person.js';
import { applyProduct } from './apply-product.js';
import { applyCampaign, applyCampaignCost } from './apply-reference.js';
import { applyStageChange } from './apply-stage.js';
import { applyTouch } from './apply-touch.js';
import { applyUser } from './apply-user.js';
import {
  IngestBatch,
  RecordRejected,
  type RecordWarning,
  type RejectedRecord,
  type ValidRecord,
} from './batch.js';
import { IngestCaches } from './caches.js';
import { heldRows, loadBatch } from './load.js';
import { type SourceRecord, type SourceRecordInput, sourceRecord } from './records.js';

export interface IngestOptions {
  /** Records per transaction. */
  batchSize?: number;
  /** Called after each batch is committed, with the number of records read so far. */
  onProgress?: (read: number) => void;
  /** Runs inside each batch's transaction, after its rows: where connectors store their cursor. */
  afterBatch?: (store: TenantStore, lastIndex: number) => Promise<void>;
  /** Shared across calls to keep identity lookups warm (the seed makes many calls). */
  caches?: IngestCaches;
  /** How many rejections to keep in the report (all are counted). */
  keepRejected?: number;
  /**
   * 'maintain' (default): mark what each batch changes and refresh the rollups at the end.
   * 'defer', for bulk loads (the seed): mark the tenant's rollups for a rebuild before the first
   * batch (readers meanwhile rebuild rather than trust old rows) and leave the rebuild to the
   * caller or the next reader: one pass over the data instead of one per batch.
   */
  rollups?: 'maintain' | 'defer';
  /**
   * The reason a record that fails validation is rejected with, in place of `describeIssues`:
   * the CSV import names the column and the cell each field came from. Called as the record is
   * read, before the next one is asked for.
   */
  describeInvalid?: (error: { issues: IssueLike[] }, input: unknown) => string;
  /**
   * The moment of the write, epoch ms (@default the clock): a handoff whose deadline is already
   * before it is history, never announced as a breach. Tests that play an earlier day pass it.
   */
  now?: number;
  /**
   * The records are the tenant's past replayed as it happened (the demo seed, which plays years
   * of a live company): each handoff counts as recorded when it was made, so a recent one nobody
   * answered is a live breach, not history. Imports and syncs leave it off.
   */
  replay?: boolean;
}

/** What the ingest path needs of a validation issue (zod's). */
export interface IssueLike {
  path: PropertyKey[];
  message: string;
}

export interface IngestReport {
  read: number;
  written: number;
  /** Records already stored (a replayed page or a repeated webhook): skipped, changing nothing. */
  duplicates: number;
  /** People created (a person record for someone already stored merges into them instead). */
  newPeople: number;
  rejectedCount: number;
  rejected: RejectedRecord[];
  /** Records written with a warning (an unknown owner or product, a date taken from elsewhere). */
  warningCount: number;
  /** The first warnings, as many as `keepRejected`; `warningsByCode` counts them all. */
  warnings: RecordWarning[];
  warningsByCode: Record<string, number>;
  byKind: Record<string, number>;
}

export async function ingestRecords(
  store: TenantStore,
  records: Iterable<SourceRecordInput | unknown> | AsyncIterable<SourceRecordInput | unknown>,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const batchSize = options.batchSize ?? 20_000;
  const keep = options.keepRejected ?? 1_000;
  const caches = options.caches ?? new IngestCaches();
  const definitions = await loadDefinitions(store);
  const timeZone = await tenantTimeZone(store);
  const deferRollups = options.rollups === 'defer';
  if (deferRollups) await invalidateRollups(store);
  // Users are few and named by email in most records: know them all before the first batch.
  for (const user of await store.db.selectFrom('users').select(['id', 'email']).execute()) {
    caches.userByEmail.set(user.email, user.id);
  }
  for (const team of await store.db.selectFrom('teams').select(['id', 'function']).execute()) {
    caches.teamFunction.set(team.id, team.function);
  }
  for (const product of await store.db.selectFrom('products').select(['id', 'name']).execute()) {
    caches.productIds.add(product.id);
    caches.productByName.set(product.name, product.id);
  }
  const report: IngestReport = {
    read: 0,
    written: 0,
    duplicates: 0,
    newPeople: 0,
    rejectedCount: 0,
    rejected: [],
    warningCount: 0,
    warnings: [],
    warningsByCode: {},
    byKind: {},
  };
  const reject = (entry: RejectedRecord) => {
    report.rejectedCount++;
    if (report.rejected.length < keep) report.rejected.push(entry);
  };

  let pending: ValidRecord[] = [];
  const mark: ChangeMarker = (trx, change, touchedAt) => markChange(trx, change, touchedAt, timeZone);
  const flush = async () => {
    if (pending.length === 0) return;
    const batchRecords = pending;
    pending = [];
    let count = 0;
    const outcome = await writeTransaction(store, deferRollups ? null : mark, async (trx, writes) => {
      count = writes;
      caches.carried.begin(writes);
      const outcome = await writeBatch(
        trx,
        batchRecords,
        definitions,
        caches,
        options.now,
        options.replay,
        timeZone,
      );
      if (options.afterBatch) await options.afterBatch(trx, batchRecords.at(-1)!.index);
      return { value: outcome, change: outcome.change, touchedAt: outcome.touchedAt };
    }).catch((error: unknown) => {
      // Its rows may have changed in memory and not in the database: the next batch reads them.
      caches.carried.clear();
      throw error;
    });
    caches.carried.committed(count);
    // Counted once committed: a batch that failed counts nothing.
    for (const [kind, count] of Object.entries(outcome.byKind))
      report.byKind[kind] = (report.byKind[kind] ?? 0) + count;
    for (const entry of outcome.rejected) reject(entry);
    for (const warning of outcome.warnings) {
      report.warningCount++;
      report.warningsByCode[warning.code] = (report.warningsByCode[warning.code] ?? 0) + 1;
      if (report.warnings.length < keep) report.warnings.push(warning);
    }
    report.duplicates += outcome.duplicates;
    report.newPeople += outcome.newPeople;
    caches.trim();
    options.onProgress?.(report.read);
  };

  for await (const input of records as AsyncIterable<unknown>) {
    const index = report.read++;
    const parsed = sourceRecord.safeParse(input);
    if (parsed.success) pending.push({ index, record: parsed.data });
    else
      reject({
        index,
        kind: kindOf(input),
        sourceId: sourceIdOf(input),
        reason: (options.describeInvalid ?? describeIssues)(parsed.error, input),
      });
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  // Dashboards read rollups: recompute what this ingest made stale now, not on the next request.
  if (!deferRollups) await refreshRollups(store, { now: Date.now() });
  report.rejected.sort((a, b) => a.index - b.index);
  report.warnings.sort((a, b) => a.index - b.index);
  report.written = Object.values(report.byKind).reduce((a, b) => a + b, 0) - report.duplicates;
  return report;
}

export interface BatchOutcome {
  change: StoreChange;
  /** Instants of the touches written: the campaign days they change. */
  touchedAt: number[];
  /** Records applied, by kind (duplicates included). */
  byKind: Record<string, number>;
  rejected: RejectedRecord[];
  warnings: RecordWarning[];
  duplicates: number;
  newPeople: number;
}

/**
 * Applies one batch and writes it, inside `trx`: a write transaction holding the tenant's lock
 * (store/write.ts), so that what the batch loads (people, handoffs, ids already stored) is what
 * it changes, with no other writer in between.
 */
export async function writeBatch(
  trx: TenantStore,
  records: ValidRecord[],
  definitions: Definitions,
  caches: IngestCaches,
  now?: number,
  replay = false,
  timeZone = 'UTC',
): Promise<BatchOutcome> {
  const batch = new IngestBatch(trx, definitions, caches);
  if (now !== undefined) batch.recordedAt = now;
  batch.replay = replay;
  batch.timeZone = timeZone;
  await loadBatch(batch, records);
  const byKind: Record<string, number> = {};
  const rejected: RejectedRecord[] = [];
  for (const { index, record } of records) {
    const warned = batch.warnings.length;
    batch.current = { index, kind: record.kind, sourceId: sourceIdOf(record) };
    try {
      applyRecord(batch, record);
      byKind[record.kind] = (byKind[record.kind] ?? 0) + 1;
    } catch (error) {
      if (!(error instanceof RecordRejected)) throw error;
      // A rejected record's warnings go with it: the rejection says what to fix.
      batch.warnings.length = warned;
      const { reference } = error;
      rejected.push({
        index,
        kind: record.kind,
        sourceId: sourceIdOf(record),
        reason: error.message,
        reference,
      });
    }
  }
  await batch.flush();
  caches.carried.hold(heldRows(batch));
  return {
    change: batch.change(),
    touchedAt: batch.touches.map((touch) => touch.occurred_at),
    byKind,
    rejected,
    warnings: batch.warnings,
    duplicates: batch.duplicates,
    newPeople: batch.newPeople,
  };
}

type Appliers = {
  [K in SourceRecord['kind']]: (batch: IngestBatch, record: Extract<SourceRecord, { kind: K }>) => void;
};

const appliers: Appliers = {
  user: applyUser,
  product: applyProduct,
  campaign: applyCampaign,
  campaignCost: applyCampaignCost,
  account: applyAccount,
  person: applyPerson,
  touch: applyTouch,
  stageChange: applyStageChange,
  activity: applyActivity,
  opportunity: applyOpportunity,
};

function applyRecord(batch: IngestBatch, record: SourceRecord): void {
  (appliers[record.kind] as (batch: IngestBatch, record: SourceRecord) => void)(batch, record);
}

/** `email: invalid email; occurredAt: not a date-time`: what to fix, field by field. */
export function describeIssues(error: { issues: IssueLike[] }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`)
    .join('; ');
}

function kindOf(input: unknown): string {
  const kind = (input as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : 'unknown';
}

function sourceIdOf(input: unknown): string | null {
  const id = (input as { sourceId?: unknown } | null)?.sourceId;
  return typeof id === 'string' ? id : null;
}
