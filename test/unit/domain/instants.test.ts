/**
 * The rules every way in applies to dates and text (gateway/domain/instants.ts, text.ts), the
 * defensive second line behind them (time zones at the ends of the Date range, a score's moment
 * never past now), and the free-mail domains no account is derived from.
 */
import { describe, expect, it } from 'vitest';
import { isFreeMailDomain } from '../../../gateway/domain/free-mail.js';
import {
  calendarDateProblem,
  instantProblem,
  isCalendarDate,
  parseInstantText,
  sourceInstant,
} from '../../../gateway/domain/instants.js';
import { addToScore } from '../../../gateway/domain/scoring.js';
import { shown, textProblem } from '../../../gateway/domain/text.js';
import { localDayOf, wallClockOf } from '../../../gateway/domain/time-zone.js';
import { emailDomain } from '../../../gateway/ingest/normalise.js';

const now = Date.parse('2026-12-07T12:00:00Z');
const day = 86_400_000;

describe('calendar dates', () => {
  it('knows which days exist', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2026, 2, 29)).toBe(false);
    expect(isCalendarDate(2026, 2, 31)).toBe(false);
    expect(isCalendarDate(2026, 4, 31)).toBe(false);
    expect(isCalendarDate(2026, 13, 1)).toBe(false);
    expect(isCalendarDate(50, 1, 1)).toBe(true);
  });

  it('refuses a day that does not exist instead of rolling it into the next month', () => {
    expect(parseInstantText('2026-02-31')).toEqual({ problem: '2026-02-31 is not a date' });
    expect(parseInstantText('2026-02-31T10:00:00Z')).toEqual({ problem: '2026-02-31 is not a date' });
    expect(calendarDateProblem('2026-02-31', 'planned', now)).toBe('2026-02-31 is not a date');
    expect(parseInstantText('2024-02-29T10:00:00Z')).toEqual({ ms: Date.parse('2024-02-29T10:00:00Z') });
    // Salesforce writes offsets without a colon; Date.parse reads them.
    expect(parseInstantText('2024-01-01T10:00:00.000+0000')).toEqual({
      ms: Date.parse('2024-01-01T10:00:00Z'),
    });
  });
});

describe('instant ranges', () => {
  it('keeps what happened between 1970 and a year ahead', () => {
    expect(instantProblem('2026-03-02T10:00:00Z', 'happened', now)).toBeNull();
    expect(instantProblem(0, 'happened', now)).toBeNull();
    expect(instantProblem(now + 300 * day, 'happened', now)).toBeNull();
    expect(instantProblem('3000-01-01T00:00:00Z', 'happened', now)).toBe(
      "'3000-01-01T00:00:00Z' is after 2027-12-07 (now + 1 year)",
    );
    expect(instantProblem('9999-12-31', 'happened', now)).toMatch(/^'9999-12-31' is after 2027-12-07/);
    expect(instantProblem('+275760-09-13T00:00:00.000Z', 'happened', now)).toMatch(/is after 2027-12-07/);
    expect(instantProblem(-1, 'happened', now)).toBe('1969-12-31T23:59:59.999Z is before 1970-01-01');
    expect(instantProblem(1.5, 'happened', now)).toBe("'1.5' is not a whole number of epoch ms");
    expect(instantProblem('yesterday', 'happened', now)).toBe("'yesterday' is not a date-time");
  });

  it('lets a planned date lie ten years ahead, not more', () => {
    expect(instantProblem(now + 5 * 365 * day, 'planned', now)).toBeNull();
    expect(instantProblem(now + 5 * 365 * day, 'happened', now)).not.toBeNull();
    expect(calendarDateProblem('2040-01-01', 'planned', now)).toBe(
      "'2040-01-01' is after 2036-12-07 (now + 10 years)",
    );
  });

  it("reads a source's date text as epoch ms, keeping text that is no date for the record to reject", () => {
    expect(sourceInstant('1700000000000')).toBe(1_700_000_000_000);
    expect(sourceInstant('2025-06-02T09:00:00Z')).toBe(Date.parse('2025-06-02T09:00:00Z'));
    expect(sourceInstant('2026-02-31T10:00:00Z')).toBe('2026-02-31T10:00:00Z');
  });
});

describe('text', () => {
  it('refuses C0 controls but tab, LF and CR, and lone surrogates, quoting the value', () => {
    expect(textProblem('Head of Sales')).toBeNull();
    expect(textProblem('line one\r\n\tline two')).toBeNull();
    expect(textProblem('emoji 😀 pairs are fine')).toBeNull();
    expect(textProblem('Head\u0000of')).toBe("'Head\\u0000of' contains the control character U+0000");
    expect(textProblem('bell\u0007')).toBe("'bell\\u0007' contains the control character U+0007");
    expect(textProblem('Bo\ud800b')).toBe("'Bo\\ud800b' contains a lone UTF-16 surrogate");
    expect(textProblem('\udc00')).toBe("'\\udc00' contains a lone UTF-16 surrogate");
  });

  it('shortens a long value at a character', () => {
    expect(shown('x'.repeat(60))).toBe(`'${'x'.repeat(40)}…'`);
    expect(shown(`${'x'.repeat(39)}😀😀`)).toBe(`'${'x'.repeat(39)}😀…'`);
  });
});

describe('the second line behind the boundary', () => {
  it('reads time zones at the ends of the Date range without a RangeError', () => {
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Asia/Kathmandu']) {
      expect(Number.isFinite(localDayOf(8.64e15, zone))).toBe(true);
      expect(Number.isFinite(localDayOf(-8.64e15, zone))).toBe(true);
      expect(wallClockOf(8.64e15, zone) - 8.64e15).toBe(
        wallClockOf(8.64e15 - 3 * day, zone) - (8.64e15 - 3 * day),
      );
    }
    expect(localDayOf(8.64e15, 'UTC')).toBe(100_000_000);
  });

  it('never moves the scoring moment past now', () => {
    const fresh = { score: 10, scoredAt: now - 30 * day };
    const ahead = addToScore(fresh, 50, Date.parse('3000-01-01T00:00:00Z'), 30, now);
    expect(ahead).toEqual({ score: 55, scoredAt: now });
    // A score stored ahead of the clock (before this rule) comes back to now with the next points.
    const frozen = addToScore({ score: 20, scoredAt: now + 100 * day }, 5, now - 30 * day, 30, now);
    expect(frozen).toEqual({ score: 22.5, scoredAt: now });
    expect(addToScore(fresh, 3, now - 30 * day, null, now)).toEqual({ score: 13, scoredAt: now - 30 * day });
  });
});

describe('free-mail domains', () => {
  it('knows the big providers and the disposable ones, not companies', () => {
    for (const domain of ['gmail.com', 'googlemail.com', 'outlook.com', 'gmx.de', 'mailinator.com'])
      expect(isFreeMailDomain(domain)).toBe(true);
    expect(isFreeMailDomain('acme-robotics.com')).toBe(false);
  });

  it('derives no company domain from a free-mail address', () => {
    expect(emailDomain('alice@GMAIL.com')).toBeNull();
    expect(emailDomain('jane@acme-robotics.com')).toBe('acme-robotics.com');
  });
});
