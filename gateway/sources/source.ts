/**
 * What a connector is to the sync runner: named streams, read in order (accounts before the
 * people who work there, people before their touches), each an async generator of pages. A page
 * carries the records it maps to and the cursor that follows it; the runner stores that cursor in
 * the transaction that writes the page's rows, so a restart resumes after the last page written.
 */
import type { PersonRef, SourceRecordInput } from '../ingest/records.js';

export interface SourcePage {
  records: SourceRecordInput[];
  /**
   * Where the stream resumes after this page. Undefined: not a resumable point (a form's
   * submissions arrive newest first, so only its last page moves the cursor).
   */
  cursor?: string;
  /** Source objects this page could not map, with why (reported like rejected records). */
  skipped?: SkippedRecord[];
}

export interface SkippedRecord {
  sourceId: string;
  reason: string;
}

export interface SourceStream {
  /** The `stream` column of sync_cursors, e.g. `contacts`. */
  name: string;
  /** Pages from the stored cursor (null: from the beginning). */
  pages(cursor: string | null): AsyncIterable<SourcePage>;
}

export interface Connector {
  /** The `source` column of sync_cursors and the `system` of every record: `hubspot`... */
  source: string;
  streams: SourceStream[];
  /**
   * Person records for references the store does not know yet: a touch of a lead created after
   * the leads stream was read arrives with its lead, instead of being rejected and lost.
   */
  fetchPeople?(refs: PersonRef[]): Promise<SourceRecordInput[]>;
  /**
   * The tenant's IANA time zone, set by the sync runner before it reads (sync.ts): where the
   * source's date-only fields (a Salesforce CloseDate) are local days. Unset: UTC.
   */
  timeZone?: string;
  /** Requests and retries so far, for the sync report. */
  stats?(): { requests: number; retries: number; renewals: number };
}
