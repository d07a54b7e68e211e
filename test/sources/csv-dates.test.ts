/** Dates as CSV exports write them, in the mapping's time zone. */
import { describe, expect, it } from 'vitest';
import { dateParser } from '../../gateway/sources/csv/dates.js';
import { LineIndex } from '../../gateway/sources/csv/line-index.js';

const at = (iso: string) => Date.parse(iso);

describe('CSV dates', () => {
  it('reads ISO with an offset as written, and without one in the mapping’s zone', () => {
    const berlin = dateParser('iso', 'Europe/Berlin');
    expect(berlin('2026-01-20T08:12:00Z')).toBe(at('2026-01-20T08:12:00Z'));
    expect(berlin('2026-01-20T08:12:00+05:30')).toBe(at('2026-01-20T02:42:00Z'));
    expect(berlin('2026-01-20 08:12')).toBe(at('2026-01-20T07:12:00Z'));
    expect(berlin('2026-07-20')).toBe(at('2026-07-19T22:00:00Z'));
    expect(berlin('2026-02-30')).toBeNull();
    expect(berlin('20/01/2026')).toBeNull();
  });

  it('reads patterns, with the time part optional', () => {
    const european = dateParser('DD/MM/YYYY HH:mm', 'UTC');
    expect(european('14/01/2026 09:30')).toBe(at('2026-01-14T09:30:00Z'));
    expect(european('14/01/2026')).toBe(at('2026-01-14T00:00:00Z'));
    expect(european('31/02/2026')).toBeNull();
    expect(european('2026-01-14')).toBeNull();
    const american = dateParser('M/D/YYYY H:mm:ss', 'America/New_York');
    expect(american('3/8/2026 2:30:00')).toBe(at('2026-03-08T07:30:00Z')); // the DST gap moves forward
    expect(american('12/31/2025 23:59:59')).toBe(at('2026-01-01T04:59:59Z'));
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(dateParser('epoch-s', 'UTC')('1767225600')).toBe(1_767_225_600_000);
    expect(dateParser('epoch-ms', 'UTC')('1767225600123')).toBe(1_767_225_600_123);
    expect(dateParser('epoch-ms', 'UTC')('soon')).toBeNull();
  });

  it('refuses a format without a date or an unknown zone, saying what is expected', () => {
    expect(() => dateParser('HH:mm', 'UTC')).toThrow(
      "date format 'HH:mm' needs YYYY, MM (or M) and DD (or D), or use iso, epoch-ms or epoch-s",
    );
    expect(() => dateParser('iso', 'Mars/Olympus')).toThrow("unknown time zone 'Mars/Olympus'");
  });
});

describe('CSV line index', () => {
  it('maps record positions to lines, remembering only where they drift apart', () => {
    const lines = new LineIndex();
    for (let position = 0; position < 1000; position++) lines.add(position, position + 2);
    lines.add(1000, 1004); // a row with a two-line cell came before
    lines.add(1001, 1005);
    lines.add(1002, 1005); // one row, two records
    expect(lines.size).toBe(3);
    expect([
      lines.lineOf(0),
      lines.lineOf(999),
      lines.lineOf(1000),
      lines.lineOf(1001),
      lines.lineOf(1002),
    ]).toEqual([2, 1001, 1004, 1005, 1005]);
  });
});
