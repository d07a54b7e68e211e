/**
 * How fast sales answers an MQL handoff, in business hours. Most reps call within a morning;
 * a tail (a full week, a rep on holiday) takes days. The mixture is tuned so the median sits
 * near three business hours and about a fifth of handoffs breach a four-hour SLA.
 */
import type { Random } from './random.js';
import { DAY } from './timeline.js';

/** Handoffs in the last weeks that nobody has touched yet: the open breaches a live gauge shows. */
const recentWindow = 21 * DAY;
const untouchedWhenRecent = 0.15;
/** Older handoffs that fell through the cracks for good. */
const untouchedWhenOlder = 0.01;

export function neverTouched(rng: Random, mqlAt: number, now: number): boolean {
  return rng.chance(now - mqlAt < recentWindow ? untouchedWhenRecent : untouchedWhenOlder);
}

/** Business hours from the handoff to the first call or email. */
export function firstResponseHours(rng: Random): number {
  if (rng.chance(0.08)) return rng.logNormal(14, 0.9);
  return rng.logNormal(2.6, 0.4);
}
