/**
 * Time grains: which period an instant falls in, in the tenant's zone and fiscal year. A period is
 * named by the local day number of its first day. Days and weeks are arithmetic on the local day
 * (localDaySql); months, quarters and years are a balanced CASE tree over the periods' first
 * days, so neither engine needs date functions and both agree to the day.
 */
import { type Expression, type RawBuilder, sql } from 'kysely';
import { monthOf } from '../../rollups/calendar.js';

export const timeGrains = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type TimeGrain = (typeof timeGrains)[number];

export interface Calendar {
  timeZone: string;
  /** Month the fiscal year starts in, 1 (January) to 12. */
  fiscalYearStart: number;
}

const dayMs = 86_400_000;
const isoOf = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);
const dayOf = (year: number, month0: number) => Math.round(Date.UTC(year, month0, 1) / dayMs);

/** Months a period of `grain` spans (months, quarters and years only). */
const monthsIn = { MONTH: 1, QUARTER: 3, YEAR: 12 } as const;

/** First days of the periods of `grain` from the one holding day `first` to the one holding `last`. */
export function periodStarts(grain: TimeGrain, first: number, last: number, calendar: Calendar): number[] {
  if (grain === 'DAY') return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  if (grain === 'WEEK') {
    const monday = weekStart(first);
    return Array.from({ length: Math.floor((last - monday) / 7) + 1 }, (_, i) => monday + 7 * i);
  }
  const step = monthsIn[grain];
  const date = new Date(first * dayMs);
  // Months since the fiscal year's first month, so quarters and years start where the company's do.
  const offset = grain === 'MONTH' ? 0 : calendar.fiscalYearStart - 1;
  let month = date.getUTCFullYear() * 12 + date.getUTCMonth() - offset;
  month = month - (((month % step) + step) % step) + offset;
  const starts: number[] = [];
  for (let day = dayOf(Math.floor(month / 12), month % 12); day <= last; ) {
    starts.push(day);
    month += step;
    day = dayOf(Math.floor(month / 12), month % 12);
  }
  return starts;
}

/** Monday of the ISO week holding local day `day` (day 0, 1970-01-01, was a Thursday). */
function weekStart(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

/**
 * The period of a local day column, as the day number of the period's first day. `starts` are the
 * periods the range can hold (periodStarts); a day before the first counts in the first.
 */
export function periodSql(grain: TimeGrain, day: Expression<unknown>, starts: number[]): RawBuilder<number> {
  if (grain === 'DAY') return sql<number>`cast(${day} as integer)`;
  // The day numbers are positive (instants before 1970 are refused), so % is the true remainder.
  if (grain === 'WEEK') return sql<number>`cast(${day} - ((${day} + 3) % 7) as integer)`;
  return tree(day, starts, starts, 0, starts.length - 1);
}

/**
 * The period of a month number column (rollups' monthly twins, year × 12 + month − 1), for grains
 * whose periods start on a month's first day (MONTH, QUARTER, YEAR): the same tree over the
 * periods' first months, answering the period's first day as periodSql does.
 */
export function periodOfMonthSql(month: Expression<unknown>, starts: number[]): RawBuilder<number> {
  return tree(month, starts.map(monthOf), starts, 0, starts.length - 1);
}

/** The value of the last bound ≤ `at` (the first value below every bound). */
function tree(
  at: Expression<unknown>,
  bounds: number[],
  values: number[],
  low: number,
  high: number,
): RawBuilder<number> {
  if (low >= high) return sql<number>`${sql.lit(values[low] ?? 0)}`;
  const mid = Math.ceil((low + high) / 2);
  return sql<number>`case when ${at} < ${sql.lit(bounds[mid]!)} then ${tree(at, bounds, values, low, mid - 1)} else ${tree(at, bounds, values, mid, high)} end`;
}

/**
 * A period's name: 2026-03-05 (day), 2026-W10 (ISO week), 2026-03 (month), FY2026 Q1 and FY2026
 * (fiscal quarter and year, named by the calendar year the fiscal year ends in, as most companies
 * whose year starts after January do; with a January start the fiscal year is the calendar year).
 */
export function periodLabel(grain: TimeGrain, start: number, calendar: Calendar): string {
  const iso = isoOf(start);
  if (grain === 'DAY') return iso;
  if (grain === 'MONTH') return iso.slice(0, 7);
  if (grain === 'WEEK') {
    const thursday = new Date((start + 3) * dayMs);
    const year = thursday.getUTCFullYear();
    const week = Math.floor((start + 3 - dayOf(year, 0)) / 7) + 1;
    return `${year}-W${String(week).padStart(2, '0')}`;
  }
  const date = new Date(start * dayMs);
  const months = date.getUTCFullYear() * 12 + date.getUTCMonth() - (calendar.fiscalYearStart - 1);
  const fiscalYear = Math.floor(months / 12) + (calendar.fiscalYearStart === 1 ? 0 : 1);
  if (grain === 'YEAR') return `FY${fiscalYear}`;
  return `FY${fiscalYear} Q${Math.floor((((months % 12) + 12) % 12) / 3) + 1}`;
}

/** A period's first day and the day after its last, as ISO dates for a filter: [from, to]. */
export function periodDays(
  grain: TimeGrain,
  start: number,
  calendar: Calendar,
): { from: string; to: string } {
  const next = periodStarts(grain, start, start + 400, calendar).find((day) => day > start) ?? start + 1;
  return { from: isoOf(start), to: isoOf(next - 1) };
}

export { isoOf as isoDay };
