/** Reading Salesforce field values: its datetimes, dates, and the ids that say what they point at. */
import { sourceInstant } from '../../domain/instants.js';
import { zonedSourceInstant } from '../../domain/local-date-text.js';
import type { PersonRef } from '../../ingest/records.js';

export type SalesforceRecord = Record<string, unknown> & { Id: string };

/**
 * A datetime field, `2024-05-01T12:00:00.000+0000` → epoch ms; null when empty; a text that is
 * no date (2026-02-31) as it is, which the record then is rejected for. Date-only fields: sfDate.
 */
export function sfInstant(value: unknown): number | string | null {
  if (typeof value !== 'string' || value === '') return null;
  return sourceInstant(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

/**
 * A date field (CloseDate, ActivityDate, ConvertedDate, FirstRespondedDate: `2024-05-01`, no
 * time): that local day in the tenant's zone, as a CSV import reads a date without an offset
 * (gateway/domain/local-date-text.ts). Null when empty; a text that is no date as it is.
 */
export function sfDate(value: unknown, timeZone: string): number | string | null {
  if (typeof value !== 'string' || value === '') return null;
  return zonedSourceInstant(value, timeZone);
}

/** A SOQL datetime literal (second precision: Salesforce stores no finer). */
export function soqlDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function sfText(record: Record<string, unknown>, field: string): string | null {
  const value = field
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | null)?.[part], record);
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text ? text : null;
}

export function sfNumber(record: Record<string, unknown>, field: string): number | null {
  const value = record[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Lead ids start 00Q, contact ids 003: what a WhoId or a campaign member points at. */
export function personRefOf(id: string | null): PersonRef | null {
  if (!id) return null;
  if (id.startsWith('00Q')) return { system: 'salesforce', objectType: 'lead', sourceId: id };
  if (id.startsWith('003')) return { system: 'salesforce', objectType: 'contact', sourceId: id };
  return null;
}
