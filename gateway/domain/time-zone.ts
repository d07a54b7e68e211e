/**
 * Wall-clock time in an IANA time zone, with Intl only (no date library). "Wall-clock ms" are
 * local date-times written on a UTC timeline (Date.UTC(y, m, d, h)), so date arithmetic on them
 * is plain arithmetic and never meets a DST change.
 */

// Building an Intl.DateTimeFormat costs far more than using one; the SLA clock runs per handoff.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown time zone: ${timeZone} (expected an IANA name such as America/New_York)`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows this IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Dates end at 8.64e15 ms (+275760-09-13) and Intl throws a RangeError past it; callers probe a
 * day either side, so the zone is read two days inside the edge and its offset there carried on.
 * Early years are misread too (Intl writes 1 BC as "1", Date.UTC takes 0–99 as 1900–1999), so
 * before year 100 the zone is read at its start instead.
 */
const LAST_READABLE_MS = 8.64e15 - 2 * 86_400_000;
const FIRST_READABLE_MS = Date.UTC(100, 0, 3);

/** The local wall-clock time of an instant in a zone, as wall-clock ms (NaN for NaN). */
export function wallClockOf(instantMs: number, timeZone: string): number {
  if (Number.isNaN(instantMs)) return Number.NaN;
  const readable = Math.min(Math.max(instantMs, FIRST_READABLE_MS), LAST_READABLE_MS);
  if (readable !== instantMs) return instantMs + (wallClockOf(readable, timeZone) - readable);
  const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const millis = ((instantMs % 1000) + 1000) % 1000;
  // Some engines print midnight as 24 despite h23; that is hour 0 of the same date, not of the next.
  return Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour % 24,
    fields.minute,
    fields.second,
    millis,
  );
}

/** UTC offset of a zone at an instant, in ms (wall clock minus instant). */
export function offsetAt(instantMs: number, timeZone: string): number {
  return wallClockOf(instantMs, timeZone) - instantMs;
}

const DAY_MS = 86_400_000;

/**
 * The instant a local wall-clock time happens. Like Temporal's 'compatible' disambiguation:
 * a time skipped by a spring-forward gap moves forward by the gap (02:30 → 03:30), a time
 * repeated by a fall-back overlap takes its first occurrence.
 */
export function instantOfWallClock(wallMs: number, timeZone: string): number {
  // A day either side is far outside any offset (±14 h), so these are the offsets around the wall time.
  const offsetBefore = offsetAt(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wallMs + DAY_MS, timeZone);
  const withOffsetBefore = wallMs - offsetBefore;
  if (offsetBefore === offsetAfter) return withOffsetBefore;
  const withOffsetAfter = wallMs - offsetAfter;
  const beforeHolds = offsetAt(withOffsetBefore, timeZone) === offsetBefore;
  const afterHolds = offsetAt(withOffsetAfter, timeZone) === offsetAfter;
  if (beforeHolds && afterHolds) return Math.min(withOffsetBefore, withOffsetAfter);
  if (afterHolds) return withOffsetAfter;
  // Only the old offset holds, or neither (a gap: the offset grew, so the old one gives the later instant).
  return withOffsetBefore;
}

/** Instant each local day starts, by zone then day number. */
const midnights = new Map<string, Map<number, number>>();
const MAX_CACHED_DAYS = 100_000;

/** The instant a local day (days since 1970-01-01) begins in a zone. */
export function startOfLocalDay(localDay: number, timeZone: string): number {
  let byDay = midnights.get(timeZone);
  if (!byDay) {
    byDay = new Map();
    midnights.set(timeZone, byDay);
  }
  let start = byDay.get(localDay);
  if (start === undefined) {
    // 'compatible' puts a midnight skipped by DST at the end of the gap: the day's first instant.
    start = instantOfWallClock(localDay * DAY_MS, timeZone);
    if (byDay.size >= MAX_CACHED_DAYS) byDay.clear();
    byDay.set(localDay, start);
  }
  return start;
}

/** Days since 1970-01-01 of the local date of an instant. */
export function localDayOf(instantMs: number, timeZone: string): number {
  // Offsets stay within ±14 h, so the local day is the UTC day or a neighbour; comparing with
  // cached midnights costs two map look-ups where formatting the instant costs microseconds.
  const utcDay = Math.floor(instantMs / DAY_MS);
  if (instantMs >= startOfLocalDay(utcDay + 1, timeZone)) return utcDay + 1;
  if (instantMs >= startOfLocalDay(utcDay, timeZone)) return utcDay;
  return utcDay - 1;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day number. */
export function isoWeekdayOf(localDay: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((localDay + 3) % 7) + 7) % 7) + 1;
}
