import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, offsetSpans, tableOffsetAt } from '../../../gateway/domain/calendar-days.js';
import { offsetAt } from '../../../gateway/domain/time-zone.js';

const at = (iso: string) => Date.parse(iso);
const hour = 3_600_000;

describe('calendarDaysBetween', () => {
  it('counts local dates, not 24-hour spans', () => {
    // 23:30 → 00:30 the next day in Berlin (CET): one hour, one date on.
    expect(
      calendarDaysBetween(at('2026-03-02T23:30+01:00'), at('2026-03-03T00:30+01:00'), 'Europe/Berlin'),
    ).toBe(1);
    // 14.65 × 24 h from 10:00 ends at 01:36 fifteen dates on; 14.4 × 24 h from 20:00 too.
    const ten = at('2026-03-10T10:00+01:00');
    expect(calendarDaysBetween(ten, ten + 14.65 * 24 * hour, 'Europe/Berlin')).toBe(15);
    const eight = at('2026-03-12T20:00+01:00');
    expect(calendarDaysBetween(eight, eight + 14.4 * 24 * hour, 'Europe/Berlin')).toBe(15);
    // The same instants are a different number of days apart in another zone.
    expect(calendarDaysBetween(at('2026-03-02T23:30+01:00'), at('2026-03-03T00:30+01:00'), 'UTC')).toBe(0);
    expect(
      calendarDaysBetween(at('2026-03-03T00:30+01:00'), at('2026-03-02T23:30+01:00'), 'Europe/Berlin'),
    ).toBe(-1);
  });

  it('counts the DST weeks of Europe/Berlin by their dates', () => {
    // Spring: Monday to Monday is 167 hours, 7 days; 00:30 CET to 23:30 CEST on the 29th is 22 hours, 0 days.
    expect(
      calendarDaysBetween(at('2026-03-23T00:30+01:00'), at('2026-03-30T00:30+02:00'), 'Europe/Berlin'),
    ).toBe(7);
    expect(
      calendarDaysBetween(at('2026-03-29T00:30+01:00'), at('2026-03-29T23:30+02:00'), 'Europe/Berlin'),
    ).toBe(0);
    // Autumn: Monday to Monday is 169 hours, 7 days; 00:10 CEST to 23:50 CET on the 25th is 24 h 40 min, 0 days.
    expect(
      calendarDaysBetween(at('2026-10-19T00:30+02:00'), at('2026-10-26T00:30+01:00'), 'Europe/Berlin'),
    ).toBe(7);
    expect(
      calendarDaysBetween(at('2026-10-25T00:10+02:00'), at('2026-10-25T23:50+01:00'), 'Europe/Berlin'),
    ).toBe(0);
  });
});

describe('the offset table the SQL form reads', () => {
  it('gives the offsets Intl gives, every 61 h 17 min and either side of each change, from 1970 to past the store’s horizon', () => {
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'America/Santiago',
      'Asia/Kathmandu',
      'America/Recife',
      'Asia/Gaza',
    ];
    const end = Date.UTC(new Date().getUTCFullYear() + 11, 0, 1);
    for (const zone of zones) {
      for (let ms = 0; ms < end; ms += 61 * hour + 17 * 60_000) {
        if (tableOffsetAt(ms, zone) !== offsetAt(ms, zone))
          expect([zone, ms, tableOffsetAt(ms, zone)]).toEqual([zone, ms, offsetAt(ms, zone)]);
      }
      for (const { from } of offsetSpans(zone).slice(1)) {
        for (const ms of [from - 1000, from]) expect(tableOffsetAt(ms, zone)).toBe(offsetAt(ms, zone));
      }
    }
  });

  it('finds each change to the second, and none in a zone without them', () => {
    const changes = offsetSpans('Europe/Berlin').map((span) => span.from);
    expect(changes).toContain(at('2026-03-29T01:00:00Z'));
    expect(changes).toContain(at('2026-10-25T01:00:00Z'));
    // Recife's week of summer time in October 2000 (6.96 days) is two changes, both found.
    const recife = offsetSpans('America/Recife').filter(
      (span) => span.from > at('2000-10-01T00:00Z') && span.from < at('2000-10-31T00:00Z'),
    );
    expect(recife.map((span) => span.offset)).toEqual([-2 * hour, -3 * hour]);
    expect(offsetSpans('UTC')).toEqual([{ from: Number.NEGATIVE_INFINITY, offset: 0 }]);
  });
});
