import { describe, expect, it } from 'vitest';
import {
  decayFactor,
  defaultBandThresholds,
  defaultFitCriteria,
  defaultMqlThreshold,
  defaultScoringRules,
  engagementBand,
  engagementScore,
  type FitCriterion,
  fitGrade,
  isMarketingQualified,
  type ScoringRules,
  type TouchType,
  touchPoints,
} from '../../../gateway/domain/scoring.js';

const asOf = new Date('2026-04-01T00:00:00Z');
const daysBefore = (days: number) => new Date(asOf.getTime() - days * 86_400_000);
const touch = (type: TouchType, ageDays = 0) => ({ type, occurredAt: daysBefore(ageDays) });
const noDecay: ScoringRules = { ...defaultScoringRules, halfLifeDays: null };

describe('touchPoints', () => {
  it('follows the Pardot-like defaults', () => {
    expect(touchPoints('form_submit', defaultScoringRules)).toBe(50);
    expect(touchPoints('pricing_page_view', defaultScoringRules)).toBe(5);
    expect(touchPoints('careers_page_view', defaultScoringRules)).toBe(-10);
    expect(touchPoints('form_error', defaultScoringRules)).toBe(-5);
    expect(touchPoints('event_attendance', defaultScoringRules)).toBe(10);
  });

  it('gives 0 to a behaviour the rules do not list', () => {
    expect(touchPoints('ad_click', { points: {}, firstEmailOpenOnly: false, halfLifeDays: null })).toBe(0);
  });
});

describe('decayFactor', () => {
  it('halves per half-life', () => {
    expect(decayFactor(0, 30)).toBe(1);
    expect(decayFactor(30, 30)).toBe(0.5);
    expect(decayFactor(60, 30)).toBe(0.25);
    expect(decayFactor(15, 30)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('does not decay without a half-life, nor grow for a future touch', () => {
    expect(decayFactor(365, null)).toBe(1);
    expect(decayFactor(-10, 30)).toBe(1);
  });

  it('rejects a half-life that is not positive', () => {
    expect(() => decayFactor(1, 0)).toThrow(/half-life/);
  });
});

describe('engagementScore', () => {
  it('sums points without decay', () => {
    const touches = [touch('form_submit', 10), touch('email_click', 3), touch('page_view', 1)];
    expect(engagementScore(touches, noDecay, asOf)).toBe(54);
  });

  it('decays each touch by its age: 50 at one half-life + 3 at two', () => {
    const touches = [touch('form_submit', 30), touch('content_download', 60)];
    expect(engagementScore(touches, defaultScoringRules, asOf)).toBe(25.75);
  });

  it('rounds to 2 decimals', () => {
    // 1 × 0.5^(10/30) = 0.7937…
    expect(engagementScore([touch('page_view', 10)], defaultScoringRules, asOf)).toBe(0.79);
  });

  it('counts only the first email open when the rules say so', () => {
    const opens = [touch('email_open', 1), touch('email_open', 5), touch('email_open', 2)];
    expect(engagementScore(opens, noDecay, asOf)).toBe(1);
    // The first open is the 5-day-old one: 0.5^(5/30) = 0.8909
    expect(engagementScore(opens, defaultScoringRules, asOf)).toBe(0.89);
    expect(engagementScore(opens, { ...noDecay, firstEmailOpenOnly: false }, asOf)).toBe(3);
  });

  it('ignores touches after asOf, including a later first open', () => {
    const touches = [touch('form_submit', -1), touch('email_open', -2), touch('email_open', 1)];
    expect(engagementScore(touches, noDecay, asOf)).toBe(1);
  });

  it('never goes below 0', () => {
    expect(engagementScore([touch('careers_page_view'), touch('page_view')], noDecay, asOf)).toBe(0);
    expect(engagementScore([], defaultScoringRules, asOf)).toBe(0);
  });
});

describe('fitGrade', () => {
  const ideal = {
    industry: 'Software',
    employees: 800,
    region: 'Europe',
    title: 'VP Marketing',
    department: 'Marketing',
  };

  it('starts everyone at D', () => {
    expect(fitGrade({}, defaultFitCriteria)).toBe('D');
    expect(fitGrade(ideal, [])).toBe('D');
  });

  // Five criteria of weight 1: steps = round(3 × net ÷ 5).
  it('raises the grade with matches, capped at A', () => {
    expect(fitGrade({ industry: 'Software' }, defaultFitCriteria)).toBe('C'); // 3/5 → 1
    expect(fitGrade({ industry: 'Software', employees: 200 }, defaultFitCriteria)).toBe('C'); // 6/5 → 1
    expect(
      fitGrade({ industry: 'software', employees: 5000, region: 'north america' }, defaultFitCriteria),
    ).toBe('B'); // 9/5 → 2
    expect(fitGrade({ ...ideal, department: null }, defaultFitCriteria)).toBe('B'); // 12/5 = 2.4 → 2
    expect(fitGrade(ideal, defaultFitCriteria)).toBe('A'); // 15/5 → 3
  });

  it('lowers the grade with mismatches, floored at D', () => {
    expect(fitGrade({ ...ideal, employees: 12 }, defaultFitCriteria)).toBe('B'); // 4 − 1 = 3: 9/5 → 2
    expect(fitGrade({ ...ideal, employees: 12, region: 'APAC' }, defaultFitCriteria)).toBe('C'); // 1: 3/5 → 1
    expect(fitGrade({ ...ideal, employees: 12, region: 'APAC', title: 'Intern' }, defaultFitCriteria)).toBe(
      'D',
    ); // −1 → 0
    expect(fitGrade({ industry: 'Retail', employees: 10 }, defaultFitCriteria)).toBe('D');
  });

  it('reaches every grade with a complete profile', () => {
    const complete = (matching: number) => ({
      industry: matching > 0 ? 'Software' : 'Retail',
      employees: matching > 1 ? 1000 : 10,
      region: matching > 2 ? 'Europe' : 'APAC',
      title: matching > 3 ? 'Director' : 'Intern',
      department: matching > 4 ? 'Sales' : 'Legal',
    });
    // net = 2 × matching − 5: −5 −3 −1 1 3 5 → steps 0 0 0 1 2 3
    expect([0, 1, 2, 3, 4, 5].map((m) => fitGrade(complete(m), defaultFitCriteria))).toEqual([
      'D',
      'D',
      'D',
      'C',
      'B',
      'A',
    ]);
  });

  it('treats a missing value as neither match nor mismatch', () => {
    expect(
      fitGrade({ industry: 'Software', employees: null, region: '', title: undefined }, defaultFitCriteria),
    ).toBe('C');
  });

  it('matches titles by case-insensitive substring and other lists by whole value', () => {
    expect(fitGrade({ title: 'Senior marketing manager' }, defaultFitCriteria)).toBe('C');
    expect(fitGrade({ title: 'Intern' }, defaultFitCriteria)).toBe('D');
    expect(fitGrade({ department: 'it' }, defaultFitCriteria)).toBe('C');
    expect(fitGrade({ department: 'Security' }, defaultFitCriteria)).toBe('D');
  });

  it('honours weights and open-ended ranges, scaled by the total weight', () => {
    const criteria: FitCriterion[] = [
      { field: 'employees', matches: { min: 1000 }, weight: 2 },
      { field: 'region', matches: ['Europe'], weight: 0.5 },
    ];
    // total weight 2.5: steps = round(3 × net ÷ 2.5)
    expect(fitGrade({ employees: 1_000_000 }, criteria)).toBe('B'); // net 2 → 2.4 → 2
    expect(fitGrade({ employees: 1000, region: 'Europe' }, criteria)).toBe('A'); // net 2.5 → 3
    expect(fitGrade({ employees: 1000, region: 'Asia' }, criteria)).toBe('B'); // net 1.5 → 1.8 → 2
    expect(fitGrade({ employees: 10, region: 'Europe' }, criteria)).toBe('D'); // net −1.5 → 0
    expect(fitGrade({ region: 'Europe' }, criteria)).toBe('C'); // net 0.5 → 0.6 → 1
  });
});

describe('engagementBand', () => {
  it('bands scores by the thresholds, 1 hottest', () => {
    expect(engagementBand(60, defaultBandThresholds)).toBe(1);
    expect(engagementBand(59.99, defaultBandThresholds)).toBe(2);
    expect(engagementBand(30, defaultBandThresholds)).toBe(2);
    expect(engagementBand(10, defaultBandThresholds)).toBe(3);
    expect(engagementBand(9.99, defaultBandThresholds)).toBe(4);
    expect(engagementBand(0, defaultBandThresholds)).toBe(4);
  });
});

describe('isMarketingQualified', () => {
  it('by default qualifies A1, A2, B1, B2 only', () => {
    const qualified = (['A', 'B', 'C', 'D'] as const).flatMap((grade) =>
      ([1, 2, 3, 4] as const)
        .filter((band) => isMarketingQualified(grade, band, defaultMqlThreshold))
        .map((band) => `${grade}${band}`),
    );
    expect(qualified).toEqual(['A1', 'A2', 'B1', 'B2']);
  });

  it('follows a tenant threshold', () => {
    expect(isMarketingQualified('C', 3, { minGrade: 'C', maxBand: 3 })).toBe(true);
    expect(isMarketingQualified('D', 1, { minGrade: 'C', maxBand: 3 })).toBe(false);
  });
});
