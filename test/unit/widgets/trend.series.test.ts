import { describe, expect, it } from 'vitest';
import { dimensionLabel, topCount } from '../../../widgets/shared/dimensions.js';
import { formatters } from '../../../widgets/shared/format.js';
import type { TrendRow, TrendTable } from '../../../widgets/trend/trend.query.js';
import { buildTrend } from '../../../widgets/trend/trend.series.js';
import { campaignFrom, formatValue, measureLabel, trendRequest } from '../../../widgets/trend/trend.words.js';

const period = (label: string) => ({ label, start: `${label}-01`, end: `${label}-28` });
const row = (month: string, value: number | null, source?: [string | null, string]): TrendRow => ({
  period: period(month),
  dimensions: source ? [{ dimension: 'LEAD_SOURCE', value: source[0], label: source[1] }] : [],
  values: [value],
});
const table = (measure: string, rows: TrendRow[], dimensions: string[] = []): TrendTable => ({
  measures: [{ name: measure, measure, from: null, to: null, model: null }],
  dimensions,
  timeGrain: 'MONTH',
  rows,
  totals: [null],
  currency: 'EUR',
});

/** Seven lead sources over three months: Web leads, then Referral, Event, … with Partner last. */
const sources: [string, number[]][] = [
  ['Web', [50, 60, 70]],
  ['Referral', [30, 20, 40]],
  ['Event', [20, 20, 20]],
  ['Partner', [1, 0, 2]],
  ['Webinar', [10, 10, 10]],
  ['Ads', [15, 5, 5]],
  ['Social', [4, 4, 4]],
];
const months = ['2026-01', '2026-02', '2026-03'];
// Rows come ordered by period then value, as the gateway sends them; a zero is not sent at all.
const bySource = table(
  'MQLS',
  months.flatMap((m, i) =>
    sources.filter(([, v]) => v[i] !== 0).map(([name, v]) => row(m, v[i]!, [name.toLowerCase(), name])),
  ),
  ['LEAD_SOURCE'],
);

describe('buildTrend', () => {
  it('keeps one series without split-by, named by the measure, periods in order', () => {
    const trend = buildTrend(
      table('MQLS', [row('2026-02', 5), row('2026-01', 3), row('2026-03', 8)]),
      5,
      true,
      'MQLs',
    );
    expect(trend.periods.map((p) => p.label)).toEqual(months);
    expect(trend.series).toEqual([
      { key: 'all', label: 'MQLs', value: null, other: false, values: [3, 5, 8] },
    ]);
    expect([trend.folded, trend.hidden]).toEqual([0, 0]);
  });

  it('keeps the top N slices by their sum and adds the rest up as "Other", period by period', () => {
    const trend = buildTrend(bySource, 3, true, 'MQLs');
    expect(trend.series.map((s) => [s.label, s.values])).toEqual([
      ['Web', [50, 60, 70]],
      ['Referral', [30, 20, 40]],
      ['Event', [20, 20, 20]],
      ['Other', [30, 19, 21]], // Ads 15+5+5, Webinar 10×3, Social 4×3, Partner 1+0+2
    ]);
    expect(trend.series[3]).toMatchObject({ key: 'other', value: null, other: true });
    expect(trend.folded).toBe(4);
    // Partner had no row in February: it counted 0 there, not a gap.
    expect(buildTrend(bySource, 4, true, 'MQLs').series.at(-1)).toMatchObject({
      key: 'other',
      values: [20, 9, 11],
    });
  });

  it('never folds a single slice: it keeps its own name', () => {
    const trend = buildTrend(bySource, 6, true, 'MQLs');
    expect(trend.series.map((s) => s.label)).toEqual([
      'Web',
      'Referral',
      'Event',
      'Webinar',
      'Ads',
      'Social',
      'Partner',
    ]);
    expect(trend.series.at(-1)).toMatchObject({ key: 'd:partner', values: [1, 0, 2], other: false });
    const six = buildTrend(
      { ...bySource, rows: bySource.rows.filter((r) => r.dimensions[0]?.label !== 'Social') },
      5,
      true,
      'MQLs',
    );
    expect(six.series.map((s) => s.label)).toEqual(['Web', 'Referral', 'Event', 'Webinar', 'Ads', 'Partner']);
    expect(six.folded).toBe(0);
  });

  it('ranks a rate by its mean, leaves the rest out (a rate does not add up) and keeps gaps', () => {
    const rates = table(
      'WIN_RATE',
      [
        row('2026-01', 0.5, ['a', 'Alpha']),
        row('2026-02', null, ['a', 'Alpha']),
        row('2026-01', 0.2, ['b', 'Beta']),
        row('2026-02', 0.3, ['b', 'Beta']),
        row('2026-01', 0.9, ['c', 'Gamma']),
        row('2026-02', 0.1, [null, '(none)']),
      ],
      ['LEAD_SOURCE'],
    );
    const trend = buildTrend(rates, 2, false, 'Win rate');
    expect(trend.series.map((s) => [s.label, s.values])).toEqual([
      ['Gamma', [0.9, null]],
      ['Alpha', [0.5, null]],
    ]);
    expect([trend.folded, trend.hidden]).toEqual([0, 2]);
    expect(buildTrend(rates, 5, false, 'Win rate').series.find((s) => s.label === '(none)')).toMatchObject({
      key: 'd:',
      value: null,
      values: [null, 0.1],
    });
  });

  it('orders equal slices by name, and handles no rows', () => {
    const tie = table(
      'LEADS',
      [row('2026-01', 2, ['z', 'Zulu']), row('2026-01', 2, ['a', 'Alpha'])],
      ['REGION'],
    );
    expect(buildTrend(tie, 5, true, 'Leads').series.map((s) => s.label)).toEqual(['Alpha', 'Zulu']);
    expect(buildTrend(table('LEADS', []), 5, true, 'Leads')).toEqual({
      periods: [],
      series: [],
      folded: 0,
      hidden: 0,
    });
  });

  it('reads `top` as 1–20 whole slices, else 5', () => {
    expect([
      topCount(undefined),
      topCount(3),
      topCount('8'),
      topCount(0),
      topCount(2.5),
      topCount(99),
    ]).toEqual([5, 3, 8, 5, 5, 20]);
  });
});

describe('trendRequest and the words', () => {
  it('asks the measure by month by default, a dimension written any way, stages and models', () => {
    expect(trendRequest({ measure: 'mqls' })).toEqual({
      measure: { measure: 'MQLS' },
      dimension: null,
      grain: 'month',
    });
    expect(trendRequest({ measure: 'WIN_RATE', grain: 'Quarter', splitBy: 'lead-source' })).toEqual({
      measure: { measure: 'WIN_RATE' },
      dimension: 'LEAD_SOURCE',
      grain: 'quarter',
    });
    expect(trendRequest({ measure: 'CONVERSION', fromStage: 'lead', toStage: 'SQL' }).measure).toEqual({
      measure: 'CONVERSION',
      from: 'lead',
      to: 'sql',
    });
    expect(trendRequest({ measure: 'reached', toStage: 'MQL' }).measure).toEqual({
      measure: 'REACHED',
      to: 'mql',
    });
    expect(measureLabel({ measure: 'REACHED', to: 'mql' })).toBe('Reached mql');
    expect(trendRequest({ measure: 'ROI' }).measure).toEqual({ measure: 'ROI', model: 'W_SHAPED' });
    expect(trendRequest({ measure: 'ATTRIBUTED_REVENUE', model: 'linear' }).measure.model).toBe('LINEAR');
  });

  it('refuses a bad attribute in plain words naming it and its value', () => {
    expect(() => trendRequest({})).toThrow('Set the measure attribute, e.g. measure="MQLS".');
    expect(() => trendRequest({ measure: 'MQL' })).toThrow(
      /^Unknown measure "MQL": use one of LEADS, MQLS, /,
    );
    expect(() => trendRequest({ measure: 'pipeline' })).toThrow(
      'PIPELINE counts the deals open now, not over time: show it without a trend, or use WON or REVENUE.',
    );
    expect(() => trendRequest({ measure: 'MQLS', grain: 'fortnight' })).toThrow(
      'Unknown grain "fortnight": use one of day, week, month, quarter, year.',
    );
    expect(() => trendRequest({ measure: 'MQLS', splitBy: 'colour' })).toThrow(
      /^Unknown split-by "colour": use one of LEAD_SOURCE, /,
    );
    expect(() => trendRequest({ measure: 'CONVERSION', fromStage: 'lead' })).toThrow(
      'CONVERSION needs the stage keys it converts between: from-stage="lead" to-stage="" (e.g. from-stage="lead" to-stage="sql").',
    );
    expect(() => trendRequest({ measure: 'REACHED' })).toThrow(
      'REACHED needs the stage key it counts: to-stage="" (e.g. to-stage="mql").',
    );
    expect(() => trendRequest({ measure: 'ROI', model: 'last touch' })).toThrow(
      /^Unknown model "last touch": use one of FIRST_TOUCH, /,
    );
  });

  it('starts campaign measures 36 months (36 quarters, 35 years) back when the page sets no from', () => {
    const today = new Date(2026, 11, 7);
    expect(campaignFrom('month', undefined, today)).toBe('2024-01-01');
    expect(campaignFrom('month', '2025-06-30', today)).toBe('2022-07-01');
    expect(campaignFrom('quarter', undefined, today)).toBe('2018-09-01');
    expect(campaignFrom('year', 'not a date', today)).toBe('1992-12-01');
  });

  it('names measures for people and formats rates as percent, money in the currency', () => {
    expect(measureLabel({ measure: 'CONVERSION', from: 'lead', to: 'sql' })).toBe('Conversion lead → sql');
    expect(measureLabel({ measure: 'ROI', model: 'U_SHAPED' })).toBe('ROI (u-shaped)');
    expect(measureLabel({ measure: 'MQLS' })).toBe('MQLs');
    expect(['LEAD_SOURCE', 'FIT_GRADE', 'STAGE'].map(dimensionLabel)).toEqual([
      'Lead source',
      'Fit grade',
      'Deal stage',
    ]);
    expect(measureLabel({ measure: 'SPEND', model: 'W_SHAPED' })).toBe('Spend');
    const f = formatters('de-DE', 'EUR');
    expect(formatValue('percent', f, 0.253)).toBe('25,3\u00a0%');
    expect(formatValue('currency', f, 1234.5)).toBe('1.234,50\u00a0€');
    expect(formatValue('count', f, 48210)).toBe('48.210');
    expect(formatValue('hours', f, null)).toBe('—');
  });
});
