import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  type BusinessCalendar,
  businessHoursBetween,
  defaultBusinessCalendar,
  isValidTimeZone,
} from '../../../gateway/domain/business-hours.js';
import { instantOfWallClock, isoWeekdayOf, localDayOf } from '../../../gateway/domain/time-zone.js';

// Expected instants are written in UTC; New York is UTC−5 in winter (EST), UTC−4 in summer (EDT).
const at = (iso: string) => new Date(iso);
const newYork = defaultBusinessCalendar;
const london: BusinessCalendar = { ...newYork, timeZone: 'Europe/London' };
const allHours: BusinessCalendar = { ...newYork, days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 };
const deadline = (start: string, hours: number, calendar = newYork) =>
  addBusinessHours(at(start), hours, calendar).toISOString();

describe('addBusinessHours within a week (New York, Mon–Fri 9–17)', () => {
  it('counts from a start in the middle of the day', () => {
    // Mon 2026-01-12 10:00 EST + 4 h = 14:00 EST
    expect(deadline('2026-01-12T15:00:00Z', 4)).toBe('2026-01-12T19:00:00.000Z');
  });

  it('carries what is left at closing to the next morning', () => {
    // Mon 15:00 + 4 h = 2 h Monday + 2 h Tuesday → Tue 11:00 EST
    expect(deadline('2026-01-12T20:00:00Z', 4)).toBe('2026-01-13T16:00:00.000Z');
  });

  it('counts a start before opening from the opening', () => {
    // Mon 07:00 EST + 1 h → 10:00 EST
    expect(deadline('2026-01-12T12:00:00Z', 1)).toBe('2026-01-12T15:00:00.000Z');
  });

  it('counts a start after closing from the next opening', () => {
    // Mon 18:00 EST + 1 h → Tue 10:00 EST
    expect(deadline('2026-01-12T23:00:00Z', 1)).toBe('2026-01-13T15:00:00.000Z');
  });

  it('ends at closing time when the hours run out exactly then', () => {
    expect(deadline('2026-01-12T14:00:00Z', 8)).toBe('2026-01-12T22:00:00.000Z');
  });

  it('takes zero hours as the start, or the next opening outside hours', () => {
    expect(deadline('2026-01-12T15:30:00Z', 0)).toBe('2026-01-12T15:30:00.000Z');
    expect(deadline('2026-01-12T12:00:00Z', 0)).toBe('2026-01-12T14:00:00.000Z');
  });

  it('allows fractional hours and half-hour openings', () => {
    const halfPast: BusinessCalendar = { ...newYork, startHour: 8.5, endHour: 17.5 };
    // Mon 08:00 EST, opens 08:30, + 1.25 h → 09:45 EST
    expect(deadline('2026-01-12T13:00:00Z', 1.25, halfPast)).toBe('2026-01-12T14:45:00.000Z');
  });
});

describe('addBusinessHours over weekends and holidays', () => {
  it('skips the weekend', () => {
    // Fri 2026-01-16 16:00 EST + 2 h → Mon 10:00 EST
    expect(deadline('2026-01-16T21:00:00Z', 2)).toBe('2026-01-19T15:00:00.000Z');
    // Saturday noon + 1 h → Mon 10:00 EST
    expect(deadline('2026-01-17T17:00:00Z', 1)).toBe('2026-01-19T15:00:00.000Z');
  });

  it('skips a holiday in the local calendar', () => {
    const mlkDay: BusinessCalendar = { ...newYork, holidays: ['2026-01-19'] };
    expect(deadline('2026-01-16T21:00:00Z', 2, mlkDay)).toBe('2026-01-20T15:00:00.000Z');
  });

  it('spans weeks: 80 h from Mon 09:00 is the second Friday 17:00, a holiday adds a day', () => {
    expect(deadline('2026-01-12T14:00:00Z', 80)).toBe('2026-01-23T22:00:00.000Z');
    const mlkDay: BusinessCalendar = { ...newYork, holidays: ['2026-01-19'] };
    expect(deadline('2026-01-12T14:00:00Z', 80, mlkDay)).toBe('2026-01-26T22:00:00.000Z');
  });
});

describe('addBusinessHours across DST changes', () => {
  it('New York springs forward on Sun 2026-03-08: Monday opens at 13:00Z, not 14:00Z', () => {
    // Fri 16:00 EST (21:00Z) + 2 h → Mon 10:00 EDT (14:00Z)
    expect(deadline('2026-03-06T21:00:00Z', 2)).toBe('2026-03-09T14:00:00.000Z');
  });

  it('New York falls back on Sun 2026-11-01', () => {
    // Fri 16:00 EDT (20:00Z) + 2 h → Mon 10:00 EST (15:00Z)
    expect(deadline('2026-10-30T20:00:00Z', 2)).toBe('2026-11-02T15:00:00.000Z');
  });

  it('London springs forward on Sun 2026-03-29 and falls back on Sun 2026-10-25', () => {
    // Fri 16:00 GMT + 2 h → Mon 10:00 BST (09:00Z)
    expect(deadline('2026-03-27T16:00:00Z', 2, london)).toBe('2026-03-30T09:00:00.000Z');
    // Fri 16:00 BST (15:00Z) + 2 h → Mon 10:00 GMT
    expect(deadline('2026-10-23T15:00:00Z', 2, london)).toBe('2026-10-26T10:00:00.000Z');
  });

  it('counts real hours on a day with a DST change inside opening hours', () => {
    // Around the clock, 48 business hours are 48 real hours even across the change.
    expect(deadline('2026-03-07T17:00:00Z', 48, allHours)).toBe('2026-03-09T17:00:00.000Z');
    // Open 01:00–04:00 local: on 2026-03-08 that is 01:00 EST (06:00Z) to 04:00 EDT (08:00Z), 2 h;
    // the last half hour is Monday 01:00–01:30 EDT (05:00Z).
    const smallHours: BusinessCalendar = { ...allHours, startHour: 1, endHour: 4 };
    expect(deadline('2026-03-08T05:00:00Z', 2.5, smallHours)).toBe('2026-03-09T05:30:00.000Z');
  });
});

describe('businessHoursBetween', () => {
  it('is 0 when to is not after from, or only closed time lies between', () => {
    expect(businessHoursBetween(at('2026-01-12T15:00:00Z'), at('2026-01-12T15:00:00Z'), newYork)).toBe(0);
    expect(businessHoursBetween(at('2026-01-13T15:00:00Z'), at('2026-01-12T15:00:00Z'), newYork)).toBe(0);
    expect(businessHoursBetween(at('2026-01-17T15:00:00Z'), at('2026-01-18T20:00:00Z'), newYork)).toBe(0);
  });

  it('counts partial days at both ends', () => {
    // Mon 10:00 → Tue 11:00 EST: 7 h + 2 h
    expect(businessHoursBetween(at('2026-01-12T15:00:00Z'), at('2026-01-13T16:00:00Z'), newYork)).toBe(9);
  });

  it('counts January and February 2026: 42 weekdays × 8 h', () => {
    expect(businessHoursBetween(at('2026-01-01T05:00:00Z'), at('2026-03-01T05:00:00Z'), newYork)).toBe(336);
  });

  it('counts the weekend across a DST change as nothing', () => {
    expect(businessHoursBetween(at('2026-03-06T21:00:00Z'), at('2026-03-09T14:00:00Z'), newYork)).toBe(2);
  });

  it('sees 23 and 25 hour days around the clock', () => {
    expect(businessHoursBetween(at('2026-03-08T05:00:00Z'), at('2026-03-09T04:00:00Z'), allHours)).toBe(23);
    expect(businessHoursBetween(at('2026-11-01T04:00:00Z'), at('2026-11-02T05:00:00Z'), allHours)).toBe(25);
  });
});

describe('round trip', () => {
  it('businessHoursBetween(s, addBusinessHours(s, h)) = h for random starts, spans and zones', () => {
    const calendars: BusinessCalendar[] = [
      newYork,
      { ...london, holidays: ['2026-12-25', '2026-12-28', '2027-01-01'] },
      { timeZone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5, 6], startHour: 9.5, endHour: 18, holidays: [] },
      {
        timeZone: 'Australia/Sydney',
        days: [1, 2, 3, 4, 5],
        startHour: 8,
        endHour: 16,
        holidays: ['2026-10-05'],
      },
      { ...allHours, startHour: 1, endHour: 3 },
    ];
    const random = seededRandom(7);
    for (let run = 0; run < 500; run++) {
      const calendar = calendars[run % calendars.length];
      const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 400 * 86_400_000));
      const hours = Math.round(random() * 300 * 4) / 4;
      const end = addBusinessHours(start, hours, calendar);
      expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
      expect(businessHoursBetween(start, end, calendar)).toBeCloseTo(hours, 9);
    }
  });
});

describe('calendar checks', () => {
  it('knows IANA time zones', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('says what is wrong with a calendar', () => {
    const start = at('2026-01-12T15:00:00Z');
    expect(() => addBusinessHours(start, 1, { ...newYork, timeZone: 'Mars/Olympus_Mons' })).toThrow(
      /unknown time zone: Mars/,
    );
    expect(() => addBusinessHours(start, 1, { ...newYork, startHour: 17, endHour: 9 })).toThrow(
      /startHour < endHour/,
    );
    expect(() => addBusinessHours(start, 1, { ...newYork, days: [] })).toThrow(/ISO weekday/);
    expect(() => addBusinessHours(start, 1, { ...newYork, holidays: ['12/25/2026'] })).toThrow(
      /12\/25\/2026/,
    );
    expect(() => addBusinessHours(start, -1, newYork)).toThrow(/>= 0/);
  });
});

describe('whole weeks give the same answers as walking every day', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
  // Around the clock, small hours that DST shortens or swallows (2–3 in New York), office hours.
  const hourPairs = '0-24 1-4 2-3 2.5-3 9-17 8.5-17.25 0-1 23-24'
    .split(' ')
    .map((pair) => pair.split('-').map(Number));
  const random = seededRandom(13);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const randomCase = () => {
    // Mostly 1990–2060; a fifth far in the future, where weeks are read from their 400-year twin.
    const farFuture = random() < 0.2;
    const startMs = farFuture
      ? Date.UTC(2600 + Math.floor(random() * 7000), 0, 1) + Math.floor(random() * 365 * 86_400_000)
      : Date.UTC(1990, 0, 1) + Math.floor(random() * 70 * 365 * 86_400_000);
    const spanDays = farFuture ? random() * 60 : random() < 0.5 ? random() * 30 : random() * 700;
    const days = [1, 2, 3, 4, 5, 6, 7].filter(() => random() < 0.6);
    const [startHour, endHour] = random() < 0.3 ? [0, 24] : pick(hourPairs);
    const holidays = Array.from({ length: Math.floor(random() * 8) }, () =>
      isoDate(startMs + Math.floor(random() * spanDays * 86_400_000)),
    );
    const calendar: BusinessCalendar = {
      timeZone: pick(zones),
      days: days.length > 0 ? days : [3],
      startHour,
      endHour,
      holidays,
    };
    return { calendar, start: new Date(startMs), end: new Date(startMs + spanDays * 86_400_000) };
  };

  it('businessHoursBetween equals the day-by-day sum for 300 random spans, calendars and zones', () => {
    for (let run = 0; run < 300; run++) {
      const { calendar, start, end } = randomCase();
      const expected = referenceBetween(start, end, calendar);
      expect({ run, hours: businessHoursBetween(start, end, calendar) }).toEqual({ run, hours: expected });
    }
  });

  it('addBusinessHours equals the day-by-day deadline for 300 random starts, hours and calendars', () => {
    for (let run = 0; run < 300; run++) {
      const { calendar, start, end } = randomCase();
      const hours = random() < 0.5 ? Math.round(random() * 1600) / 4 : random() * 400;
      const expected = referenceAdd(start, hours, calendar);
      expect({ run, deadline: addBusinessHours(start, hours, calendar).getTime() }).toEqual({
        run,
        deadline: expected,
      });
      // Both directions on the same span, so a start and end inside the same week are covered too.
      expect(businessHoursBetween(start, end, calendar)).toBe(referenceBetween(start, end, calendar));
    }
  });

  it('sees summer time that lasts under a week (Recife 2000, Gaza 2040 and 2054)', () => {
    for (const [timeZone, from] of [
      ['America/Recife', '2000-09-25T00:00:00Z'],
      ['Asia/Gaza', '2040-10-08T00:00:00Z'],
      ['Asia/Gaza', '2054-03-16T00:00:00Z'],
    ]) {
      const calendar: BusinessCalendar = { ...allHours, timeZone, days: [1, 2, 3, 4, 5, 6, 7] };
      const [start, end] = [at(from), new Date(at(from).getTime() + 35 * 86_400_000)];
      expect([timeZone, businessHoursBetween(start, end, calendar)]).toEqual([
        timeZone,
        referenceBetween(start, end, calendar),
      ]);
      expect([timeZone, addBusinessHours(start, 30 * 24, calendar).getTime()]).toEqual([
        timeZone,
        referenceAdd(start, 30 * 24, calendar),
      ]);
    }
  });
});

/** The clock as it was before whole weeks (one step per day), kept as the oracle the property tests compare with. */
function referenceOpening(calendar: BusinessCalendar, day: number) {
  if (!calendar.days.includes(isoWeekdayOf(day))) return undefined;
  if (calendar.holidays.some((holiday) => Date.parse(holiday) / 86_400_000 === day)) return undefined;
  const wall = (hour: number) => instantOfWallClock(day * 86_400_000 + hour * 3_600_000, calendar.timeZone);
  return { open: wall(calendar.startHour), close: wall(calendar.endHour) };
}

function referenceAdd(start: Date, hours: number, calendar: BusinessCalendar): number {
  const startMs = start.getTime();
  let remaining = hours * 3_600_000;
  for (let day = localDayOf(startMs, calendar.timeZone); ; day++) {
    const opening = referenceOpening(calendar, day);
    if (!opening) continue;
    const from = Math.max(opening.open, startMs);
    if (from >= opening.close) continue;
    const available = opening.close - from;
    if (remaining <= available) return new Date(from + remaining).getTime();
    remaining -= available;
  }
}

function referenceBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const [fromMs, toMs] = [from.getTime(), to.getTime()];
  if (!(toMs > fromMs)) return 0;
  let elapsed = 0;
  for (let day = localDayOf(fromMs, calendar.timeZone); day <= localDayOf(toMs, calendar.timeZone); day++) {
    const opening = referenceOpening(calendar, day);
    if (!opening) continue;
    const overlap = Math.min(opening.close, toMs) - Math.max(opening.open, fromMs);
    if (overlap > 0) elapsed += overlap;
  }
  return elapsed / 3_600_000;
}

/** Park–Miller generator: repeatable random cases, so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}
