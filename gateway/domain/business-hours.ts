/**
 * The SLA clock: time counted only in a tenant's business hours, in its time zone, holidays
 * excluded (DOMAIN.md "The service level agreement"). Runs once per handoff at ingest, so it
 * steps a day at a time and caches each day's opening hours as instants.
 */
import { instantOfWallClock, isoWeekdayOf, localDayOf } from './time-zone.js';

export { isValidTimeZone } from './time-zone.js';

export interface BusinessCalendar {
  /** IANA name, e.g. America/New_York. */
  timeZone: string;
  /** ISO weekdays that are business days: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local opening and closing hour, e.g. 9 and 17; fractions allowed (8.5 = 08:30), endHour up to 24. */
  startHour: number;
  endHour: number;
  /** Local dates 'YYYY-MM-DD' with no business hours. */
  holidays: string[];
}

export const defaultBusinessCalendar: BusinessCalendar = {
  timeZone: 'America/New_York',
  days: [1, 2, 3, 4, 5],
  startHour: 9,
  endHour: 17,
  holidays: [],
};

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** More than any SLA needs (about 2,700 years): past it the input is a bug, not a deadline. */
const MAX_DAYS = 1_000_000;

/**
 * The SLA deadline (DOMAIN.md SLA, business hours): the instant at which `hours` business hours
 * have elapsed after start. A start outside business hours counts from the next opening; a
 * deadline that falls exactly on a closing time stays there rather than moving to the next opening.
 */
export function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  if (!(hours >= 0) || !Number.isFinite(hours)) {
    throw new RangeError(`business hours to add must be a finite number >= 0, got ${hours}`);
  }
  assertCalendar(calendar);
  const startMs = start.getTime();
  let remaining = hours * HOUR_MS;
  let day = localDayOf(startMs, calendar.timeZone);
  for (let stepped = 0; stepped < MAX_DAYS; stepped++, day++) {
    const opening = openingHours(calendar, day);
    if (!opening) continue;
    const from = Math.max(opening.open, startMs);
    if (from >= opening.close) continue;
    const available = opening.close - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
  }
  throw new RangeError(
    `no SLA deadline within ${MAX_DAYS} days of ${start.toISOString()} for ${hours} business hours`,
  );
}

/** Business hours elapsed between two instants (DOMAIN.md SLA response clock), fractional; 0 if to <= from. */
export function businessHoursBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return 0;
  assertCalendar(calendar);
  const lastDay = localDayOf(toMs, calendar.timeZone);
  let elapsed = 0;
  for (let day = localDayOf(fromMs, calendar.timeZone); day <= lastDay; day++) {
    const opening = openingHours(calendar, day);
    if (!opening) continue;
    const overlap = Math.min(opening.close, toMs) - Math.max(opening.open, fromMs);
    if (overlap > 0) elapsed += overlap;
  }
  return elapsed / HOUR_MS;
}

interface OpeningHours {
  open: number;
  close: number;
}

/** Opening hours by calendar shape (zone, start, end), then by local day number. */
const openingCache = new Map<string, Map<number, OpeningHours>>();
const MAX_CACHED_DAYS = 100_000;

/** The instants a local day opens and closes, or undefined for a weekend day or holiday. */
function openingHours(calendar: BusinessCalendar, day: number): OpeningHours | undefined {
  if (!calendar.days.includes(isoWeekdayOf(day))) return undefined;
  if (holidayDays(calendar.holidays).has(day)) return undefined;
  const shape = `${calendar.timeZone}|${calendar.startHour}|${calendar.endHour}`;
  let byDay = openingCache.get(shape);
  if (!byDay) {
    byDay = new Map();
    openingCache.set(shape, byDay);
  }
  let opening = byDay.get(day);
  if (!opening) {
    // Converting per day (not adding 8 h to the opening) keeps DST days right: a day that
    // springs forward inside opening hours is an hour shorter.
    const midnight = day * DAY_MS;
    opening = {
      open: instantOfWallClock(midnight + calendar.startHour * HOUR_MS, calendar.timeZone),
      close: instantOfWallClock(midnight + calendar.endHour * HOUR_MS, calendar.timeZone),
    };
    if (byDay.size >= MAX_CACHED_DAYS) byDay.clear();
    byDay.set(day, opening);
  }
  return opening;
}

// Calendars usually come from one stored row reused for many handoffs: parse its holidays once.
const holidayCache = new WeakMap<readonly string[], Set<number>>();

function holidayDays(holidays: readonly string[]): Set<number> {
  let days = holidayCache.get(holidays);
  if (!days) {
    days = new Set(
      holidays.map((holiday) => {
        const midnight = /^\d{4}-\d{2}-\d{2}$/.test(holiday) ? Date.parse(holiday) : Number.NaN;
        if (Number.isNaN(midnight))
          throw new RangeError(`holiday must be a local date 'YYYY-MM-DD', got ${holiday}`);
        return midnight / DAY_MS;
      }),
    );
    holidayCache.set(holidays, days);
  }
  return days;
}

function assertCalendar(calendar: BusinessCalendar): void {
  const { startHour, endHour, days } = calendar;
  if (!(startHour >= 0 && endHour <= 24 && startHour < endHour)) {
    throw new RangeError(
      `business hours must satisfy 0 <= startHour < endHour <= 24, got ${startHour}–${endHour}`,
    );
  }
  if (!days.some((day) => Number.isInteger(day) && day >= 1 && day <= 7)) {
    throw new RangeError(`a business calendar needs at least one ISO weekday 1–7, got [${days.join(', ')}]`);
  }
}
