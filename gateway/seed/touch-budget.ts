/**
 * Shares the run's touch target out over people one at a time, without holding them all: each
 * person's background touches are their weight's share of what is left, against the average
 * weight and journey touches seen so far. Whatever the early estimates got wrong, later people
 * absorb, and the last person takes the exact remainder, so the total lands on the target
 * (short only by any touches the last person's story leaves out, see giveBack).
 */
import type { Random } from './random.js';

/**
 * The most one person takes, against an average person's share: the tail stays in the hundreds
 * instead of one person eating a small run's budget (and overshooting it).
 */
const maxShareOfAverage = 60;

export class TouchBudget {
  private remaining: number;
  private peopleLeft: number;
  private seen = 0;
  private journeyTouchesSeen = 0;
  private weightSeen = 0;

  constructor(total: number, people: number) {
    this.remaining = total;
    this.peopleLeft = people;
  }

  /** Background touches for the next person, given their weight and the touches their journey needs. */
  allot(rng: Random, weight: number, journeyTouches: number): number {
    this.seen++;
    this.journeyTouchesSeen += journeyTouches;
    this.weightSeen += weight;
    let background: number;
    if (this.peopleLeft <= 1) {
      background = Math.max(0, this.remaining - journeyTouches);
    } else {
      // Blend in a prior of 20 typical people so the first few do not set the pace alone.
      const meanJourneyTouches = (this.journeyTouchesSeen + 2 * 20) / (this.seen + 20);
      const meanWeight = (this.weightSeen + 3 * 20) / (this.seen + 20);
      const backgroundLeft = Math.max(0, this.remaining - this.peopleLeft * meanJourneyTouches);
      const share = Math.min(weight / (this.peopleLeft * meanWeight), maxShareOfAverage / this.peopleLeft, 1);
      background = rng.roundStochastic(backgroundLeft * share);
    }
    this.remaining -= journeyTouches + background;
    this.peopleLeft--;
    return background;
  }

  /**
   * Touches allotted that did not happen (threshold.ts leaves out those that would make an
   * unplanned MQL): the people still to come take them, so only the last person's are lost.
   */
  giveBack(touches: number): void {
    this.remaining += touches;
  }
}
