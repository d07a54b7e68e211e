/**
 * The metrics query's periods (gateway/metrics/breakdown/periods.ts): weeks from Monday, fiscal
 * quarters and years from the tenant's fiscal year start, their names, and the days they span.
 */
import { describe, expect, it } from 'vitest';
import { periodDays, periodLabel, periodStarts } from '../../gateway/metrics/breakdown/periods.js';

const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
const january = { timeZone: 'UTC', fiscalYearStart: 1 };
const april = { timeZone: 'Europe/Berlin', fiscalYearStart: 4 };

describe('periods', () => {
  it('weeks start on Monday and are named by ISO week', () => {
    const starts = periodStarts('WEEK', day('2026-01-01'), day('2026-01-14'), january);
    expect(starts.map(iso)).toEqual(['2025-12-29', '2026-01-05', '2026-01-12']);
    expect(starts.map((s) => periodLabel('WEEK', s, january))).toEqual(['2026-W01', '2026-W02', '2026-W03']);
  });

  it('months, and calendar quarters and years with a January fiscal start', () => {
    expect(periodStarts('MONTH', day('2026-01-15'), day('2026-03-01'), january).map(iso)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
    const quarters = periodStarts('QUARTER', day('2025-11-20'), day('2026-04-01'), january);
    expect(quarters.map(iso)).toEqual(['2025-10-01', '2026-01-01', '2026-04-01']);
    expect(quarters.map((q) => periodLabel('QUARTER', q, january))).toEqual([
      'FY2025 Q4',
      'FY2026 Q1',
      'FY2026 Q2',
    ]);
    expect(periodDays('QUARTER', day('2026-01-01'), january)).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
    });
  });

  it('a fiscal year from April: Q1 is April to June, named by the year it ends in', () => {
    const quarters = periodStarts('QUARTER', day('2026-02-10'), day('2026-07-01'), april);
    expect(quarters.map(iso)).toEqual(['2026-01-01', '2026-04-01', '2026-07-01']);
    expect(quarters.map((q) => periodLabel('QUARTER', q, april))).toEqual([
      'FY2026 Q4',
      'FY2027 Q1',
      'FY2027 Q2',
    ]);
    const years = periodStarts('YEAR', day('2026-02-10'), day('2026-05-01'), april);
    expect(years.map(iso)).toEqual(['2025-04-01', '2026-04-01']);
    expect(years.map((y) => periodLabel('YEAR', y, april))).toEqual(['FY2026', 'FY2027']);
    expect(periodDays('YEAR', day('2026-04-01'), april)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
  });
});
