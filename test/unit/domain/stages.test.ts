import { describe, expect, it } from 'vitest';
import { defaultStages, isRecycle, recycleReasons } from '../../../gateway/domain/stages.js';

describe('defaultStages', () => {
  it('is the docs/domain.md ladder in order', () => {
    expect(defaultStages.map((stage) => stage.key)).toEqual([
      'subscriber',
      'lead',
      'mql',
      'sal',
      'sql',
      'opportunity',
      'customer',
    ]);
    expect(defaultStages.map((stage) => stage.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('hands over from marketing to sales at SAL', () => {
    expect(defaultStages.map((stage) => stage.ownerTeam)).toEqual([
      'marketing',
      'marketing',
      'marketing',
      'sales',
      'sales',
      'sales',
      'sales',
    ]);
  });

  it('labels and defines every stage', () => {
    expect(defaultStages.find((stage) => stage.key === 'lead')?.label).toBe('Lead (inquiry)');
    expect(defaultStages.every((stage) => stage.label !== '' && stage.entryCriteria !== '')).toBe(true);
  });
});

describe('isRecycle', () => {
  it('is a move from a sales stage back to a marketing stage', () => {
    expect(isRecycle('sal', 'lead', defaultStages)).toBe(true);
    expect(isRecycle('sql', 'mql', defaultStages)).toBe(true);
    expect(isRecycle('opportunity', 'subscriber', defaultStages)).toBe(true);
  });

  it('is not a forward move, a move within a team, a first stage, or an unknown stage', () => {
    expect(isRecycle('mql', 'sal', defaultStages)).toBe(false);
    expect(isRecycle('mql', 'lead', defaultStages)).toBe(false);
    expect(isRecycle('sql', 'sal', defaultStages)).toBe(false);
    expect(isRecycle(null, 'lead', defaultStages)).toBe(false);
    expect(isRecycle('sal', 'nurture', defaultStages)).toBe(false);
  });

  it('follows a tenant ladder', () => {
    const ladder = [
      ...defaultStages,
      {
        key: 'nurture',
        label: 'Nurture',
        position: 8,
        ownerTeam: 'marketing' as const,
        entryCriteria: 'sent back',
      },
    ];
    expect(isRecycle('sal', 'nurture', ladder)).toBe(true);
  });
});

describe('recycleReasons', () => {
  it('lists why sales sends a lead back', () => {
    expect(recycleReasons).toEqual([
      'not_ready',
      'no_budget',
      'bad_timing',
      'wrong_person',
      'no_response',
      'unqualified',
    ]);
  });
});
