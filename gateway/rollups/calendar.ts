/**
 * Local days of a tenant's time zone: rows are dated in JavaScript (neither engine converts time
 * zones the same way, SQLite not at all), and a run of days becomes the instants to query.
 */
import { localDayOf, startOfLocalDay } from '../domain/time-zone.js';

/** An inclusive run of local days. */
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
