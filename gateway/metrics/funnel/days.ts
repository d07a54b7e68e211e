/**
 * The SQL form of calendarDaysBetween (gateway/domain/calendar-days.ts), for the metrics that count
 * days in a statement (funnel velocity, sales cycle): local day = floor((instant + offset) ÷ 24 h),
 * the offset picked from the zone's table of offset changes by a balanced tree of CASE tests, so
 * each row costs about log2(changes) comparisons (eight for a zone with summer time) in either
 * engine, with no time-zone support from the database.
 */
import { type Expression, type RawBuilder, sql } from 'kysely';
import { type OffsetSpan, offsetSpans } from '../../domain/calendar-days.js';

/** The offset of `at` among spans[low..high] (spans[low] holds at the low end). */
function offsetTree(
  at: Expression<unknown>,
  spans: OffsetSpan[],
  low: number,
  high: number,
): RawBuilder<number> {
  if (low === high) return sql<number>`${sql.lit(spans[low]!.offset)}`;
  const mid = Math.ceil((low + high) / 2);
  return sql<number>`case when ${at} < ${sql.lit(spans[mid]!.from)} then ${offsetTree(at, spans, low, mid - 1)} else ${offsetTree(at, spans, mid, high)} end`;
}

/** The local day number (days since 1970-01-01) of an instant column, in `timeZone`; null for null. */
export function localDaySql(at: Expression<unknown>, timeZone: string): RawBuilder<number | null> {
  const spans = offsetSpans(timeZone);
  // 86400000.0: a decimal divisor, so that PostgreSQL divides bigints exactly rather than truncating.
  return sql<number | null>`floor((${at} + ${offsetTree(at, spans, 0, spans.length - 1)}) / 86400000.0)`;
}

/** Calendar days from `from` to `to` in `timeZone`: the local date of `to` minus that of `from`. */
export function calendarDaysSql(
  from: Expression<unknown>,
  to: Expression<unknown>,
  timeZone: string,
): RawBuilder<number | null> {
  return sql<number | null>`(${localDaySql(to, timeZone)} - ${localDaySql(from, timeZone)})`;
}
