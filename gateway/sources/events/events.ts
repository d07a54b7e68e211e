/**
 * The generic events endpoint's payload: a batch of touches and sales activities from anywhere
 * (a website, a webinar tool, a product), each with an idempotency key that becomes its source id,
 * so a client retrying a batch after a timeout writes each event once. People may be named by
 * email; an email Tandem has never seen becomes a new person, since that is what the client means.
 * An `occurredAt` without an offset is the tenant's local time, as in a CSV import.
 */
import { localInstant } from '../../domain/local-date-text.js';
import { textProblem } from '../../domain/text.js';
import { IngestCaches } from '../../ingest/caches.js';
import { describeIssues, ingestRecords } from '../../ingest/ingest.js';
import { normaliseEmail } from '../../ingest/normalise.js';
import { type SourceRecordInput, sourceRecord } from '../../ingest/records.js';
import { tenantTimeZone } from '../../rollups/marks.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { unknownPeople } from '../missing-people.js';

export const maxEventsPerBatch = 1_000;

export interface EventRejection {
  index: number;
  idempotencyKey: string | null;
  reason: string;
}

export interface EventsReport {
  received: number;
  written: number;
  duplicates: number;
  /** People created for emails seen here first. */
  newPeople: number;
  rejected: EventRejection[];
}

/** Why a body is not a batch of events, or null when it is one. */
export function batchProblem(body: unknown): string | null {
  const events = (body as { events?: unknown } | null)?.events;
  if (!body || typeof body !== 'object' || !Array.isArray(events)) {
    return 'the body must be a JSON object {"events": [...]} (see docs/connectors.md)';
  }
  if (events.length > maxEventsPerBatch)
    return `at most ${maxEventsPerBatch} events per request, got ${events.length}`;
  const source = (body as { source?: unknown }).source;
  if (source !== undefined && (typeof source !== 'string' || !/^[a-z][a-z0-9_-]{0,39}$/.test(source))) {
    return `source must be a lower-case system name such as "website", got ${JSON.stringify(source)?.slice(0, 60)}`;
  }
  return null;
}

type Event = Record<string, unknown>;

/** One event → its record; the record schema then checks every field and names what is wrong. */
function toRecord(event: Event, system: string, timeZone: string): SourceRecordInput {
  const person = event.person ?? (typeof event.email === 'string' ? { email: event.email } : undefined);
  // `2026-03-02T10:00` is 10:00 where the company is (gateway/domain/local-date-text.ts): the
  // gateway's own zone says nothing about the client's. Any other text stays as sent, for the
  // record schema to read or to refuse naming it.
  const occurredAt =
    typeof event.occurredAt === 'string'
      ? (localInstant(event.occurredAt, timeZone) ?? event.occurredAt)
      : event.occurredAt;
  const common = { system, sourceId: event.idempotencyKey, person, occurredAt };
  if (event.kind === 'activity') {
    return {
      ...common,
      kind: 'activity',
      type: event.type,
      subject: event.subject,
      userEmail: event.userEmail,
    } as never;
  }
  return {
    ...common,
    kind: event.kind,
    type: event.type,
    channel: event.channel,
    url: event.url,
    campaign: event.campaign,
  } as never;
}

export async function ingestEvents(
  store: TenantStore,
  body: { source?: string; events: unknown[] },
): Promise<EventsReport> {
  const system = body.source ?? 'events';
  const rejected: EventRejection[] = [];
  const records: SourceRecordInput[] = [];
  const positions: number[] = [];
  const timeZone = await tenantTimeZone(store);
  body.events.forEach((raw, index) => {
    const event = (raw && typeof raw === 'object' ? raw : {}) as Event;
    const key = event.idempotencyKey;
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
      rejected.push({
        index,
        idempotencyKey: null,
        reason: 'idempotencyKey: required, a string of 1 to 200 characters',
      });
      return;
    }
    // Named here as the client sent it: the record schema would call it the record's sourceId.
    const keyProblem = textProblem(key);
    if (keyProblem) {
      rejected.push({ index, idempotencyKey: null, reason: `idempotencyKey: ${keyProblem}` });
      return;
    }
    if (event.kind !== 'touch' && event.kind !== 'activity') {
      rejected.push({
        index,
        idempotencyKey: key,
        reason: `kind: 'touch' or 'activity', got ${JSON.stringify(event.kind)}`,
      });
      return;
    }
    // Checked here as well as on ingest, so that a rejected event creates no person either.
    const record = toRecord(event, system, timeZone);
    const parsed = sourceRecord.safeParse(record);
    if (!parsed.success) {
      rejected.push({ index, idempotencyKey: key, reason: describeIssues(parsed.error) });
      return;
    }
    records.push(record);
    positions.push(index);
  });

  const people = (await unknownPeople(store, records)).flatMap((ref): SourceRecordInput[] => {
    if (!('email' in ref)) return [];
    const email = normaliseEmail(ref.email)!;
    const first = records.find(
      (r) => 'person' in r && r.person && 'email' in r.person && normaliseEmail(r.person.email) === email,
    );
    const at = (first as { occurredAt?: string | number } | undefined)?.occurredAt ?? Date.now();
    return [
      { kind: 'person', system, objectType: 'record', sourceId: email, email, createdAt: at, updatedAt: at },
    ];
  });
  const report = await ingestRecords(store, [...people, ...records], {
    // One transaction for the request: the response tells the truth about all of it.
    batchSize: Math.max(1, people.length + records.length),
    caches: new IngestCaches(),
  });
  for (const entry of report.rejected) {
    const index = entry.index - people.length;
    if (index < 0) continue; // people are made only from valid events' emails
    rejected.push({ index: positions[index]!, idempotencyKey: entry.sourceId, reason: entry.reason });
  }
  rejected.sort((a, b) => a.index - b.index);
  return {
    received: body.events.length,
    written: report.written - (report.byKind.person ?? 0),
    duplicates: report.duplicates,
    newPeople: report.newPeople,
    rejected,
  };
}
