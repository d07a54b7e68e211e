/**
 * The SLA clock: time counted only in a tenant's business hours, in its time zone, holidays
 * excluded (docs/domain.md "The service level agreement"). Runs once per handoff and per first touch
 * at ingest, on instants anyone can send (an activity dated 9999-12-31), so it walks only the days
 * at the ends of a span one by one and crosses whole weeks in one step each: a week's business
 * time is worked out once per calendar from the time zone's offsets and cached.
 */
import { instantOfWallClock, isoWeekdayOf, localDayOf, offsetAt } from './time-zone.js';

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
 * The work the clock did, for tests that prove a span costs weeks rather than days: days walked
 * one by one (the ends of a span), and weeks measured from the time zone (then cached, and a
 * bounded number: see weekIndex).
 */
export const businessHoursWork = { daysWalked: 0, weeksMeasured: 0 };

/**
 * The SLA deadline (docs/domain.md SLA, business hours): the instant at which `hours` business hours
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
  const firstDay = localDayOf(startMs, calendar.timeZone);
  const lastDay = firstDay + MAX_DAYS - 1;
  const weekly = countsWholeWeeks(calendar);
  let walkUntil = firstDay + 1;
  for (let day = firstDay; day <= lastDay; ) {
    // Every day after the start's opens after start, so a whole week gives all its business time;
    // the deadline's week (remaining <= week) is walked day by day like the ends.
    if (weekly && day >= walkUntil && isoWeekdayOf(day) === 1 && day + 6 <= lastDay) {
      const week = wholeWeekMs(calendar, day);
      if (remaining > week) {
        remaining -= week;
        day += 7;
        continue;
      }
      walkUntil = day + 7;
    }
    businessHoursWork.daysWalked++;
    const opening = openingHours(calendar, day++);
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

/** Business hours elapsed between two instants (docs/domain.md SLA response clock), fractional; 0 if to <= from. */
export function businessHoursBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return 0;
  assertCalendar(calendar);
  const lastDay = localDayOf(toMs, calendar.timeZone);
  const firstDay = localDayOf(fromMs, calendar.timeZone);
  const weekly = countsWholeWeeks(calendar);
  let elapsed = 0;
  for (let day = firstDay; day <= lastDay; ) {
    // Days strictly between the ends' days open and close inside the span: they count whole.
    if (weekly && day > firstDay && isoWeekdayOf(day) === 1 && day + 7 <= lastDay) {
      elapsed += wholeWeekMs(calendar, day);
      day += 7;
      continue;
    }
    businessHoursWork.daysWalked++;
    const opening = openingHours(calendar, day++);
    if (!opening) continue;
    const overlap = Math.min(opening.close, toMs) - Math.max(opening.open, fromMs);
    if (overlap > 0) elapsed += overlap;
  }
  return elapsed / HOUR_MS;
}

/**
 * Whether whole weeks may be summed in one step and give the same number as adding their days:
 * with opening and closing on whole milliseconds every day's business time is a whole number of
 * milliseconds, and sums of those are exact in any order (below 2^53 ms, 285,000 years). The API
 * takes whole hours; any other calendar is walked a day at a time.
 */
function countsWholeWeeks(calendar: BusinessCalendar): boolean {
  return Number.isInteger(calendar.startHour * HOUR_MS) && Number.isInteger(calendar.endHour * HOUR_MS);
}

/** Business time of the week starting on a Monday, holidays excluded, as its days would add up. */
function wholeWeekMs(calendar: BusinessCalendar, monday: number): number {
  let week = weekWithoutHolidays(calendar, monday);
  const { sorted } = holidayDays(calendar.holidays);
  for (let i = firstAtOrAfter(sorted, monday); i < sorted.length && sorted[i] < monday + 7; i++) {
    if (calendar.days.includes(isoWeekdayOf(sorted[i]))) week -= dayMs(calendar, sorted[i]);
  }
  return week;
}

/*
 * Week sums are cached by week number from 1800 to 2600. Before 1800 every zone keeps one offset
 * (local mean time), so a week is its nominal hours. From 2200 on every zone follows its final
 * yearly rule, and rules by weekday of the month repeat every 400 Gregorian years, which are exactly
 * 20,871 weeks: a later week is the same as its twin in 2200–2600. Both checked for every zone
 * Node knows (test/unit/domain/business-hours.test.ts).
 */
const FIRST_WEEK = weekIndex(Date.UTC(1800, 0, 1) / DAY_MS);
const FOLD_WEEK = weekIndex(Date.UTC(2200, 0, 1) / DAY_MS);
const CYCLE_WEEKS = 20_871;
const CACHED_WEEKS = FOLD_WEEK + CYCLE_WEEKS - FIRST_WEEK;
const MAX_CACHED_CALENDARS = 32;

/** Weeks since the one holding 1970-01-01 (its Monday, 1969-12-29, is day -3). */
function weekIndex(day: number): number {
  return Math.floor((day + 3) / 7);
}

const weekSums = new Map<string, Float64Array>();

function weekWithoutHolidays(calendar: BusinessCalendar, monday: number): number {
  const week = weekIndex(monday);
  if (week < FIRST_WEEK) return nominalWeekMs(calendar);
  const twin = week < FIRST_WEEK + CACHED_WEEKS ? week : FOLD_WEEK + ((week - FOLD_WEEK) % CYCLE_WEEKS);
  const key = `${calendar.timeZone}|${calendar.startHour}|${calendar.endHour}|${calendar.days.join(',')}`;
  let sums = weekSums.get(key);
  if (!sums) {
    if (weekSums.size >= MAX_CACHED_CALENDARS) weekSums.clear();
    sums = new Float64Array(CACHED_WEEKS).fill(Number.NaN);
    weekSums.set(key, sums);
  }
  let sum = sums[twin - FIRST_WEEK];
  if (Number.isNaN(sum)) {
    sum = measureWeek(calendar, twin * 7 - 3);
    sums[twin - FIRST_WEEK] = sum;
  }
  return sum;
}

function measureWeek(calendar: BusinessCalendar, monday: number): number {
  businessHoursWork.weeksMeasured++;
  // With one offset around the whole week (and the day either side that instantOfWallClock
  // looks at), every opening is the wall clock minus that offset: the nominal hours.
  if (offsetSteady(calendar.timeZone, weekIndex(monday))) {
    return nominalWeekMs(calendar);
  }
  let week = 0;
  for (let day = monday; day < monday + 7; day++) {
    if (calendar.days.includes(isoWeekdayOf(day))) week += dayMs(calendar, day);
  }
  return week;
}

const offsetSamples = new Map<string, Float64Array>();

/**
 * Whether a zone's offset is the same from the Sunday before a week to the Sunday after the next:
 * sampled every 7 days, which misses only a change undone within 7 days (no zone has one).
 */
function offsetSteady(timeZone: string, week: number): boolean {
  let samples = offsetSamples.get(timeZone);
  if (!samples) {
    if (offsetSamples.size >= MAX_CACHED_CALENDARS) offsetSamples.clear();
    samples = new Float64Array(CACHED_WEEKS + 2).fill(Number.NaN);
    offsetSamples.set(timeZone, samples);
  }
  const sample = (i: number) => {
    if (Number.isNaN(samples[i])) samples[i] = offsetAt(((FIRST_WEEK + i) * 7 - 4) * DAY_MS, timeZone);
    return samples[i];
  };
  const i = week - FIRST_WEEK;
  return sample(i) === sample(i + 1) && sample(i + 1) === sample(i + 2);
}

/** A week's business time when no offset changes: its business days times the opening hours. */
function nominalWeekMs(calendar: BusinessCalendar): number {
  const days = [1, 2, 3, 4, 5, 6, 7].filter((weekday) => calendar.days.includes(weekday)).length;
  return days * (calendar.endHour * HOUR_MS - calendar.startHour * HOUR_MS);
}

/** A whole day's business time as the walk counts it: none when DST swallows the opening hours. */
function dayMs(calendar: BusinessCalendar, day: number): number {
  const { open, close } = openingInstants(calendar, day);
  return Math.max(0, close - open);
}

type OpeningHours = { open: number; close: number };

/** The instants a local day opens and closes, or undefined for a weekend day or holiday. */
function openingHours(calendar: BusinessCalendar, day: number): OpeningHours | undefined {
  if (!calendar.days.includes(isoWeekdayOf(day))) return undefined;
  if (holidayDays(calendar.holidays).days.has(day)) return undefined;
  return openingInstants(calendar, day);
}

/** Opening hours by calendar shape (zone, start, end), then by local day number. */
const openingCache = new Map<string, Map<number, OpeningHours>>();
const MAX_CACHED_DAYS = 100_000;

function openingInstants(calendar: BusinessCalendar, day: number): OpeningHours {
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

interface Holidays {
  days: Set<number>;
  /** The same days in order, to find a week's holidays by binary search. */
  sorted: number[];
}

// Calendars usually come from one stored row reused for many handoffs: parse its holidays once.
const holidayCache = new WeakMap<readonly string[], Holidays>();

function holidayDays(holidays: readonly string[]): Holidays {
  let parsed = holidayCache.get(holidays);
  if (!parsed) {
    const days = new Set(
      holidays.map((holiday) => {
        const midnight = /^\d{4}-\d{2}-\d{2}$/.test(holiday) ? Date.parse(holiday) : Number.NaN;
        if (Number.isNaN(midnight))
          throw new RangeError(`holiday must be a local date 'YYYY-MM-DD', got ${holiday}`);
        return midnight / DAY_MS;
      }),
    );
    parsed = { days, sorted: [...days].sort((a, b) => a - b) };
    holidayCache.set(holidays, parsed);
  }
  return parsed;
}

function firstAtOrAfter(sorted: number[], day: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < day) low = middle + 1;
    else high = middle;
  }
  return low;
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
