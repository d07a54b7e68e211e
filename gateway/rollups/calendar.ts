/**
 * Local days of a tenant's time zone: rows are dated in JavaScript (neither engine converts time
 * zones the same way, SQLite not at all), and a run of days becomes the instants to query.
 */
import { localDayOf, startOfLocalDay } from '../domain/time-zone.js';

/** An inclusive run of local days. */
/** A range of local day numbers, inclusive; open ends are the widest integers (metrics/filter.ts). */
export interface DayRange {
  first: number;
  last: number;
}

export interface DayRun {
  first: number;
  last: number;
}

/** The local day of an instant, and the instants bounding a run of days. */
export const dayOf = localDayOf;
export function instantsOf(run: DayRun, timeZone: string): { fromMs: number; toMs: number } {
  return { fromMs: startOfLocalDay(run.first, timeZone), toMs: startOfLocalDay(run.last + 1, timeZone) };
}

/** Sorted days grouped into runs of consecutive days: each run is one range query. */
export function runsOf(days: Iterable<number>): DayRun[] {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: DayRun[] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run && day <= run.last + 1) run.last = day;
    else runs.push({ first: day, last: day });
  }
  return runs;
}

/** A local day's month as year × 12 + month − 1 (day numbers count local dates, so UTC fields read them). */
export function monthOf(day: number): number {
  const date = new Date(day * 86_400_000);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The first local day of a month number. */
export function firstDayOf(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / 86_400_000;
}

/**
 * A run of days as the whole months inside it and the days left over at either end; open ends
 * (beyond any data) count as whole months.
 */
export function splitByMonth(first: number, last: number): { months: DayRun | null; days: DayRun[] } {
  const clampedFirst = Math.max(first, -1_000_000);
  const clampedLast = Math.min(last, 1_000_000);
  const firstMonth = monthOf(clampedFirst) + (firstDayOf(monthOf(clampedFirst)) === clampedFirst ? 0 : 1);
  const lastMonth = monthOf(clampedLast) - (firstDayOf(monthOf(clampedLast) + 1) - 1 === clampedLast ? 0 : 1);
  if (firstMonth > lastMonth) return { months: null, days: [{ first, last }] };
  const days: DayRun[] = [];
  if (firstDayOf(firstMonth) > first) days.push({ first, last: firstDayOf(firstMonth) - 1 });
  if (firstDayOf(lastMonth + 1) - 1 < last) days.push({ first: firstDayOf(lastMonth + 1), last });
  return { months: { first: firstMonth, last: lastMonth }, days };
}
