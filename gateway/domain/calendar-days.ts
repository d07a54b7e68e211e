/**
 * Calendar days between two instants in a time zone (docs/domain.md "Days"): the local date of
 * the later minus the local date of the earlier, as every CRM counts them. A stage entered at
 * 23:30 and the next at 00:30 the following day is 1 day apart; 14.65 × 24 hours spanning 15
 * local dates is 15 days; a DST change shortens or lengthens a day but never adds one.
 *
 * The metrics compute days in SQL as well, where neither engine converts time zones the same way
 * (SQLite not at all). The SQL form (gateway/metrics/funnel/days.ts) adds the zone's UTC offset
 * before dividing by 24 hours, and reads that offset from the table of offset changes below: the
 * same offsets Intl gives localDayOf, over every instant the store accepts (instants.ts).
 */
import { latestInstant } from './instants.js';
import { localDayOf, offsetAt } from './time-zone.js';

const DAY_MS = 86_400_000;

/** Local date of `toMs` minus local date of `fromMs` in `timeZone`; negative when `toMs` is earlier. */
export function calendarDaysBetween(fromMs: number, toMs: number, timeZone: string): number {
  return localDayOf(toMs, timeZone) - localDayOf(fromMs, timeZone);
}

/** From `from` (inclusive) until the next span's `from`, the zone's UTC offset is `offset` ms. */
export interface OffsetSpan {
  from: number;
  offset: number;
}

/**
 * Stored instants lie between 1970 and now + 10 years (instants.ts); the table reaches a little
 * further each way, and outside it the offset at its edge holds (a row the store would refuse).
 */
const TABLE_START = -2 * DAY_MS;
function tableEnd(now: number): number {
  return Date.UTC(new Date(latestInstant('planned', now)).getUTCFullYear() + 2, 0, 1);
}

/**
 * Offsets are read every 6 days and each change found by bisection to the second (the time zone
 * database changes offsets on whole seconds). The shortest summer time on record lasted 6.96 days
 * (America/Recife, October 2000; Asia/Gaza's Ramadan breaks come close): a longer step could
 * step over both of its changes.
 */
const STEP_MS = 6 * DAY_MS;

const tables = new Map<string, OffsetSpan[]>();

/**
 * The zone's offset changes from before 1970 to past the latest date the store accepts, the first
 * span starting at -Infinity. One span for a zone without changes (UTC, Asia/Kolkata).
 */
export function offsetSpans(timeZone: string, now = Date.now()): OffsetSpan[] {
  const end = tableEnd(now);
  const key = `${timeZone}\u0000${end}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const spans: OffsetSpan[] = [{ from: Number.NEGATIVE_INFINITY, offset: offsetAt(TABLE_START, timeZone) }];
  let at = TABLE_START;
  let offset = spans[0]!.offset;
  while (at < end) {
    const next = Math.min(at + STEP_MS, end);
    const nextOffset = offsetAt(next, timeZone);
    if (nextOffset !== offset) {
      // The first second with the new offset lies in (at, next].
      let low = Math.floor(at / 1000);
      let high = Math.floor(next / 1000);
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (offsetAt(mid * 1000, timeZone) === offset) low = mid;
        else high = mid;
      }
      spans.push({ from: high * 1000, offset: nextOffset });
      offset = nextOffset;
    }
    at = next;
  }
  tables.set(key, spans);
  return spans;
}

/** The offset the table gives an instant: what the SQL form adds. */
export function tableOffsetAt(instantMs: number, timeZone: string, now = Date.now()): number {
  const spans = offsetSpans(timeZone, now);
  let low = 0;
  let high = spans.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (spans[mid]!.from <= instantMs) low = mid;
    else high = mid - 1;
  }
  return spans[low]!.offset;
}
