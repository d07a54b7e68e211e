import { describe, expect, it } from 'vitest';
import {
  type AttributableTouch,
  type AttributionModel,
  attributeDeal,
  attributionModels,
  type DealMilestones,
  type TouchCredit,
} from '../../../gateway/domain/attribution.js';

const jan = (day: number, hour = 12) => new Date(Date.UTC(2026, 0, day, hour));
const touch = (id: string, day: number): AttributableTouch => ({
  id,
  campaignId: `campaign-${id}`,
  occurredAt: jan(day),
});
const noMilestones: DealMilestones = {
  leadCreatedAt: null,
  opportunityCreatedAt: null,
  closedWonAt: null,
  closedAt: null,
};

/** Credits keyed by touch in the order returned, checked to 12 decimals. */
function expectCredits(credits: TouchCredit[], expected: Record<string, number>) {
  expect(credits.map((credit) => credit.touchId)).toEqual(Object.keys(expected));
  for (const credit of credits) expect(credit.credit).toBeCloseTo(expected[credit.touchId], 12);
}

// One path used for most cases: A Jan 1, B Jan 5, C Jan 10, D Jan 15, E Jan 20, and F after the close.
const path = [touch('C', 10), touch('A', 1), touch('E', 20), touch('B', 5), touch('D', 15)];
const afterClose = touch('F', 25);
const wonDeal: DealMilestones = {
  leadCreatedAt: jan(6),
  opportunityCreatedAt: jan(12),
  closedWonAt: jan(20),
  closedAt: jan(20),
};

// Two touches a half-life (7 days) apart; lead, opportunity and win all at or after B.
const twoTouches = [touch('A', 1), touch('B', 8)];
const twoTouchDeal: DealMilestones = {
  leadCreatedAt: jan(8),
  opportunityCreatedAt: jan(9),
  closedWonAt: jan(10),
  closedAt: jan(10),
};

// Lead created on the first touch, opportunity and win on the last.
const sharedPath = [touch('A', 1), touch('B', 5), touch('C', 10)];
const sharedDeal: DealMilestones = {
  leadCreatedAt: jan(1),
  opportunityCreatedAt: jan(10),
  closedWonAt: jan(12),
  closedAt: jan(12),
};

describe('attributeDeal, hand-computed per model', () => {
  const cases: Record<
    AttributionModel,
    {
      path: Record<string, number>;
      one: Record<string, number>;
      two: Record<string, number>;
      shared: Record<string, number>;
    }
  > = {
    FIRST_TOUCH: { path: { A: 1 }, one: { A: 1 }, two: { A: 1 }, shared: { A: 1 } },
    LEAD_CREATION: { path: { B: 1 }, one: { A: 1 }, two: { B: 1 }, shared: { A: 1 } },
    U_SHAPED: { path: { A: 0.5, B: 0.5 }, one: { A: 1 }, two: { A: 0.5, B: 0.5 }, shared: { A: 1 } },
    // Two touches: A 0.3, B 0.6 (lead + opportunity), no rest → normalised to 1/3, 2/3.
    W_SHAPED: {
      path: { A: 0.3, B: 0.3, C: 0.3, D: 0.05, E: 0.05 },
      one: { A: 1 },
      two: { A: 1 / 3, B: 2 / 3 },
      shared: { A: 0.6, B: 0.1, C: 0.3 },
    },
    // Two touches: A 0.225, B 0.675 (three milestones), no rest → 0.25, 0.75.
    FULL_PATH: {
      path: { A: 0.225, B: 0.225, C: 0.225, D: 0.1, E: 0.225 },
      one: { A: 1 },
      two: { A: 0.25, B: 0.75 },
      shared: { A: 0.45, B: 0.1, C: 0.45 },
    },
    LINEAR: {
      path: { A: 0.2, B: 0.2, C: 0.2, D: 0.2, E: 0.2 },
      one: { A: 1 },
      two: { A: 0.5, B: 0.5 },
      shared: { A: 1 / 3, B: 1 / 3, C: 1 / 3 },
    },
    // Path ages 19, 15, 10, 5, 0 days: weights 0.5^(age/7) over their sum.
    TIME_DECAY: {
      path: decayed({ A: 19, B: 15, C: 10, D: 5, E: 0 }),
      one: { A: 1 },
      two: { A: 1 / 3, B: 2 / 3 },
      shared: decayed({ A: 11, B: 7, C: 2 }),
    },
  };

  for (const model of attributionModels) {
    describe(model, () => {
      it('credits a five-touch path', () =>
        expectCredits(attributeDeal(path, wonDeal, model), cases[model].path));

      it('gives a single touch everything', () => {
        const deal = {
          leadCreatedAt: jan(1),
          opportunityCreatedAt: jan(2),
          closedWonAt: jan(3),
          closedAt: jan(3),
        };
        expectCredits(attributeDeal([touch('A', 1)], deal, model), cases[model].one);
      });

      it('credits two touches', () =>
        expectCredits(attributeDeal(twoTouches, twoTouchDeal, model), cases[model].two));

      it('adds up the weights of milestones on the same touch', () =>
        expectCredits(attributeDeal(sharedPath, sharedDeal, model), cases[model].shared));

      it('leaves a deal without touches unattributed', () =>
        expect(attributeDeal([], wonDeal, model)).toEqual([]));

      it('ignores touches after the close', () => {
        const credits = attributeDeal([...path, afterClose], wonDeal, model);
        expect(credits).toEqual(attributeDeal(path, wonDeal, model));
        expect(credits.some((credit) => credit.touchId === 'F')).toBe(false);
      });
    });
  }

  function decayed(ageDays: Record<string, number>): Record<string, number> {
    const weights = Object.entries(ageDays).map(([id, age]) => [id, 0.5 ** (age / 7)] as const);
    const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
    return Object.fromEntries(weights.map(([id, weight]) => [id, weight / total]));
  }
});

describe('attributeDeal, missing milestones', () => {
  const fourTouches = [touch('A', 1), touch('B', 5), touch('C', 10), touch('D', 15)];

  it('first touch never misses its milestone', () =>
    expectCredits(attributeDeal(fourTouches, noMilestones, 'FIRST_TOUCH'), { A: 1 }));

  it('lead creation leaves the deal unattributed without a lead-creation touch', () => {
    expect(attributeDeal(fourTouches, noMilestones, 'LEAD_CREATION')).toEqual([]);
    const leadBeforeAnyTouch = { ...noMilestones, leadCreatedAt: new Date(Date.UTC(2025, 11, 1)) };
    expect(attributeDeal(fourTouches, leadBeforeAnyTouch, 'LEAD_CREATION')).toEqual([]);
  });

  it('u-shaped gives the missing lead-creation half to the first touch', () =>
    expectCredits(attributeDeal(fourTouches, noMilestones, 'U_SHAPED'), { A: 1 }));

  it('w-shaped without an opportunity splits its 30 % over first and lead creation', () => {
    const deal = { ...noMilestones, leadCreatedAt: jan(6) };
    expectCredits(attributeDeal(fourTouches, deal, 'W_SHAPED'), { A: 0.45, B: 0.45, C: 0.05, D: 0.05 });
  });

  it('full path of a lost deal shares the closed-won 22.5 % over the other milestones', () => {
    const lost = {
      leadCreatedAt: jan(6),
      opportunityCreatedAt: jan(12),
      closedWonAt: null,
      closedAt: jan(20),
    };
    expectCredits(attributeDeal(path, lost, 'FULL_PATH'), { A: 0.3, B: 0.3, C: 0.3, D: 0.05, E: 0.05 });
  });

  it('full path with only first and opportunity touches gives the rest its 10 %', () => {
    const deal = { leadCreatedAt: null, opportunityCreatedAt: jan(12), closedWonAt: null, closedAt: null };
    expectCredits(attributeDeal(path, deal, 'FULL_PATH'), {
      A: 0.45,
      B: 0.1 / 3,
      C: 0.45,
      D: 0.1 / 3,
      E: 0.1 / 3,
    });
  });

  it('linear and time decay do not depend on milestones', () => {
    expectCredits(attributeDeal(fourTouches, noMilestones, 'LINEAR'), { A: 0.25, B: 0.25, C: 0.25, D: 0.25 });
    const weekly = [touch('A', 1), touch('B', 8), touch('C', 15)];
    expectCredits(attributeDeal(weekly, noMilestones, 'TIME_DECAY'), { A: 1 / 7, B: 2 / 7, C: 4 / 7 });
  });
});

describe('attributeDeal, ordering and cut-off', () => {
  it('breaks ties in time by touch id', () => {
    const sameMoment = [touch('b', 3), touch('a', 3)];
    expectCredits(attributeDeal(sameMoment, noMilestones, 'FIRST_TOUCH'), { a: 1 });
    const lead = { ...noMilestones, leadCreatedAt: jan(3) };
    expectCredits(attributeDeal(sameMoment, lead, 'LEAD_CREATION'), { b: 1 });
  });

  it('counts a touch at the very moment of the close, and has no cut-off for an open deal', () => {
    const atClose = { ...noMilestones, closedAt: jan(20) };
    expect(attributeDeal(path, atClose, 'LINEAR')).toHaveLength(5);
    expect(attributeDeal([...path, afterClose], noMilestones, 'LINEAR')).toHaveLength(6);
  });

  it('takes the half-life from the options', () => {
    const weekly = [touch('A', 1), touch('B', 8)];
    expectCredits(attributeDeal(weekly, noMilestones, 'TIME_DECAY', { halfLifeDays: 3.5 }), {
      A: 0.2,
      B: 0.8,
    });
    expect(() => attributeDeal(weekly, noMilestones, 'TIME_DECAY', { halfLifeDays: 0 })).toThrow(/half-life/);
  });

  it('keeps years-old paths from underflowing to nothing', () => {
    const old = [
      { id: 'old', campaignId: null, occurredAt: new Date(Date.UTC(1990, 0, 1)) },
      touch('new', 1),
    ];
    const credits = attributeDeal(old, { ...noMilestones, closedAt: jan(2) }, 'TIME_DECAY');
    expect(credits.map((credit) => credit.touchId)).toEqual(['new']);
    expect(credits[0].credit).toBe(1);
  });

  it('carries the campaign of each touch', () => {
    expect(attributeDeal([touch('A', 1)], noMilestones, 'LINEAR')).toEqual([
      { touchId: 'A', campaignId: 'campaign-A', credit: 1 },
    ]);
  });
});

describe('attributeDeal, credits always sum to 1', () => {
  it('holds for random paths and milestones under every model', () => {
    const random = seededRandom(42);
    const dayOrNull = () => (random() < 0.3 ? null : jan(1 + Math.floor(random() * 30)));
    for (let run = 0; run < 300; run++) {
      const touches = Array.from({ length: Math.floor(random() * 8) }, (_, i) =>
        touch(`t${i}`, 1 + Math.floor(random() * 30)),
      );
      const deal = {
        leadCreatedAt: dayOrNull(),
        opportunityCreatedAt: dayOrNull(),
        closedWonAt: dayOrNull(),
        closedAt: dayOrNull(),
      };
      for (const model of attributionModels) {
        const credits = attributeDeal(touches, deal, model);
        if (credits.length === 0) continue;
        expect(Math.abs(credits.reduce((sum, credit) => sum + credit.credit, 0) - 1)).toBeLessThan(1e-9);
        expect(credits.every((credit) => credit.credit > 0)).toBe(true);
      }
    }
  });
});

/** Park–Miller generator: repeatable random cases, so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}
