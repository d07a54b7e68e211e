/**
 * Reading one row's cells as the mapping says: text, dates, numbers and yes/no values, each
 * failure naming the column as the file heads it and the value, e.g.
 * `column "Date": "31/02/2024" is not a date as DD/MM/YYYY` (the import puts the line first). A
 * blank cell falls back to the mapping's `values`; a bad value from there is named as such.
 */

import { dateParser } from './dates.js';
import { type CsvKindMapping, columnName } from './mapping.js';

export class RowRejected extends Error {}

const truthy = /^(true|yes|y|1|won|closed)$/i;
const falsy = /^(false|no|n|0|lost|open)$/i;
const prospectYes = /^(true|yes|y|1|x)$/i;
const prospectNo = /^(false|no|n|0)$/i;

export class RowReader {
  private readonly parseDate;
  row: Record<string, string> = {};

  /** `tenantTimeZone`: where dates without an offset are local times unless the mapping names a zone. */
  constructor(
    readonly mapping: CsvKindMapping,
    tenantTimeZone = 'UTC',
  ) {
    this.parseDate = dateParser(mapping.dates.format, mapping.dates.timeZone ?? tenantTimeZone);
  }

  /** The columns the mapping needs that the header lacks. */
  missingColumns(header: string[]): string[] {
    return Object.values(this.mapping.columns)
      .map(columnName)
      .filter((column) => !header.includes(column));
  }

  /** The trimmed cell (translated by the column's `map`), else the mapping's value, else null. */
  text(field: string): string | null {
    const spec = this.mapping.columns[field];
    if (spec) {
      const raw = this.cell(field);
      if (raw) return typeof spec === 'string' ? raw : (spec.map?.[raw] ?? raw);
    }
    const value = this.mapping.values[field];
    return value === undefined ? null : String(value);
  }

  /**
   * `column "Amount": "n/a"` or `value from mapping 'values' for amount: "n/a"`: where a field's
   * value in this row came from, and the value as written there (before any `map`), to put in
   * front of what is wrong with it. `value` stands in when the row has neither (e.g. a default).
   */
  locate(field: string, value?: unknown): string {
    const spec = this.mapping.columns[field];
    const raw = this.cell(field);
    if (spec && (raw || !(field in this.mapping.values)))
      return `column "${columnName(spec)}": ${quote(raw ?? '')}`;
    if (field in this.mapping.values) {
      return `value from mapping 'values' for ${field}: ${quote(String(this.mapping.values[field]))}`;
    }
    return `${field}: ${quote(value === undefined ? '' : String(value))}`;
  }

  /** `column "Email"` (or the field when no column holds it): for rows that lack a value. */
  columnOf(field: string): string {
    const spec = this.mapping.columns[field];
    return spec ? `column "${columnName(spec)}"` : field;
  }

  private cell(field: string): string | null {
    const spec = this.mapping.columns[field];
    return (spec && this.row[columnName(spec)]?.trim()) || null;
  }

  date(field: string): number | null {
    const value = this.text(field);
    if (value === null) return null;
    const parsed = this.parseDate(value);
    if (parsed === null)
      throw new RowRejected(`${this.locate(field)} is not a date as ${this.mapping.dates.format}`);
    return parsed;
  }

  number(field: string): number | null {
    const value = this.text(field);
    if (value === null) return null;
    let digits = value.replace(/[\s$€£¥%]/g, '');
    digits =
      this.mapping.decimal === ',' ? digits.replace(/\./g, '').replace(',', '.') : digits.replace(/,/g, '');
    const parsed = Number(digits);
    if (digits === '' || !Number.isFinite(parsed))
      throw new RowRejected(`${this.locate(field)} is not a number`);
    return parsed;
  }

  flag(field: string): boolean | null {
    const value = this.text(field);
    if (value === null) return null;
    if (truthy.test(value)) return true;
    if (falsy.test(value)) return false;
    throw new RowRejected(`${this.locate(field)} is not yes or no (true/false, yes/no, 1/0)`);
  }

  /**
   * A prospect flag (docs/domain.md "Prospects"): spreadsheets tick these with an x, CRMs export
   * true/false, so both are read; a blank cell says nothing (null) and leaves the flag as it was.
   */
  prospectFlag(field: string): boolean | null {
    const value = this.text(field);
    if (value === null) return null;
    if (prospectYes.test(value)) return true;
    if (prospectNo.test(value)) return false;
    throw new RowRejected(`${this.locate(field)} is not a flag (yes/no, true/false, 1/0, x or blank)`);
  }

  /** `YYYY-MM` as is, or the month of a date. */
  period(field: string): string | null {
    const value = this.text(field);
    if (value === null) return null;
    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return value;
    const at = this.date(field);
    return at === null ? null : new Date(at).toISOString().slice(0, 7);
  }
}

/** A value as the user wrote it, in double quotes (JSON escapes keep an odd character visible). */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
