/** An open deal's move (domain/deal-outcome.ts openDealMove): up to opportunity, never down. */
import { describe, expect, it } from 'vitest';
import { openDealMove } from '../../../gateway/domain/deal-outcome.js';
import { defaultStages } from '../../../gateway/domain/stages.js';

describe('openDealMove', () => {
  const deal = { name: 'Pilot' };
  it('moves a person below the opportunity stage up to it', () => {
    for (const stage of ['subscriber', 'lead', 'mql', 'sal', 'sql'])
      expect(openDealMove(deal, stage, defaultStages)).toEqual({
        to: 'opportunity',
        reason: 'open deal "Pilot"',
      });
  });

  it('never moves anyone down or sideways, nor someone on a stage the ladder lacks', () => {
    expect(openDealMove(deal, 'opportunity', defaultStages)).toBeNull();
    expect(openDealMove(deal, 'customer', defaultStages)).toBeNull();
    expect(openDealMove(deal, 'retired', defaultStages)).toBeNull();
  });

  it('moves nobody on a ladder without an opportunity stage', () => {
    const ladder = defaultStages.filter((stage) => stage.key !== 'opportunity');
    expect(openDealMove(deal, 'sql', ladder)).toBeNull();
  });
});
