import { describe, expect, it } from 'vitest';
import { cell, tableToCSV } from '../../../widgets/shared/data-table.js';
import { toMetricsFilter } from '../../../widgets/shared/filters.js';
import { formatters } from '../../../widgets/shared/format.js';
import { jwtExpiry } from '../../../widgets/shared/jwt.js';
import { linear } from '../../../widgets/shared/scale.js';

describe('toMetricsFilter', () => {
  it('maps attributes to MetricsFilter fields and omits unset or blank ones', () => {
    expect(
      toMetricsFilter({
        from: '2024-01-01',
        campaign: 'c-1',
        owner: 'u-1',
        team: 't-1',
        segment: ' ',
        region: null,
      }),
    ).toEqual({
      from: '2024-01-01',
      campaignId: 'c-1',
      ownerId: 'u-1',
      teamId: 't-1',
    });
  });
});

describe('jwtExpiry', () => {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it('reads exp (seconds) as epoch milliseconds without verifying', () => {
    expect(jwtExpiry(`${encode({ alg: 'none' })}.${encode({ exp: 1_700_000_000, name: 'Zoë ✓' })}.sig`)).toBe(
      1_700_000_000_000,
    );
  });
  it('ignores opaque tokens, missing exp and garbage', () => {
    expect(jwtExpiry('opaque-token')).toBeUndefined();
    expect(jwtExpiry(`${encode({})}.${encode({ sub: 'x' })}.`)).toBeUndefined();
    expect(jwtExpiry('a.%%%.c')).toBeUndefined();
    expect(jwtExpiry(undefined)).toBeUndefined();
  });
});

describe('formatters', () => {
  it('formats for the locale and currency, with — for missing values', () => {
    const de = formatters('de-DE', 'eur');
    expect(de.number(12197)).toBe('12.197');
    expect(de.percent(0.253)).toBe('25,3\u00a0%');
    expect(de.currency(1234.5)).toBe('1.234,50\u00a0€');
    expect(de.date('2024-03-31')).toBe('31.03.2024');
    expect(de.percent(null)).toBe('—');
    expect(formatters('en-US').duration(2.5, 'hour')).toBe('2.5 hr');
    expect(formatters('en-US', 'usd').compact(12_340, true)).toBe('$12.3K');
    expect(de.compact(1_234_567, true)).toBe('1,2 Mio. €');
    expect(de.compact(1_250)).toBe('1250');
    expect(formatters('not a locale!').compact(80_000)).toMatch(/^80/);
  });
  it('falls back to the default locale for a malformed locale attribute', () => {
    expect(() => formatters('not a locale!').number(1)).not.toThrow();
  });
});

describe('tableToCSV', () => {
  it('quotes, escapes and defuses spreadsheet formulas in text cells', () => {
    const csv = tableToCSV({
      caption: 'x',
      columns: ['Stage', 'Reached'],
      rows: [
        [cell('=HYPERLINK("http://evil")'), cell(-5)],
        [cell('a,b'), cell(null)],
      ],
    });
    expect(csv).toBe('Stage,Reached\r\n"\'=HYPERLINK(""http://evil"")",-5\r\n"a,b",\r\n');
  });
});

describe('linear', () => {
  it('maps proportionally and clamps to the range', () => {
    const scale = linear([0, 200], [0, 100]);
    expect([-10, 0, 50, 200, 400].map(scale)).toEqual([0, 0, 25, 100, 100]);
  });
});
