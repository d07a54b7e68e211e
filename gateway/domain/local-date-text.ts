/**
 * Dates and date-times written without an offset are local to a time zone: the one rule by which
 * a CSV import (gateway/sources/csv/dates.ts), a connector's date-only fields (a Salesforce
 * CloseDate) and the events endpoint read them. `2026-03-01` is the local day's first instant,
 * `2026-03-01T09:30` that wall-clock time there; a text with `Z` or an offset means that instant.
 */
import { isCalendarDate, sourceInstant } from './instants.js';
import { instantOfWallClock, wallClockOf } from './time-zone.js';

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export interface WallClockFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/**
 * Wall-clock ms, or null for a date that does not exist (31 February, hour 25). Whether it lies
 * in the range a record's field allows is the record schema's to say (gateway/domain/instants.ts).
 */
export function wallClockOfFields(f: WallClockFields): number | null {
  if (!isCalendarDate(f.year, f.month, f.day) || f.hour > 23 || f.minute > 59 || f.second > 59) return null;
  const date = new Date(Date.UTC(2000, f.month - 1, f.day, f.hour, f.minute, f.second, f.ms));
  // setUTCFullYear, as Date.UTC reads years 0–99 as 1900–1999.
  return date.setUTCFullYear(f.year);
}

/** ISO-8601 text → epoch ms, a text without an offset read in `timeZone`; null when it is no ISO date. */
export function isoInstantIn(text: string, timeZone: string): number | null {
  const match = isoPattern.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone] = match;
  const wall = wallClockOfFields({
    year: +y!,
    month: +mo!,
    day: +d!,
    hour: +h,
    minute: +mi,
    second: +s,
    ms: +ms.padEnd(3, '0'),
  });
  if (wall === null) return null;
  if (!zone) return instantOfWallClock(wall, timeZone);
  if (zone.toUpperCase() === 'Z') return wall;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** Epoch ms of an ISO date or date-time written without an offset, local to `timeZone`; else null. */
export function localInstant(text: string, timeZone: string): number | null {
  const zone = isoPattern.exec(text)?.[8];
  return zone === undefined ? isoInstantIn(text, timeZone) : null;
}

/**
 * A source's date or date-time text as a record field (gateway/domain/instants.ts sourceInstant),
 * local to `timeZone` when it has no offset: epoch ms, or the text itself when it is no date
 * (2026-02-31), which the record schema then rejects naming it.
 */
export function zonedSourceInstant(text: string, timeZone: string): number | string {
  return localInstant(text, timeZone) ?? sourceInstant(text);
}

/**
 * An instant as a file of the tenant's would write it: its local date in `timeZone`
 * (`2025-09-24`), with the time when it is not midnight (`2025-09-24 14:30`).
 */
export function localDateText(instantMs: number, timeZone: string): string {
  const wall = new Date(wallClockOf(instantMs, timeZone)).toISOString();
  return wall.endsWith('T00:00:00.000Z') ? wall.slice(0, 10) : wall.slice(0, 16).replace('T', ' ');
}
