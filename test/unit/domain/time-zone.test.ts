import { describe, expect, it } from 'vitest';
import {
  instantOfWallClock,
  isoWeekdayOf,
  localDayOf,
  offsetAt,
  wallClockOf,
} from '../../../gateway/domain/time-zone.js';

const wall = (iso: string) => Date.parse(`${iso}Z`);
const instant = (iso: string, zone: string) => new Date(instantOfWallClock(wall(iso), zone)).toISOString();

describe('instantOfWallClock', () => {
  it('converts ordinary local times', () => {
    expect(instant('2026-01-12T09:00:00', 'America/New_York')).toBe('2026-01-12T14:00:00.000Z');
    expect(instant('2026-07-13T09:00:00', 'America/New_York')).toBe('2026-07-13T13:00:00.000Z');
    expect(instant('2026-07-13T09:00:00', 'Asia/Kathmandu')).toBe('2026-07-13T03:15:00.000Z');
  });

  it('moves a time skipped by spring-forward past the gap', () => {
    // 02:30 does not exist in New York on 2026-03-08: it becomes 03:30 EDT.
    expect(instant('2026-03-08T02:30:00', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(instant('2026-03-29T01:30:00', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of a time repeated by fall-back', () => {
    expect(instant('2026-11-01T01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(instant('2026-10-25T01:30:00', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('wall clock and local day', () => {
  it('reads offsets either side of a change', () => {
    expect(offsetAt(Date.parse('2026-03-08T06:59:59Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(offsetAt(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
  });

  it('finds the same local day as formatting the instant, in zones far from UTC', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'Asia/Kathmandu',
      'America/Santiago',
      'Australia/Lord_Howe',
    ];
    for (const zone of zones) {
      for (let ms = Date.UTC(2025, 11, 30); ms < Date.UTC(2027, 0, 2); ms += 5 * 3_600_000 + 17 * 60_000) {
        expect(localDayOf(ms, zone)).toBe(Math.floor(wallClockOf(ms, zone) / 86_400_000));
      }
    }
  });

  it('numbers ISO weekdays from Monday', () => {
    expect(isoWeekdayOf(0)).toBe(4); // 1970-01-01, a Thursday
    expect(isoWeekdayOf(Date.UTC(2026, 0, 12) / 86_400_000)).toBe(1);
    expect(isoWeekdayOf(Date.UTC(2026, 0, 18) / 86_400_000)).toBe(7);
    expect(isoWeekdayOf(-4)).toBe(7); // 1969-12-28, a Sunday
  });
});
