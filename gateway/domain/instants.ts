/**
 * Which dates Tandem believes: the one rule every way in applies (the record schemas in
 * gateway/ingest/records.ts, CSV dates, the connectors' date readers). A date is kept when it is
 * a real calendar date (2026-02-31 is not) between 1970-01-01 and a horizon ahead of now that
 * depends on what the date says:
 *
 * | kind | fields | latest |
 * |---|---|---|
 * | `happened` | touches', activities' and stage changes' `occurredAt`, records' `createdAt`/`updatedAt`, deal history | now + 1 year |
 * | `planned` | an opportunity's `closedAt` (an open deal's expected close), campaigns' `startsOn`/`endsOn` | now + 10 years |
 *
 * Something that happened cannot lie ahead of now; a year of slack still takes a source's clock
 * skew and time zones, and keeps out what breaks the numbers: a year typed 3000 (it would freeze
 * a lead's score until then), a 9999-12-31 "never" sentinel (business-hours arithmetic walks to
 * it), and +275760, JavaScript's last date, where time-zone arithmetic throws.
 */
import { shown } from './text.js';

/** 1970-01-01T00:00:00Z: epoch ms are non-negative everywhere in the store. */
export const earliestInstant = 0;

export const instantHorizons = {
  happened: { years: 1, label: 'now + 1 year' },
  planned: { years: 10, label: 'now + 10 years' },
} as const;

export type InstantKind = keyof typeof instantHorizons;

/** The latest instant a kind of date may be: the same date and time, its horizon's years ahead. */
export function latestInstant(kind: InstantKind, now = Date.now()): number {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + instantHorizons[kind].years);
  return latest.getTime();
}

/** `2026-02-31…` (or `+275760-09-13…`): the calendar date an ISO text starts with. */
const leadingDate = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?![\d])/;

/** Whether year-month-day names a day that exists (2024-02-29 does, 2026-02-31 does not). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  // Arithmetic, not a Date: every date-time field of every record passes here.
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

/**
 * ISO-8601 text (or what `Date.parse` reads, e.g. Salesforce's `+0000` offsets) → epoch ms, or a
 * reason naming the value. Unlike `Date.parse` alone, a day that does not exist is refused
 * instead of rolling over into the next month.
 */
export function parseInstantText(text: string): { ms: number } | { problem: string } {
  const date = leadingDate.exec(text);
  if (date && !isCalendarDate(Number(date[1]), Number(date[2]), Number(date[3]))) {
    return { problem: `${date[0]} is not a date` };
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? { problem: `${shown(text)} is not a date-time` } : { ms };
}

/** Why an epoch-ms instant is outside what a `kind` of date may be, or null when it is inside. */
export function instantRangeProblem(
  ms: number,
  kind: InstantKind,
  now = Date.now(),
  text?: string,
): string | null {
  // Quoted only when refused: every date-time field of every record passes here.
  const written = () => (text === undefined ? describeInstant(ms) : shown(text));
  if (ms < earliestInstant) return `${written()} is before 1970-01-01`;
  const latest = latestInstant(kind, now);
  if (ms > latest) {
    return `${written()} is after ${new Date(latest).toISOString().slice(0, 10)} (${instantHorizons[kind].label})`;
  }
  return null;
}

/**
 * Why a record's instant (ISO text or epoch ms) is not one Tandem keeps, or null. The one check
 * the record schemas run on every date-time field.
 */
export function instantProblem(value: string | number, kind: InstantKind, now = Date.now()): string | null {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return `${shown(String(value))} is not a whole number of epoch ms`;
    return instantRangeProblem(value, kind, now);
  }
  const parsed = parseInstantText(value);
  if ('problem' in parsed) return parsed.problem;
  return instantRangeProblem(parsed.ms, kind, now, value);
}

/** Why a `YYYY-MM-DD` text is not a calendar date Tandem keeps, or null. */
export function calendarDateProblem(value: string, kind: InstantKind, now = Date.now()): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return `${shown(value)} is not a date as YYYY-MM-DD`;
  if (!isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return `${value} is not a date`;
  return instantRangeProblem(Date.parse(value), kind, now, value);
}

/** The ISO form of an instant, or its epoch ms where no Date can hold it. */
function describeInstant(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}

/**
 * A source's date-time text (or epoch-ms text) as a record field: epoch ms when it is one, else
 * the text itself, so the record schema rejects the record naming the value instead of the
 * connector dropping the date or `Date.parse` rolling 2026-02-31 over into March.
 */
export function sourceInstant(text: string): number | string {
  if (/^\d+$/.test(text)) return Number(text);
  const parsed = parseInstantText(text);
  return 'ms' in parsed ? parsed.ms : text;
}
