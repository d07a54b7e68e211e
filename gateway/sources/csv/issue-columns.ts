/**
 * A record the ingest path finds invalid, said in the file's words: the issue's path in the record
 * (`person.email`, `type`) goes back to the mapping's field and from there to the column the value
 * came from, e.g. `column "Activity": "Teleported" is not accepted (invalid option: expected one
 * of …)`, or to the mapping's `values` when the cell was blank. Never the internal field alone.
 */
import type { RejectedRecord } from '../../ingest/batch.js';
import type { IssueLike } from '../../ingest/ingest.js';
import { quote, type RowReader } from './cells.js';
import { columnName } from './mapping.js';

/** A reference in a record → the mapping field each of its keys came from. */
const referenceFields: Record<string, Record<string, string>> = {
  person: { sourceId: 'personId', email: 'email' },
  primaryPerson: { sourceId: 'personId', email: 'email' },
  account: { sourceId: 'accountId', domain: 'accountDomain' },
  campaign: { sourceId: 'campaignId' },
};

/** Record kinds whose own fields have other names in a mapping (a cost file's campaign). */
const renamedFields: Record<string, Record<string, string>> = {
  campaign: { sourceId: 'campaignId', name: 'campaignName' },
};

/** The mapping field `path` of a `kind` record came from, or null when the mapping has none. */
export function fieldOfPath(kind: string, path: PropertyKey[], reader: RowReader): string | null {
  const [head, next] = path.map(String);
  if (head === undefined) return null;
  const mapped = (field: string | undefined) =>
    field !== undefined && (field in reader.mapping.columns || field in reader.mapping.values) ? field : null;
  const reference = referenceFields[head];
  if (reference && kind !== 'campaign') {
    // A reference the record lacks as a whole: blame the first of its fields the mapping fills.
    if (next === undefined || !(next in reference))
      return Object.values(reference).map(mapped).find(Boolean) ?? null;
    return mapped(reference[next]);
  }
  return mapped(renamedFields[kind]?.[head] ?? head);
}

/** `reader` is the section the record came from, still on the record's row. */
export function describeInvalidRecord(
  error: { issues: IssueLike[] },
  input: unknown,
  reader: RowReader,
): string {
  const record = (input ?? {}) as Record<string, unknown>;
  const kind = typeof record.kind === 'string' ? record.kind : '';
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = fieldOfPath(kind, issue.path, reader);
      const problem = lowerFirst(issue.message);
      if (field === null) return `${issue.path.map(String).join('.') || 'record'}: ${problem}`;
      const value = valueAt(record, issue.path);
      if (value === undefined || value === null || value === '')
        return `${reader.columnOf(field)} is blank, and ${field} is needed (${problem})`;
      return `${reader.locate(field, value)} is not accepted (${problem})`;
    })
    .join('; ');
}

/** The mapping kind each record kind comes from, for a record refused at write time. */
const sectionKindOf: Record<string, string> = {
  touch: 'touches',
  stageChange: 'stages',
  opportunity: 'opportunities',
};

/**
 * A record the write refused for a reference that names nothing (ingest/batch.ts personFor),
 * said in the file's words: `column "Email": "ivan@x.de" names no person: import the people
 * first`. The row is long read by then, so the value is the reference's, and its column the one
 * the mapping reads that reference from. Null when the mapping has no such column.
 */
export function describeRejectedReference(entry: RejectedRecord, readers: RowReader[]): string | null {
  const { reference } = entry;
  if (!reference) return null;
  for (const reader of readers) {
    if (reader.mapping.kind !== sectionKindOf[entry.kind]) continue;
    const field = fieldOfPath(entry.kind, reference.path, reader);
    if (field === null) continue;
    const spec = reader.mapping.columns[field];
    const where = spec ? `column "${columnName(spec)}"` : `value from mapping 'values' for ${field}`;
    return `${where}: ${quote(reference.value)} names no person: import the people first`;
  }
  return null;
}

function valueAt(record: Record<string, unknown>, path: PropertyKey[]): unknown {
  let value: unknown = record;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
