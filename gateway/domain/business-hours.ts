/**
 * The SLA clock: time counted only in a tenant's business hours, in its time zone, holidays
 * excluded (docs/domain.md "The service level agreement"). It walks the days at a span's ends and
 * crosses whole weeks in a step, each week's time worked out once per calendar from the zone's
 * offsets, so a span of centuries (an activity dated 9999-12-31) costs arithmetic, not days.
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

/** The work done, for tests: days walked one by one (a span's ends), weeks measured (then cached). */
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
  const weeks = weekReader(calendar);
  let walkUntil = firstDay + 1;
  for (let day = firstDay; day <= lastDay; ) {
    // Every day after the start's opens after start, so a whole week gives all its business time;
    // the deadline's week (remaining <= week) is walked day by day like the ends.
    if (weeks && day >= walkUntil && isoWeekdayOf(day) === 1 && day + 6 <= lastDay) {
      const week = weeks(day, day + 7);
      if (remaining > week) {
        [remaining, day] = [remaining - week, day + 7];
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
  const weeks = weekReader(calendar);
  let elapsed = 0;
  for (let day = firstDay; day <= lastDay; ) {
    // Days strictly between the ends' days open and close inside the span: they count whole.
    if (weeks && day > firstDay && isoWeekdayOf(day) === 1 && day + 7 <= lastDay) {
      const end = day + 7 * Math.floor((lastDay - day) / 7);
      elapsed += weeks(day, end);
      day = end;
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

type WeekSums = (fromMonday: number, toMonday: number) => number;

/**
 * Business time of the whole weeks from one Monday to a later one (excluded), holidays excluded,
 * equal to the sum of their days; undefined when only walking gives that. With opening and closing
 * on whole milliseconds (the API takes whole hours) every day's business time is a whole number of
 * ms, and sums of those are exact in any order (below 2^53 ms, 285,000 years).
 */
function weekReader(calendar: BusinessCalendar): WeekSums | undefined {
  if (!Number.isInteger(calendar.startHour * HOUR_MS) || !Number.isInteger(calendar.endHour * HOUR_MS))
    return undefined;
  // Week sums without holidays by week from FIRST_WEEK (NaN: not measured yet), then the cycle's.
  const key = `${calendar.timeZone}|${calendar.startHour}|${calendar.endHour}|${calendar.days.join(',')}`;
  const sums = cachedTable(weekSums, key, () => new Float64Array(CACHED_WEEKS + 1).fill(Number.NaN));
  const nominal = nominalWeekMs(calendar);
  const { sorted } = holidayDays(calendar.holidays);
  const weekMs = (week: number) => {
    const twin = week < FIRST_WEEK + CACHED_WEEKS ? week : FOLD_WEEK + ((week - FOLD_WEEK) % CYCLE_WEEKS);
    if (Number.isNaN(sums[twin - FIRST_WEEK])) sums[twin - FIRST_WEEK] = measureWeek(calendar, twin * 7 - 3);
    return sums[twin - FIRST_WEEK];
  };
  const cycleMs = () => {
    if (Number.isNaN(sums[CACHED_WEEKS])) {
      sums[CACHED_WEEKS] = 0;
      for (let week = FOLD_WEEK; week < FOLD_WEEK + CYCLE_WEEKS; week++) sums[CACHED_WEEKS] += weekMs(week);
    }
    return sums[CACHED_WEEKS];
  };
  return (fromMonday, toMonday) => {
    let [week, total] = [weekIndex(fromMonday), 0];
    const end = weekIndex(toMonday);
    const early = Math.max(week, Math.min(end, FIRST_WEEK));
    total += (early - week) * nominal;
    for (week = early; week < end && week < FIRST_WEEK + CACHED_WEEKS; week++) total += weekMs(week);
    // Past the cached span any 20,871 weeks in a row are one 400-year cycle.
    const cycles = Math.floor((end - week) / CYCLE_WEEKS);
    if (cycles > 0) [total, week] = [total + cycles * cycleMs(), week + cycles * CYCLE_WEEKS];
    for (; week < end; week++) total += weekMs(week);
    for (let i = firstAtOrAfter(sorted, fromMonday); i < sorted.length && sorted[i] < toMonday; i++) {
      if (calendar.days.includes(isoWeekdayOf(sorted[i]))) total -= dayMs(calendar, sorted[i]);
    }
    return total;
  };
}

/** Weeks since the one holding 1970-01-01 (its Monday, 1969-12-29, is day -3). */
const weekIndex = (day: number) => Math.floor((day + 3) / 7);

// Week sums are cached by week from 1800 to 2600. Before 1800 every zone keeps one offset (local
// mean time): a week is its nominal hours. From 2200 every zone follows its final yearly rule, and
// rules by weekday of the month repeat every 400 Gregorian years, exactly 20,871 weeks: a later
// week is its twin's in 2200–2600. Both checked for every zone Node knows (the unit tests).
const FIRST_WEEK = weekIndex(Date.UTC(1800, 0, 1) / DAY_MS);
const FOLD_WEEK = weekIndex(Date.UTC(2200, 0, 1) / DAY_MS);
const CYCLE_WEEKS = 20_871;
const CACHED_WEEKS = FOLD_WEEK + CYCLE_WEEKS - FIRST_WEEK;
const MAX_CACHED_CALENDARS = 32;

/** A few calendars' (or zones') tables: one stored policy serves a tenant's every handoff. */
function cachedTable<T>(tables: Map<string, T>, key: string, create: () => T): T {
  let table = tables.get(key);
  if (!table) {
    if (tables.size >= MAX_CACHED_CALENDARS) tables.clear();
    table = create();
    tables.set(key, table);
  }
  return table;
}

const weekSums = new Map<string, Float64Array>();

function measureWeek(calendar: BusinessCalendar, monday: number): number {
  businessHoursWork.weeksMeasured++;
  if (offsetSteady(calendar.timeZone, monday)) return nominalWeekMs(calendar);
  let week = 0;
  for (let day = monday; day < monday + 7; day++) {
    if (calendar.days.includes(isoWeekdayOf(day))) week += dayMs(calendar, day);
  }
  return week;
}

// Offsets are sampled every 3 days: the shortest summer time lasts 6.96 days (Recife 2000, Gaza
// 2040), when every zone is read day by day from 1800 to 2200; a shorter one would be missed.
const SAMPLE_DAYS = 3;
const FIRST_SAMPLE = Math.floor((FIRST_WEEK * 7 - 4) / SAMPLE_DAYS);
const UNSAMPLED = -(2 ** 31);
const offsetSamples = new Map<string, Int32Array>();

/** Whether a zone keeps one offset from the day before a week to the day after (what
 * instantOfWallClock reads for its openings): then each is the wall clock minus that offset. */
function offsetSteady(timeZone: string, monday: number): boolean {
  const samples = cachedTable(offsetSamples, timeZone, () =>
    new Int32Array(Math.ceil((CACHED_WEEKS * 7 + 9) / SAMPLE_DAYS) + 2).fill(UNSAMPLED),
  );
  let offset: number | undefined;
  for (
    let sample = Math.floor((monday - 1) / SAMPLE_DAYS);
    sample <= Math.ceil((monday + 8) / SAMPLE_DAYS);
    sample++
  ) {
    const i = sample - FIRST_SAMPLE;
    if (samples[i] === UNSAMPLED) samples[i] = offsetAt(sample * SAMPLE_DAYS * DAY_MS, timeZone);
    if (offset !== undefined && samples[i] !== offset) return false;
    offset = samples[i];
  }
  return true;
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
  const byDay = cachedTable(openingCache, shape, () => new Map<number, OpeningHours>());
  let opening = byDay.get(day);
  if (!opening) {
    // Converting per day (not adding 8 h to the opening) keeps DST days right: a day that
    // springs forward inside opening hours is an hour shorter.
    const wall = (hour: number) => instantOfWallClock(day * DAY_MS + hour * HOUR_MS, calendar.timeZone);
    opening = { open: wall(calendar.startHour), close: wall(calendar.endHour) };
    if (byDay.size >= MAX_CACHED_DAYS) byDay.clear();
    byDay.set(day, opening);
  }
  return opening;
}

/** Holidays as local day numbers, also in order to find a week's by binary search. */
type Holidays = { days: Set<number>; sorted: number[] };

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
