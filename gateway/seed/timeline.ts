/**
 * The demo's history: `years` up to `now`, with volume growing towards `now` the way a company
 * that buys this product grows. Times are epoch ms inside the generator and ISO strings in records.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface Timeline {
  start: number;
  now: number;
}

export function timelineOf(now: Date, years: number): Timeline {
  const end = now.getTime();
  return { start: end - Math.round(years * 365.25 * DAY), now: end };
}

/**
 * Recent volume about twice the oldest: a linear density 1 + growth·x over the history
 * (x from 0 to 1), drawn by inverting its distribution function.
 */
export function pickGrowingTime(draw: number, timeline: Timeline, growth = 1): number {
  const x = (-1 + Math.sqrt(1 + 2 * growth * draw * (1 + growth / 2))) / growth;
  return timeline.start + x * (timeline.now - timeline.start);
}

/** Two- and three-digit strings, so a time of day is four array reads. */
const pad2 = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
const pad3 = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));
/** 'YYYY-MM-DDT' by day number: a history has a few thousand days. */
const dayPrefixes = new Map<number, string>();

/**
 * An instant as ISO-8601 UTC, the same as Date#toISOString. Written by hand because toISOString
 * was over a quarter of the generator's time at a million touches.
 */
export function iso(ms: number): string {
  const whole = Math.floor(ms);
  const day = Math.floor(whole / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = whole - day * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = Math.floor(rest / 1000);
  return `${prefix}${pad2[hours]}:${pad2[minutes]}:${pad2[seconds]}.${pad3[rest - seconds * 1000]}Z`;
}

/** 'YYYY-MM-DD' of an instant in UTC: campaign dates, which carry no zone. */
export function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}

/** 'YYYY-MM' of an instant in UTC: the period of a campaign cost. */
export function isoMonth(ms: number): string {
  return iso(ms).slice(0, 7);
}

/** Months since 1970-01 of an instant in UTC: cheap month arithmetic for campaign look-ups. */
export function monthNumber(ms: number): number {
  const date = new Date(ms);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

/** The instant a month number starts (UTC). */
export function monthStart(month: number): number {
  return Date.UTC(1970 + Math.floor(month / 12), month % 12, 1);
}
